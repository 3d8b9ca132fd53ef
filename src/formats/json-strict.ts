/**
 * A strict JSON parser (RFC 8259) that, unlike JSON.parse, refuses duplicate object keys — formats such as WCON
 * forbid them, and JSON.parse silently keeps the last one. Errors name the line, column and the path of the value
 * ("units.t"). Keys like "__proto__" are stored as plain own properties, never as prototypes.
 */

/** A JSON text that cannot be accepted; `message` says where and why. */
export class JsonSyntaxError extends Error {
  constructor(message: string, readonly line: number, readonly column: number) {
    super(message);
    this.name = 'JsonSyntaxError';
  }
}

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const MAX_DEPTH = 512;

/**
 * Parses JSON text strictly.
 * @example
 * parseStrictJson('{"a": [1, 2]}'); // → { a: [1, 2] }
 * // parseStrictJson('{"a": 1, "a": 2}') throws: duplicate key "a" … at line 1, column 10
 */
export function parseStrictJson(text: string): JsonValue {
  let pos = 0;
  const where = (at: number): { line: number; column: number } => {
    let line = 1;
    let last = -1;
    for (let i = 0; i < at && i < text.length; i++) {
      if (text.charCodeAt(i) === 10) {
        line++;
        last = i;
      }
    }
    return { line, column: at - last };
  };
  const fail = (problem: string, at = pos): never => {
    const { line, column } = where(at);
    throw new JsonSyntaxError(`${problem} at line ${line}, column ${column}`, line, column);
  };
  const skip = (): void => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) pos++;
      else break;
    }
  };
  const pathText = (path: string[]): string => (path.length ? ` in ${formatJsonPath(path)}` : '');

  const parseString = (): string => {
    // pos at the opening quote
    pos++;
    let out = '';
    let start = pos;
    while (true) {
      if (pos >= text.length) fail('unterminated string');
      const c = text.charCodeAt(pos);
      if (c === 34) {
        out += text.slice(start, pos);
        pos++;
        return out;
      }
      if (c < 32) fail('control character in string');
      if (c === 92) {
        out += text.slice(start, pos);
        const e = text[pos + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          pos += 2;
        } else if (e === 'u') {
          const hex = text.slice(pos + 2, pos + 6);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) fail('bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          pos += 6;
        } else fail('bad escape in string');
        start = pos;
        continue;
      }
      pos++;
    }
  };

  const parseNumber = (): number => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(pos, pos + 400));
    if (!m) return fail('unexpected character');
    pos += m[0].length;
    return Number(m[0]);
  };

  const parseValue = (path: string[], depth: number): JsonValue => {
    if (depth > MAX_DEPTH) fail(`nesting deeper than ${MAX_DEPTH}`);
    skip();
    if (pos >= text.length) fail('unexpected end of text');
    const c = text[pos]!;
    if (c === '{') {
      const open = pos;
      pos++;
      const obj: { [key: string]: JsonValue } = {};
      const firstAt = new Map<string, number>();
      skip();
      if (text[pos] === '}') {
        pos++;
        return obj;
      }
      while (true) {
        skip();
        if (text[pos] !== '"') fail(`expected a key string${pathText(path)}`);
        const keyAt = pos;
        const key = parseString();
        const earlier = firstAt.get(key);
        if (earlier !== undefined) {
          const e = where(earlier);
          fail(`duplicate key "${key}"${pathText(path)} (first at line ${e.line}, column ${e.column})`, keyAt);
        }
        firstAt.set(key, keyAt);
        skip();
        if (text[pos] !== ':') fail(`expected ":" after key "${key}"`);
        pos++;
        const value = parseValue([...path, key], depth + 1);
        Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
        skip();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return obj;
        }
        if (pos >= text.length) fail(`unterminated object (opened at line ${where(open).line})`);
        fail(`expected "," or "}"${pathText(path)}`);
      }
    }
    if (c === '[') {
      pos++;
      const arr: JsonValue[] = [];
      skip();
      if (text[pos] === ']') {
        pos++;
        return arr;
      }
      while (true) {
        arr.push(parseValue([...path, `[${arr.length}]`], depth + 1));
        skip();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return arr;
        }
        fail(`expected "," or "]"${pathText(path)}`);
      }
    }
    if (c === '"') return parseString();
    if (text.startsWith('true', pos)) {
      pos += 4;
      return true;
    }
    if (text.startsWith('false', pos)) {
      pos += 5;
      return false;
    }
    if (text.startsWith('null', pos)) {
      pos += 4;
      return null;
    }
    if (c === '-' || (c >= '0' && c <= '9')) return parseNumber();
    return fail(`unexpected character "${c}"`);
  };

  if (text.charCodeAt(0) === 0xfeff) pos = 1;
  const value = parseValue([], 0);
  skip();
  if (pos < text.length) fail('unexpected text after the JSON value');
  return value;
}

/** "data", "[0]", "x" → "data[0].x". */
export function formatJsonPath(path: readonly string[]): string {
  return path.reduce((s, p) => (p.startsWith('[') ? s + p : s ? `${s}.${p}` : p), '');
}
