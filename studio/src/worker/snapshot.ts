/**
 * Snapshots of a running simulation, taken and restored in place, so that a live engine can go back in time
 * without re-running from the start (a pause moves the engine back to the playhead, up to the scheduling lookahead
 * behind where it has computed; a seek moves it anywhere).
 *
 * The engines keep their whole state in typed arrays and number fields of plain objects and class instances
 * (aubio's real-time rule: allocate at construction, mutate in place). A snapshot walks that object graph from a
 * root and records every own field (numbers, strings, booleans, references) and a copy of every typed array;
 * restoring writes them all back, references included, so an object the engine replaced since (a grown buffer, a
 * new random stream) is put back too. Typed arrays whose contents did not change since the previous snapshot share
 * its copy, so the constant parts of a model (weights, delay matrices) are stored once.
 *
 * Limits, checked: Map, Set, WeakMap and DataView state is refused (none of the engines has any), and state
 * hidden in closures cannot be seen — a live engine must keep its drive functions stateless or outside the root.
 * The tests of each engine adapter compare a restored run with an uninterrupted one bit for bit.
 */

type TypedArray =
  | Int8Array | Uint8Array | Uint8ClampedArray | Int16Array | Uint16Array | Int32Array | Uint32Array
  | Float32Array | Float64Array | BigInt64Array | BigUint64Array;

/** A field of an object as it was: `owner[key] = value`. */
interface FieldSlot {
  owner: Record<string | number, unknown>;
  key: string | number;
  value: unknown;
}

/** A typed array and a copy of its contents. */
interface ArraySlot {
  array: TypedArray;
  copy: TypedArray;
}

/** The state of an object graph at one moment. */
export interface Snapshot {
  readonly fields: readonly FieldSlot[];
  readonly arrays: readonly ArraySlot[];
  /** Lengths of plain arrays (restored before their elements). */
  readonly lengths: ReadonlyArray<{ array: unknown[]; length: number }>;
  /** Bytes of typed-array copies this snapshot holds that the previous one did not. */
  readonly newBytes: number;
}

export interface CaptureOptions {
  /** Objects left out (with everything only they reach): state that must survive a restore, such as a user's contour. */
  exclude?: ReadonlySet<object>;
  /** The previous snapshot of the same root: unchanged typed arrays share its copies. */
  previous?: Snapshot;
}

function isTypedArray(x: unknown): x is TypedArray {
  return ArrayBuffer.isView(x) && !(x instanceof DataView);
}

/**
 * Whether two typed arrays of one type hold the same bits (so NaN equals NaN and −0 differs from 0: a restore must
 * give back the same bits). Compared as integers, which V8 never boxes.
 */
function sameContents(a: TypedArray, b: TypedArray): boolean {
  if (a.byteLength !== b.byteLength) return false;
  const words = a.byteLength % 4 === 0;
  const x = words ? new Int32Array(a.buffer, a.byteOffset, a.byteLength / 4) : new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = words ? new Int32Array(b.buffer, b.byteOffset, b.byteLength / 4) : new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return false;
  return true;
}

/**
 * Records the state reachable from `root`.
 * @example
 * const before = captureState(engine);
 * engine.step(1);
 * restoreState(before); // engine is back where it was
 */
export function captureState(root: object, options: CaptureOptions = {}): Snapshot {
  const exclude = options.exclude;
  const previousCopies = new Map<TypedArray, TypedArray>();
  for (const slot of options.previous?.arrays ?? []) previousCopies.set(slot.array, slot.copy);
  const fields: FieldSlot[] = [];
  const arrays: ArraySlot[] = [];
  const lengths: Array<{ array: unknown[]; length: number }> = [];
  const seen = new Set<object>();
  let newBytes = 0;
  const stack: object[] = [root];
  while (stack.length > 0) {
    const obj = stack.pop()!;
    if (seen.has(obj) || exclude?.has(obj)) continue;
    seen.add(obj);
    if (isTypedArray(obj)) {
      const old = previousCopies.get(obj);
      let copy: TypedArray;
      if (old && sameContents(old, obj)) copy = old;
      else {
        copy = obj.slice();
        newBytes += copy.byteLength;
      }
      arrays.push({ array: obj, copy });
      continue;
    }
    if (obj instanceof Map || obj instanceof Set || obj instanceof WeakMap || obj instanceof WeakSet || obj instanceof DataView) {
      throw new TypeError(`captureState: a ${obj.constructor.name} in the state cannot be snapshotted; keep engine state in fields and typed arrays`);
    }
    if (obj instanceof ArrayBuffer) throw new TypeError('captureState: a bare ArrayBuffer in the state cannot be snapshotted');
    const record = obj as Record<string | number, unknown>;
    if (Array.isArray(obj)) lengths.push({ array: obj, length: obj.length });
    for (const key of Object.keys(obj)) {
      const value = record[key];
      fields.push({ owner: record, key, value });
      if (value !== null && typeof value === 'object') stack.push(value);
    }
  }
  return { fields, arrays, lengths, newBytes };
}

/**
 * Puts back the state a snapshot recorded (in place: the same objects, their old contents).
 * @example
 * restoreState(captureState(network));
 */
export function restoreState(snapshot: Snapshot): void {
  for (const { array, length } of snapshot.lengths) if (array.length !== length) array.length = length;
  for (const { owner, key, value } of snapshot.fields) {
    // Only what changed: frozen constants reachable from the root are left alone.
    if (!Object.is(owner[key], value)) owner[key] = value;
  }
  for (const { array, copy } of snapshot.arrays) (array as unknown as { set(a: ArrayLike<number>): void }).set(copy as unknown as ArrayLike<number>);
}
