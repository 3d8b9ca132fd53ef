/** MIDI that parsers accept silently: an infinite tempo, note-ons that never end. Handled as score JSON is. */
import { describe, expect, it } from 'vitest';
import { readMidi } from './midi.js';
import { readScoreFile } from './score-file.js';
import { smf, tempo, track } from '../../test/helpers/smf-builder.js';

const setTempo = (us: number): number[] => [0xff, 0x51, 3, (us >> 16) & 0xff, (us >> 8) & 0xff, us & 0xff];

describe('MIDI tempo bounds (as in score JSON: 0 < bpm ≤ 1000)', () => {
  it('refuses a tempo of 0 µs per quarter note, naming the tick', () => {
    const bytes = smf(0, 480, [track([[0, 0x90, 60, 64], [240, ...setTempo(0)], [240, 0x80, 60, 0]])]);
    expect(() => readMidi(bytes, 't.mid')).toThrow(/^t\.mid: corrupt MIDI: track 1, byte \d+: tempo event at tick 240 sets 0 µs per quarter note \(an infinite tempo\)$/);
  });

  it('refuses a tempo faster than 1000 bpm and accepts 1000 bpm', () => {
    const fast = smf(0, 480, [track([[0, ...setTempo(59_999)], [0, 0x90, 60, 64], [480, 0x80, 60, 0]])]);
    expect(() => readMidi(fast, 'f.mid')).toThrow(/59999 µs per quarter note \(1000 bpm\), faster than 1000 bpm/);
    const limit = smf(0, 480, [track([[0, ...tempo(1000)], [0, 0x90, 60, 64], [480, 0x80, 60, 0]])]);
    expect(readMidi(limit, 'l.mid').tempos[0]!.bpm).toBeCloseTo(1000, 6);
  });
});

describe('note-on without a note-off', () => {
  it('is held to the end of its track and told once, with where it is', () => {
    // 120 bpm: 480 ticks = 0.5 s. Pitch 60 never ends; the track ends at tick 1440 (0.75 s… 1.5 s after 3 deltas).
    const bytes = smf(1, 480, [
      track([[0, ...tempo(120)]]),
      track([[0, 0x91, 60, 100], [480, 0x91, 64, 80], [480, 0x81, 64, 0], [480, 0xb1, 123, 0]]),
    ]);
    const warnings: string[] = [];
    const score = readMidi(bytes, 'h.mid', { onWarning: (m) => warnings.push(m) });
    expect(warnings).toEqual(['h.mid: 1 note-on without a note-off (the first: pitch 60, channel 2, track 2, at 0.00 s); held to the end of its track']);
    const held = score.notes.find((n) => n.pitch === 60)!;
    expect(held).toMatchObject({ onset: 0, pitch: 60, channel: 1, voice: 0 });
    expect(held.duration).toBeCloseTo(1.5, 9);
    expect(held.velocity).toBeCloseTo(100 / 127, 9);
    expect(score.notes.find((n) => n.pitch === 64)!.duration).toBeCloseTo(0.5, 9);
  });

  it('pairs repeated note-ons first in, first out, and warns about none when all end', () => {
    const bytes = smf(0, 480, [track([[0, 0x90, 60, 64], [240, 0x90, 60, 64], [240, 0x80, 60, 0], [240, 0x90, 60, 0]])]);
    const warnings: string[] = [];
    expect(readMidi(bytes, 'r.mid', { onWarning: (m) => warnings.push(m) }).notes).toHaveLength(2);
    expect(warnings).toEqual([]);
  });

  it('reaches readScoreFile callers too', () => {
    const bytes = smf(0, 480, [track([[0, 0x90, 60, 64], [480, 0x90, 62, 64], [0, 0x90, 64, 64], [480, 0x80, 64, 0]])]);
    const warnings: string[] = [];
    const score = readScoreFile(bytes, 'two.mid', { onWarning: (m) => warnings.push(m) });
    expect(warnings[0]).toMatch(/^two\.mid: 2 note-ons without a note-off \(the first: pitch 60, channel 1, track 1, at 0\.00 s\); held to the end of their tracks$/);
    expect(score.notes.map((n) => n.pitch)).toEqual([60, 62, 64]);
  });
});
