import { describe, expect, it } from 'vitest';
import { assertScoreFileName, fileExtension, readScoreFile } from './score-file.js';
import { writeMidi } from './midi.js';
import { FormatError } from './errors.js';
import { createScore } from '../score/ops.js';

const score = createScore([{ onset: 0, duration: 0.5, pitch: 60, velocity: 0.5, voice: 0 }, { onset: 0.5, duration: 0.5, pitch: 67, velocity: 0.75, voice: 0 }]);
const text = (s: string): Uint8Array => new TextEncoder().encode(s);

describe('readScoreFile', () => {
  it('reads MIDI by extension, whatever the case', () => {
    const bytes = writeMidi(score);
    for (const name of ['a.mid', 'B.MIDI', 'dir.v2/c.Mid']) expect(readScoreFile(bytes, name).notes.map((n) => n.pitch)).toEqual([60, 67]);
  });

  it('reads score JSON and names the file as its source', () => {
    const s = readScoreFile(text(JSON.stringify({ notes: score.notes })), 'piece.json');
    expect(s.notes.length).toBe(2);
    expect(s.meta.source).toBe('piece.json');
  });

  it('refuses broken input with one line naming the file', () => {
    const cases: Array<[Uint8Array, string, RegExp]> = [
      [text(''), 'e.json', /^e\.json: empty file$/],
      [text('{"notes": ['), 'j.json', /^j\.json: not valid JSON/],
      [text('{"notes":[{"onset":0}]}'), 's.json', /^s\.json: not a neuromusic score: notes\[0\]\.duration/],
      [text('MThd garbage'), 'g.mid', /^g\.mid: /],
      [text('X:1'), 'tune.abc', /^tune\.abc: unsupported score format "\.abc"/],
      [text('X:1'), 'README', /unsupported score format "\(no extension\)"/],
    ];
    for (const [bytes, name, message] of cases) {
      expect(() => readScoreFile(bytes, name)).toThrow(FormatError);
      expect(() => readScoreFile(bytes, name)).toThrow(message);
    }
  });

  it('takes the extension of the file name, not of a folder or a dot file', () => {
    expect(fileExtension('/a.b/c')).toBe('');
    expect(fileExtension('C:\\x.y\\z.MID')).toBe('.mid');
    expect(fileExtension('.json')).toBe('');
    expect(() => assertScoreFileName('x.json')).not.toThrow();
  });
});
