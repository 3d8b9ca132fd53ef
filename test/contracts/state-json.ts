/**
 * An engine's whole state as JSON, and back into a fresh engine of the same configuration.
 *
 * The live engines keep their state in number fields of plain objects and class instances and in typed arrays
 * (allocated at construction, mutated in place), the same property the studio's checkpoints rely on
 * (studio/src/worker/snapshot.ts). `stateToJson` walks that object graph from a root and records every own field;
 * `stateFromJson` writes the record into another engine built with the same options and seed, so that it continues
 * exactly where the first one stood. What this cannot carry is state hidden in closures (a drive function's cache):
 * an engine whose future depends on such state fails the round trip, which is the point of testing it.
 *
 * Numbers keep their bits through JSON: NaN, ±Infinity and −0 are written as tagged strings.
 */

/** A JSON value describing one field. */
export type JsonState =
  | number
  | string
  | boolean
  | null
  | { readonly $: 'num'; readonly v: string }
  | { readonly $: 'undef' }
  | { readonly $: 'ref' }
  | { readonly $: 'typed'; readonly type: string; readonly data: readonly JsonState[] }
  | { readonly $: 'array'; readonly items: readonly JsonState[] }
  | { readonly $: 'object'; readonly fields: { readonly [key: string]: JsonState } };

type TypedArray = Float64Array | Float32Array | Int32Array | Uint32Array | Int16Array | Uint16Array | Int8Array | Uint8Array | Uint8ClampedArray;

const TYPED: Record<string, new (n: number) => TypedArray> = {
  Float64Array, Float32Array, Int32Array, Uint32Array, Int16Array, Uint16Array, Int8Array, Uint8Array, Uint8ClampedArray,
};

function encodeNumber(x: number): JsonState {
  return Number.isFinite(x) && !Object.is(x, -0) ? x : { $: 'num', v: Object.is(x, -0) ? '-0' : String(x) };
}

function decodeNumber(s: JsonState): number {
  if (typeof s === 'number') return s;
  if (s !== null && typeof s === 'object' && s.$ === 'num') return s.v === '-0' ? -0 : Number(s.v);
  throw new TypeError(`expected a number, got ${JSON.stringify(s)}`);
}

/** The state reachable from `root` as JSON-safe data; functions are left out, shared objects recorded once. */
export function stateToJson(root: object): JsonState {
  const seen = new Set<object>();
  const visit = (x: unknown): JsonState => {
    if (typeof x === 'number') return encodeNumber(x);
    if (typeof x === 'string' || typeof x === 'boolean' || x === null) return x;
    if (x === undefined) return { $: 'undef' };
    if (typeof x === 'bigint' || typeof x === 'symbol') throw new TypeError(`cannot serialise a ${typeof x}`);
    if (typeof x === 'function') return { $: 'undef' };
    const o = x as object;
    if (seen.has(o)) return { $: 'ref' };
    seen.add(o);
    if (ArrayBuffer.isView(o)) {
      if (o instanceof DataView || !(o.constructor.name in TYPED)) throw new TypeError(`cannot serialise a ${o.constructor.name}`);
      return { $: 'typed', type: o.constructor.name, data: Array.from(o as TypedArray, encodeNumber) };
    }
    if (o instanceof Map || o instanceof Set || o instanceof WeakMap || o instanceof WeakSet) {
      throw new TypeError(`cannot serialise a ${o.constructor.name}`);
    }
    if (Array.isArray(o)) return { $: 'array', items: o.map(visit) };
    const fields: Record<string, JsonState> = {};
    for (const key of Object.keys(o)) fields[key] = visit((o as Record<string, unknown>)[key]);
    return { $: 'object', fields };
  };
  return visit(root);
}

/**
 * Writes a state recorded by {@link stateToJson} into `root`, an engine built with the same options: fields are
 * set where they differ, typed arrays refilled (or replaced when the recorded one had grown), objects entered, and
 * objects the fresh engine does not have yet (data gathered while running) made as plain objects and arrays.
 */
export function stateFromJson(root: object, state: JsonState): void {
  const seen = new Set<object>();
  const into = (target: object, s: JsonState, path: string): void => {
    if (seen.has(target)) return;
    seen.add(target);
    if (s === null || typeof s !== 'object' || (s.$ !== 'object' && s.$ !== 'array')) throw new TypeError(`${path}: expected an object in the state`);
    const record = target as Record<string | number, unknown>;
    const entries: Array<[string | number, JsonState]> = s.$ === 'object' ? Object.entries(s.fields) : s.items.map((v, i) => [i, v]);
    if (s.$ === 'array') (target as unknown[]).length = s.items.length;
    for (const [key, v] of entries) {
      const here = `${path}.${key}`;
      const current = record[key];
      if (v !== null && typeof v === 'object' && v.$ === 'ref') continue;
      if (v !== null && typeof v === 'object' && v.$ === 'undef') {
        if (typeof current !== 'function' && current !== undefined) record[key] = undefined;
        continue;
      }
      if (v !== null && typeof v === 'object' && v.$ === 'typed') {
        const values = v.data.map(decodeNumber);
        if (current instanceof TYPED[v.type]! && (current as TypedArray).length === values.length) {
          const a = current as TypedArray;
          for (let i = 0; i < values.length; i++) if (!Object.is(a[i], values[i])) a[i] = values[i]!;
        } else {
          const a = new TYPED[v.type]!(values.length);
          a.set(values);
          record[key] = a;
        }
        continue;
      }
      if (v !== null && typeof v === 'object' && (v.$ === 'object' || v.$ === 'array')) {
        if (current === null || typeof current !== 'object') {
          // Data the engine gathered as it ran (a list of notes): made afresh, as plain objects and arrays.
          if (current !== undefined) throw new TypeError(`${here}: the engine has no object here to restore into`);
          record[key] = v.$ === 'array' ? [] : {};
        }
        into(record[key] as object, v, here);
        continue;
      }
      const value = v !== null && typeof v === 'object' ? decodeNumber(v) : v;
      if (!Object.is(current, value)) record[key] = value;
    }
  };
  into(root, state, 'state');
}
