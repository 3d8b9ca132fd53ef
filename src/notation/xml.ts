/**
 * A small, strict, non-validating XML 1.0 parser into a plain element tree, and the escaping the writers use.
 * Isomorphic (no DOMParser in Node, no package needed): it checks well-formedness (matching tags, quoted
 * attributes, known entities, one root) and reports the first problem with its line, so a reader can refuse a
 * broken file in one line. DOCTYPE, comments, processing instructions and CDATA are understood.
 */

/** One element: its name, attributes, child elements in document order and its own text (concatenated). */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

/** A well-formedness error; `line` is 1-based. */
export class XmlSyntaxError extends Error {
  readonly line: number;
  constructor(message: string, line: number) {
    super(`${message} (line ${line})`);
    this.name = 'XmlSyntaxError';
    this.line = line;
  }
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

function lineAt(text: string, index: number): number {
  let line = 1;
  for (let i = 0; i < index && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

function decodeEntities(raw: string, text: string, at: number): string {
  if (raw.indexOf('&') < 0) return raw;
  return raw.replace(/&([^;&\s]*);?/g, (match, body: string) => {
    if (!match.endsWith(';')) throw new XmlSyntaxError(`unterminated entity "&${body}"`, lineAt(text, at));
    if (body.startsWith('#x') || body.startsWith('#X')) {
      const code = parseInt(body.slice(2), 16);
      if (!Number.isFinite(code)) throw new XmlSyntaxError(`bad character reference "${match}"`, lineAt(text, at));
      return String.fromCodePoint(code);
    }
    if (body.startsWith('#')) {
      const code = parseInt(body.slice(1), 10);
      if (!Number.isFinite(code)) throw new XmlSyntaxError(`bad character reference "${match}"`, lineAt(text, at));
      return String.fromCodePoint(code);
    }
    const named = NAMED[body];
    if (named === undefined) throw new XmlSyntaxError(`unknown entity "${match}"`, lineAt(text, at));
    return named;
  });
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 45 || c === 95 || c === 58 || c === 46 || c > 127;
}

/** Reads a name starting at `i` (first character already known to be a name start); returns its end. */
function nameEnd(text: string, i: number): number {
  let j = i;
  while (j < text.length && isNameChar(text.charCodeAt(j))) j++;
  return j;
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58 || c > 127;
}

/**
 * Parses an XML document and returns its root element.
 * @example
 * parseXml('<a x="1"><b>hi &amp; bye</b></a>').children[0]!.text; // → 'hi & bye'
 */
export function parseXml(text: string): XmlElement {
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  let i = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1;
  while (i < n) {
    const lt = text.indexOf('<', i);
    const end = lt < 0 ? n : lt;
    if (end > i) {
      let blank = true;
      for (let k = i; k < end; k++) if (!isSpace(text.charCodeAt(k))) { blank = false; break; }
      if (!blank) {
        const top = stack[stack.length - 1];
        if (top) top.text += decodeEntities(text.slice(i, end), text, i);
        else throw new XmlSyntaxError('text outside the root element', lineAt(text, i));
      }
    }
    if (lt < 0) break;
    i = lt;
    const next = text.charCodeAt(i + 1);
    if (next === 33 /* ! */) {
      if (text.startsWith('<!--', i)) {
        const close = text.indexOf('-->', i + 4);
        if (close < 0) throw new XmlSyntaxError('unterminated comment', lineAt(text, i));
        i = close + 3;
      } else if (text.startsWith('<![CDATA[', i)) {
        const close = text.indexOf(']]>', i + 9);
        if (close < 0) throw new XmlSyntaxError('unterminated CDATA section', lineAt(text, i));
        const top = stack[stack.length - 1];
        if (!top) throw new XmlSyntaxError('CDATA outside the root element', lineAt(text, i));
        top.text += text.slice(i + 9, close);
        i = close + 3;
      } else if (text.startsWith('<!DOCTYPE', i)) {
        if (root || stack.length) throw new XmlSyntaxError('DOCTYPE after the root element', lineAt(text, i));
        // Skip to the closing '>' of the declaration, past an internal subset in brackets.
        let j = i + 9;
        let depth = 0;
        let quote = 0;
        for (; j < n; j++) {
          const c = text.charCodeAt(j);
          if (quote) { if (c === quote) quote = 0; continue; }
          if (c === 34 || c === 39) quote = c;
          else if (c === 91) depth++;
          else if (c === 93) depth--;
          else if (c === 62 && depth <= 0) break;
        }
        if (j >= n) throw new XmlSyntaxError('unterminated DOCTYPE', lineAt(text, i));
        i = j + 1;
      } else {
        throw new XmlSyntaxError('unexpected "<!"', lineAt(text, i));
      }
      continue;
    }
    if (next === 63 /* ? */) {
      const close = text.indexOf('?>', i + 2);
      if (close < 0) throw new XmlSyntaxError('unterminated processing instruction', lineAt(text, i));
      i = close + 2;
      continue;
    }
    if (next === 47 /* / */) {
      if (!isNameStart(text.charCodeAt(i + 2))) throw new XmlSyntaxError('bad closing tag', lineAt(text, i));
      const ne = nameEnd(text, i + 2);
      const tag = text.slice(i + 2, ne);
      const top = stack.pop();
      if (!top) throw new XmlSyntaxError(`closing tag </${tag}> with no element open`, lineAt(text, i));
      if (top.name !== tag) throw new XmlSyntaxError(`closing tag </${tag}> does not match <${top.name}>`, lineAt(text, i));
      let j = ne;
      while (j < n && isSpace(text.charCodeAt(j))) j++;
      if (text.charCodeAt(j) !== 62) throw new XmlSyntaxError(`bad closing tag </${tag}>`, lineAt(text, i));
      i = j + 1;
      continue;
    }
    if (!isNameStart(next)) throw new XmlSyntaxError('bad tag', lineAt(text, i));
    const tagEnd = nameEnd(text, i + 1);
    const el: XmlElement = { name: text.slice(i + 1, tagEnd), attrs: {}, children: [], text: '' };
    let j = tagEnd;
    for (;;) {
      let k = j;
      while (k < n && isSpace(text.charCodeAt(k))) k++;
      if (k === j || !isNameStart(text.charCodeAt(k))) {
        j = k;
        break;
      }
      const an = nameEnd(text, k);
      const attr = text.slice(k, an);
      let e = an;
      while (e < n && isSpace(text.charCodeAt(e))) e++;
      if (text.charCodeAt(e) !== 61 /* = */) throw new XmlSyntaxError(`attribute "${attr}" of <${el.name}> has no value`, lineAt(text, k));
      e++;
      while (e < n && isSpace(text.charCodeAt(e))) e++;
      const q = text.charCodeAt(e);
      if (q !== 34 && q !== 39) throw new XmlSyntaxError(`the value of attribute "${attr}" of <${el.name}> is not quoted`, lineAt(text, k));
      const close = text.indexOf(q === 34 ? '"' : "'", e + 1);
      if (close < 0) throw new XmlSyntaxError(`unterminated value of attribute "${attr}"`, lineAt(text, k));
      const value = text.slice(e + 1, close);
      if (value.indexOf('<') >= 0) throw new XmlSyntaxError(`"<" in the value of attribute "${attr}"`, lineAt(text, k));
      if (attr in el.attrs) throw new XmlSyntaxError(`attribute "${attr}" repeated in <${el.name}>`, lineAt(text, k));
      el.attrs[attr] = decodeEntities(value, text, k);
      j = close + 1;
    }
    let selfClosing = false;
    if (text.charCodeAt(j) === 47 && text.charCodeAt(j + 1) === 62) {
      selfClosing = true;
      j += 2;
    } else if (text.charCodeAt(j) === 62) {
      j += 1;
    } else {
      throw new XmlSyntaxError(`malformed tag <${el.name}>`, lineAt(text, j));
    }
    const parent = stack[stack.length - 1];
    if (parent) parent.children.push(el);
    else if (root) throw new XmlSyntaxError('more than one root element', lineAt(text, i));
    else root = el;
    if (!selfClosing) stack.push(el);
    i = j;
  }
  if (stack.length) throw new XmlSyntaxError(`<${stack[stack.length - 1]!.name}> is never closed (the file ends early)`, lineAt(text, n));
  if (!root) throw new XmlSyntaxError('no root element', lineAt(text, n));
  return root;
}

/** The first child element called `name`. */
export function child(el: XmlElement, name: string): XmlElement | undefined {
  for (const c of el.children) if (c.name === name) return c;
  return undefined;
}

/** Every child element called `name`. */
export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** The trimmed text of the first child called `name`, if any. */
export function childText(el: XmlElement, name: string): string | undefined {
  const c = child(el, name);
  return c ? c.text.trim() : undefined;
}

/** Text escaped for element content and attribute values. */
export function escapeXml(value: string): string {
  return value.replace(/[<>&"']/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === '"' ? '&quot;' : '&apos;'));
}
