import { describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { hasShared, sharedData } from '../../test/helpers/shared.js';
import { wconSchemaValidator } from '../../test/helpers/wcon-schema.js';
import { FormatError } from './errors.js';
import { readWcon, writeWcon, type WconDocument } from './wcon.js';

const doc: WconDocument = {
  units: { t: 's', x: 'mm', y: 'mm', cx: 'mm', cy: 'mm' },
  metadata: { software: { tracker: { name: 'test', version: '1' } } },
  custom: { '@test': { note: 'hello' } },
  tracks: [{ id: '1', t: [0, 0.04, 0.08], x: [[0, 1], [0.1, 1.1], [0.2, NaN]], y: [[0, 0], [0.01, 0], [0.02, 0]], cx: [0.5, 0.6, 0.7], cy: [0, 0, 0], custom: { '@test': { b: ['forward', 'forward', 'turn'] } } }],
};

describe('WCON', () => {
  it('round-trips through the writer and the reader', () => {
    const text = writeWcon(doc, { ventral: 'CW' });
    const back = readWcon(text, 'mem.wcon');
    expect(back.units).toEqual(doc.units);
    expect(back.tracks[0]!.t).toEqual([0, 0.04, 0.08]);
    expect(back.tracks[0]!.x[1]).toEqual([0.1, 1.1]);
    expect(Number.isNaN(back.tracks[0]!.x[2]![1])).toBe(true); // NaN written as null
    expect(back.tracks[0]!.cx).toEqual([0.5, 0.6, 0.7]);
    expect(back.custom).toEqual({ '@test': { note: 'hello' } });
    expect(back.tracks[0]!.custom).toEqual({ '@test': { b: ['forward', 'forward', 'turn'] } });
  });

  it('applies origins (ox, oy) to coordinates and centroids', () => {
    const t = readWcon('{"units":{"t":"s","x":"mm","y":"mm","ox":"mm","oy":"mm"},"data":{"id":"a","t":[1,2],"x":[[1,2],[3]],"y":[[0,0],[1]],"ox":[10,20],"oy":[5,5]}}');
    expect(t.tracks[0]!.x).toEqual([[11, 12], [23]]);
    expect(t.tracks[0]!.y).toEqual([[5, 5], [6]]);
  });

  it('refuses broken files with the file and the problem', () => {
    const cases: Array<[string, RegExp]> = [
      ['{"units":{"t":"s","x":"mm","y":"mm"},"data":{"id":"1","t":[0,1],"x":[[1]],"y":[[1]]}}', /data\.x: 1 time points, t has 2/],
      ['{"units":{"t":"s","x":"mm","y":"mm"},"data":[{"id":1,"t":[0],"x":[[1]],"y":[[1]]}]}', /data\[0\]\.id: must be a string/],
      ['{"units":{"t":"s","x":"mm","y":"mm"},"data":[{"id":"1","t":[0],"x":[[1,2]],"y":[[1]]}]}', /data\[0\]\.y\[0\]: 1 points, x has 2/],
      ['{"units":{"t":"s","x":"mm"},"data":[]}', /units: missing the unit of "y"/],
      ['{"units":{"t":"s","x":"mm","y":"mm"}}', /missing "data"/],
      ['[1,2]', /must hold a JSON object/],
      ['{"units":{"t":"s","x":"mm","y":"mm"},"data":[{"id":"1","t":[0],"x":[["a"]],"y":[[1]]}]}', /x\[0\]\[0\]: must be a number or null/],
    ];
    for (const [text, pattern] of cases) {
      let err: unknown;
      try {
        readWcon(text, 'broken.wcon');
      } catch (e) {
        err = e;
      }
      expect(err, text).toBeInstanceOf(FormatError);
      expect((err as Error).message).toMatch(/^broken\.wcon: /);
      expect((err as Error).message).toMatch(pattern);
    }
  });

  it('refuses to write tracks whose times do not increase or whose arrays disagree', () => {
    expect(() => writeWcon({ units: { t: 's', x: 'mm', y: 'mm' }, tracks: [{ id: '1', t: [1, 1], x: [[0], [0]], y: [[0], [0]] }] })).toThrow(/times must increase/);
    expect(() => writeWcon({ units: { t: 's', x: 'mm', y: 'mm' }, tracks: [{ id: '1', t: [1], x: [], y: [[0]] }] })).toThrow(/one entry per time point/);
  });

  describe.skipIf(!hasShared)('against the official examples and schema (../shared/data/wcon)', () => {
    it('our output validates against wcon_schema.json', () => {
      const validate = wconSchemaValidator();
      expect(validate(JSON.parse(writeWcon(doc, { ventral: 'CW' })))).toBe(true);
    });

    it('reads every valid example, including all-metadata.wcon that the schema itself rejects', () => {
      const validate = wconSchemaValidator();
      for (const f of readdirSync(sharedData('wcon', 'examples'))) {
        const text = readFileSync(sharedData('wcon', 'examples', f), 'utf8');
        const parsed = readWcon(text, f);
        expect(parsed.units['t']).toBeDefined();
        expect(validate(JSON.parse(text))).toBe(f !== 'all-metadata.wcon');
      }
      const multi = readWcon(readFileSync(sharedData('wcon', 'examples', 'multiworm.wcon'), 'utf8'), 'multiworm.wcon');
      expect(multi.tracks.length).toBeGreaterThan(1);
    });

    it('rejects every invalid example, duplicate keys included, with a reason', () => {
      const reasons: Record<string, RegExp> = {
        'duplicate-key.wcon': /duplicate key "t" in units/,
        'files-current-null.wcon': /files\.current: must be the name of this file/,
        'files-missing-current.wcon': /files\.current: must be the name of this file/,
        'missing-units.wcon': /missing "units"/,
        'not-json.wcon': /not valid WCON JSON/,
        'scalar-offset.wcon': /data\[0\]\.ox: must be an array with an entry per time point/,
      };
      const files = readdirSync(sharedData('wcon', 'invalid'));
      expect(files.sort()).toEqual(Object.keys(reasons).sort());
      for (const f of files) {
        expect(() => readWcon(readFileSync(sharedData('wcon', 'invalid', f), 'utf8'), f), f).toThrow(reasons[f]!);
      }
    });
  });
});
