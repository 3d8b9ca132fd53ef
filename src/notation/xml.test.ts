import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { escapeXml, parseXml, XmlSyntaxError } from './xml.js';

describe('parseXml', () => {
  it('reads elements, attributes, text, entities, CDATA, comments, a DOCTYPE and a declaration', () => {
    const root = parseXml(`<?xml version="1.0"?>\n<!DOCTYPE a PUBLIC "x" "y" [ <!ENTITY z "q"> ]>\n<!-- c --><a k='v' n="1 &amp; 2"><b>x &lt; y &#65;&#x42;</b><c/><d><![CDATA[<raw>]]></d></a>`);
    expect(root.name).toBe('a');
    expect(root.attrs).toEqual({ k: 'v', n: '1 & 2' });
    expect(root.children.map((c) => c.name)).toEqual(['b', 'c', 'd']);
    expect(root.children[0]!.text).toBe('x < y AB');
    expect(root.children[2]!.text).toBe('<raw>');
  });

  it.each([
    ['<a><b></a>', /does not match <b>.*line 1/],
    ['<a>\n<b>\n', /<b> is never closed/],
    ['<a x=1/>', /not quoted/],
    ['<a x="1" x="2"/>', /repeated/],
    ['<a>&nbsp;</a>', /unknown entity/],
    ['<a/><b/>', /more than one root/],
    ['just text', /text outside the root/],
    ['', /no root element/],
    ['<a>\n\n</b>', /line 3/],
  ])('refuses %j', (text, pattern) => {
    expect(() => parseXml(text)).toThrow(XmlSyntaxError);
    expect(() => parseXml(text)).toThrow(pattern);
  });

  it('gives back any text and attribute value that escapeXml wrote (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        // XML 1.0 has no place for most control characters, and a parser turns \r into \n: leave them out.
        const clean = [...s].filter((c) => c.charCodeAt(0) >= 32 || c === '\n' || c === '\t').join('');
        const root = parseXml(`<a v="${escapeXml(clean)}"><b>${escapeXml(clean)}</b></a>`);
        expect(root.attrs['v']).toBe(clean);
        if (clean.trim() !== '') expect(root.children[0]!.text).toBe(clean);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws anything but XmlSyntaxError on arbitrary input (property)', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        try {
          parseXml(s);
        } catch (err) {
          expect(err).toBeInstanceOf(XmlSyntaxError);
        }
      }),
      { numRuns: 500 },
    );
  });
});
