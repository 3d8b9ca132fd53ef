/**
 * WCON, the Worm tracker Commons Object Notation (OpenWorm tracker-commons, WCON_format.md): JSON with `units` and
 * `data` records of `id`, `t` and the midline `x`, `y` per time point, optional origins `ox`/`oy`, centroids
 * `cx`/`cy`, orientation (`head`, `ventral`), `metadata`, and custom `@name` features.
 *
 * The writer emits a single record per worm, with `t` and `x`/`y` arrayed, units for every quantity it uses, and a
 * software entry in the metadata. The reader follows the specification's rules for a minimal reader and is strict
 * where the JSON Schema cannot be: duplicate keys are refused (JSON.parse would keep the last), every per-time array
 * must have as many entries as `t`, origins are applied, and a `files` object needs its `current` name. Unknown
 * keys are ignored, as the specification requires, and metadata values are not checked against the schema's enums
 * (the specification allows any string for `sex`).
 */
import { FormatError } from './errors.js';
import { JsonSyntaxError, formatJsonPath, parseStrictJson, type JsonValue } from './json-strict.js';

/** One worm's track: times (s) and midline points (mm) per time; NaN for a missing coordinate. */
export interface WconTrack {
  id: string;
  t: number[];
  x: number[][];
  y: number[][];
  /** Centroid per time (mm), optional. */
  cx?: number[];
  cy?: number[];
  /** Per-record custom features (keys starting with "@"), copied verbatim. */
  custom?: Record<string, JsonValue>;
}

/** A WCON document. */
export interface WconDocument {
  units: Record<string, string>;
  metadata?: Record<string, JsonValue>;
  tracks: WconTrack[];
  /** Top-level custom features ("@…"). */
  custom?: Record<string, JsonValue>;
}

/** Options of {@link writeWcon}. */
export interface WconWriteOptions {
  /** Decimal places for coordinates (default 5: 10 nm at millimetre units). */
  digits?: number;
  /** Head is the first point ("L", default) or the last ("R"). */
  head?: 'L' | 'R';
  /** Side of the ventral side, clockwise or counter-clockwise from the first point. */
  ventral?: 'CW' | 'CCW';
}

/**
 * Serialises tracks as WCON text (compact JSON; one line per time point inside `x` and `y`).
 * @example
 * writeWcon({ units: { t: 's', x: 'mm', y: 'mm' }, tracks: [{ id: '1', t: [0, 0.04], x: [[0, 1], [0, 1.01]], y: [[0, 0], [0, 0]] }] });
 */
export function writeWcon(doc: WconDocument, options: WconWriteOptions = {}): string {
  const digits = options.digits ?? 5;
  for (const need of ['t', 'x', 'y']) if (!doc.units[need]) throw new RangeError(`WCON units must define "${need}"`);
  // Rounded to `digits` places by an integer division (the nearest double to the decimal, which String prints in
  // its shortest form): the same text as String(Number(v.toFixed(digits))) but for halves, at a third of the cost.
  const scale = 10 ** digits;
  const num = (v: number): string =>
    !Number.isFinite(v) ? 'null' : Math.abs(v) < 1e9 ? String(Math.round(v * scale) / scale) : String(Number(v.toFixed(digits)));
  const list = (values: number[]): string => `[${values.map(num).join(',')}]`;
  const records = doc.tracks.map((tr) => {
    const n = tr.t.length;
    if (tr.x.length !== n || tr.y.length !== n) throw new RangeError(`track ${tr.id}: x and y need one entry per time point`);
    for (let i = 1; i < n; i++) if (!(tr.t[i]! > tr.t[i - 1]!)) throw new RangeError(`track ${tr.id}: times must increase`);
    const parts = [
      `"id":${JSON.stringify(tr.id)}`,
      `"t":${list(tr.t.map((t) => Number(t.toFixed(6))))}`,
      `"x":[\n${tr.x.map(list).join(',\n')}]`,
      `"y":[\n${tr.y.map(list).join(',\n')}]`,
    ];
    if (tr.cx && tr.cy) parts.push(`"cx":${list(tr.cx)}`, `"cy":${list(tr.cy)}`);
    parts.push(`"head":${JSON.stringify(options.head ?? 'L')}`);
    if (options.ventral) parts.push(`"ventral":${JSON.stringify(options.ventral)}`);
    for (const [k, v] of Object.entries(tr.custom ?? {})) parts.push(`${JSON.stringify(customKey(k))}:${JSON.stringify(v)}`);
    return `{${parts.join(',\n')}}`;
  });
  const top = [`"units":${JSON.stringify(doc.units)}`];
  if (doc.metadata) top.push(`"metadata":${JSON.stringify(doc.metadata)}`);
  for (const [k, v] of Object.entries(doc.custom ?? {})) top.push(`${JSON.stringify(customKey(k))}:${JSON.stringify(v)}`);
  top.push(`"data":[\n${records.join(',\n')}]`);
  return `{${top.join(',\n')}}\n`;
}

function customKey(k: string): string {
  if (!k.startsWith('@')) throw new RangeError(`custom WCON features must start with "@", got "${k}"`);
  return k;
}

/**
 * Reads WCON text. Throws a {@link FormatError} naming `source` and the problem ("data[1].x: 3 time points, t has 2").
 * Records with the same id are returned separately, in file order; coordinates are absolute (origins applied).
 * @example
 * const doc = readWcon('{"units":{"t":"s","x":"mm","y":"mm"},"data":[]}', 'empty.wcon'); // doc.tracks = []
 */
export function readWcon(text: string, source = 'WCON'): WconDocument {
  let root: JsonValue;
  try {
    root = parseStrictJson(text);
  } catch (err) {
    if (err instanceof JsonSyntaxError) throw new FormatError(source, `not valid WCON JSON: ${err.message}`);
    throw err;
  }
  const fail = (path: string[], problem: string): never => {
    throw new FormatError(source, `${path.length ? `${formatJsonPath(path)}: ` : ''}${problem}`);
  };
  if (!isObject(root)) return fail([], 'a WCON file must hold a JSON object');
  const units = root['units'];
  if (units === undefined) return fail([], 'missing "units" (every WCON file declares the units of t, x and y)');
  if (!isObject(units)) return fail(['units'], 'must be an object');
  for (const [k, v] of Object.entries(units)) if (typeof v !== 'string') fail(['units', k], 'units must be strings');
  for (const need of ['t', 'x', 'y']) if (units[need] === undefined) fail(['units'], `missing the unit of "${need}"`);
  const files = root['files'];
  if (files !== undefined) {
    if (!isObject(files)) fail(['files'], 'must be an object');
    else if (typeof files['current'] !== 'string') fail(['files', 'current'], 'must be the name of this file (a string)');
  }
  const metadata = root['metadata'];
  if (metadata !== undefined && !isObject(metadata)) fail(['metadata'], 'must be an object');
  const data = root['data'];
  if (data === undefined) return fail([], 'missing "data"');
  const records = Array.isArray(data) ? data : [data];
  const tracks = records.map((rec, i) => readRecord(rec, Array.isArray(data) ? ['data', `[${i}]`] : ['data'], fail));
  const custom: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(root)) if (k.startsWith('@')) custom[k] = v;
  return {
    units: units as Record<string, string>,
    ...(metadata !== undefined ? { metadata: metadata as Record<string, JsonValue> } : {}),
    tracks,
    ...(Object.keys(custom).length ? { custom } : {}),
  };
}

function readRecord(rec: JsonValue, path: string[], fail: (path: string[], problem: string) => never): WconTrack {
  if (!isObject(rec)) return fail(path, 'a data record must be an object');
  const id = rec['id'];
  if (typeof id !== 'string') fail([...path, 'id'], 'must be a string');
  const t = numberArray(rec['t'], [...path, 't'], fail);
  if (t.length === 0) fail([...path, 't'], 'needs at least one time point');
  const n = t.length;
  const coords = (key: 'x' | 'y'): number[][] => {
    const v = rec[key];
    if (!Array.isArray(v)) return fail([...path, key], 'must be an array with an entry per time point');
    if (v.length !== n) fail([...path, key], `${v.length} time points, t has ${n}`);
    return v.map((entry, i) => (Array.isArray(entry) ? numberArray(entry, [...path, key, `[${i}]`], fail) : numberArray([entry], [...path, key, `[${i}]`], fail)));
  };
  const x = coords('x');
  const y = coords('y');
  x.forEach((xi, i) => {
    if (xi.length !== y[i]!.length) fail([...path, 'y', `[${i}]`], `${y[i]!.length} points, x has ${xi.length}`);
  });
  const perTime = (key: string): number[] | undefined => {
    const v = rec[key];
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) return fail([...path, key], `must be an array with an entry per time point (${n}), not a single value`);
    const arr = numberArray(v, [...path, key], fail);
    if (arr.length !== n) fail([...path, key], `${arr.length} entries, t has ${n}`);
    return arr;
  };
  const ox = perTime('ox');
  const oy = perTime('oy');
  if ((ox === undefined) !== (oy === undefined)) fail(path, 'ox and oy must be given together');
  if (ox && oy) {
    x.forEach((xi, i) => xi.forEach((v, j) => (xi[j] = v + ox[i]!)));
    y.forEach((yi, i) => yi.forEach((v, j) => (yi[j] = v + oy[i]!)));
  }
  let cx = perTime('cx');
  let cy = perTime('cy');
  if ((cx === undefined) !== (cy === undefined)) fail(path, 'cx and cy must be given together');
  if (cx && cy && ox && oy) {
    cx = cx.map((v, i) => v + ox[i]!);
    cy = cy.map((v, i) => v + oy[i]!);
  }
  const custom: Record<string, JsonValue> = {};
  for (const [k, v] of Object.entries(rec)) if (k.startsWith('@')) custom[k] = v;
  return {
    id: id as string,
    t,
    x,
    y,
    ...(cx && cy ? { cx, cy } : {}),
    ...(Object.keys(custom).length ? { custom } : {}),
  };
}

function numberArray(v: JsonValue | undefined, path: string[], fail: (path: string[], problem: string) => never): number[] {
  if (!Array.isArray(v)) return fail(path, 'must be an array of numbers');
  return v.map((e, i) => {
    if (e === null) return NaN;
    if (typeof e !== 'number') return fail([...path, `[${i}]`], `must be a number or null, got ${JSON.stringify(e)}`);
    return e;
  });
}

function isObject(v: JsonValue | undefined): v is { [key: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
