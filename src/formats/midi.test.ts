import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { readMidi, writeMidi, trackChannel, decodeMidiText } from './midi.js';
import { FormatError } from './errors.js';
import { createScore, scoreStats } from '../score/ops.js';
import { bachPreludeInC } from '../pieces/bach-prelude-c-major.js';
import { smf, tempo, track } from '../../test/helpers/smf-builder.js';
import { hasShared, sharedData, SHARED_PIECES } from '../../test/helpers/shared.js';

describe('reading MIDI', () => {
  it('reads format 0 with running status, two channels and note-on velocity 0 as note-off', () => {
    // 480 ppq at 120 bpm: a quarter = 0.5 s. Channel 0 plays C4 for a quarter; channel 1 plays E4 from beat 1 for a half.
    const bytes = smf(0, 480, [
      track([
        [0, ...tempo(120)],
        [0, 0x90, 60, 100], // note on ch0
        [480, 0x91, 64, 64], // note on ch1
        [0, 0x90, 60, 0], // note on vel 0 = off, ch0
        [960, 64, 0], // running status (0x90 ch1? no: running status is 0x90 → ch0 64 off) — see below
        [0, 0x81, 64, 0], // explicit note off ch1
      ]),
    ]);
    // The running-status event re-uses 0x90 (ch0), so it is a ch0 note-off for pitch 64 with nothing open: ignored.
    const s = readMidi(bytes, 'hand.mid');
    expect(s.notes.map((n) => [n.onset, n.duration, n.pitch, n.channel])).toEqual([
      [0, 0.5, 60, 0],
      [0.5, 1, 64, 1],
    ]);
    expect(s.notes[0]!.velocity).toBeCloseTo(100 / 127, 12);
    expect(new Set(s.notes.map((n) => n.voice)).size).toBe(2);
  });

  it('reads format 1 with a tempo change in the conductor track', () => {
    const bytes = smf(1, 96, [
      track([[0, ...tempo(60)], [192, ...tempo(120)]]),
      track([
        [0, 0x90, 48, 80], [96, 0x80, 48, 0], // beat 0–1 at 60 bpm: 0–1 s
        [96, 0x90, 50, 80], [96, 0x80, 50, 0], // beat 2–3 at 120 bpm: 2–2.5 s
      ]),
    ]);
    const s = readMidi(bytes);
    expect(s.notes.map((n) => [n.onset, n.duration])).toEqual([[0, 1], [2, 0.5]]);
    expect(s.tempos.map((t) => [t.time, Math.round(t.bpm)])).toEqual([[0, 60], [2, 120]]);
  });

  it('refuses broken input with a one-line reason naming the source', () => {
    const good = smf(1, 96, [track([[0, 0x90, 60, 80], [96, 0x80, 60, 0]])]);
    const cases: Array<[Uint8Array, RegExp]> = [
      [new Uint8Array(0), /^x\.mid: empty file$/],
      [new TextEncoder().encode('hello, not midi'), /not a Standard MIDI File/],
      [good.slice(0, good.length - 5), /truncated MIDI: track 1 declares/],
      [good.slice(0, 20), /truncated MIDI/],
      [good.slice(0, 6), /^x\.mid: truncated MIDI header \(6 of 14 bytes\)$/],
      [smf(1, 96, [track([[0, 0x90, 60]])]).slice(0), /corrupt MIDI|truncated/],
      [new Uint8Array([...good.slice(0, 8), 0, 2, 0, 1, 0, 96, ...good.slice(14)]), /format 2/],
      [new Uint8Array([...good.slice(0, 12), 0xe7, 0x28, ...good.slice(14)]), /SMPTE/],
      [new Uint8Array([...good.slice(0, 10), 0, 3, ...good.slice(12)]), /declares 3 tracks but the file holds 1/],
    ];
    for (const [bytes, pattern] of cases) {
      expect(() => readMidi(bytes, 'x.mid')).toThrow(FormatError);
      expect(() => readMidi(bytes, 'x.mid')).toThrow(pattern);
    }
  });

  it('never throws anything but a FormatError on corrupted bytes (property)', () => {
    const good = writeMidi(bachPreludeInC({ bars: 2 }));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }), fc.nat(good.length), (edits, cut) => {
        const bytes = good.slice(0, Math.max(1, cut));
        for (const [i, v] of edits) if (i < bytes.length) bytes[i] = v;
        try {
          const s = readMidi(bytes, 'fuzz.mid');
          for (const n of s.notes) {
            expect(Number.isFinite(n.onset) && n.duration > 0 && n.pitch >= 0 && n.pitch <= 127).toBe(true);
          }
        } catch (err) {
          expect(err).toBeInstanceOf(FormatError);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('names minor keys by their tonic (3 flats, minor = C minor; 2 sharps, major = D major)', () => {
    const keyed = (sf: number, minor: number): string | undefined =>
      readMidi(smf(1, 480, [track([[0, 0xff, 0x59, 2, sf & 0xff, minor], [0, 0x90, 60, 80], [480, 0x80, 60, 0]])])).meta.key;
    expect(keyed(-3, 1)).toBe('C minor');
    expect(keyed(-3, 0)).toBe('Eb major');
    expect(keyed(2, 0)).toBe('D major');
    expect(keyed(1, 1)).toBe('E minor');
  });

  it('decodes UTF-8 names and keeps Latin-1 ones', () => {
    expect(decodeMidiText('Gymnop\u00c3\u00a9die')).toBe('Gymnopédie');
    expect(decodeMidiText('Gymnop\u00e9die')).toBe('Gymnopédie');
  });
});

describe('writing MIDI', () => {
  it('round-trips the built-in piece: every note back within a tick', () => {
    const score = bachPreludeInC();
    const back = readMidi(writeMidi(score));
    expect(back.notes).toHaveLength(score.notes.length);
    const tick = 60 / 66 / 480;
    for (let i = 0; i < score.notes.length; i++) {
      const a = score.notes[i]!;
      const b = back.notes[i]!;
      expect(b.pitch).toBe(a.pitch);
      expect(Math.abs(b.onset - a.onset)).toBeLessThan(tick);
      expect(Math.abs(b.duration - a.duration)).toBeLessThan(2 * tick);
      expect(Math.abs(b.velocity - a.velocity)).toBeLessThanOrEqual(0.5 / 127 + 1e-12);
    }
    expect(back.tempos.map((t) => t.bpm.toFixed(2))).toEqual(score.tempos.map((t) => t.bpm.toFixed(2)));
    expect(back.meta.voiceNames).toEqual(['bass', 'tenor', 'figuration']);
  });

  it('writes SMF format 1 with a track and channel per voice, skipping the drum channel', () => {
    const notes = Array.from({ length: 12 }, (_, v) => ({ onset: v * 0.1, duration: 0.5, pitch: 60 + v, velocity: 0.7, voice: v }));
    const bytes = writeMidi(createScore(notes));
    expect(bytes[9]).toBe(1); // format 1
    const back = readMidi(bytes);
    const channels = [...new Set(back.notes.map((n) => n.channel))].sort((a, b) => a! - b!);
    expect(channels).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12]);
    expect(trackChannel(8)).toBe(8);
    expect(trackChannel(9)).toBe(10);
  });

  it('writes a track per speaker when asked', () => {
    const notes = [0, 1, 2, 3].map((s) => ({ onset: s, duration: 0.5, pitch: 60, velocity: 0.5, voice: 0, speaker: s * 2 }));
    const back = readMidi(writeMidi(createScore(notes), { trackPer: 'speaker' }));
    expect(back.meta.voiceNames).toEqual(['speaker 1', 'speaker 3', 'speaker 5', 'speaker 7']);
    expect(back.notes.map((n) => n.channel)).toEqual([0, 2, 4, 6]);
  });
});

describe.skipIf(!hasShared)('the shared MIDI pieces', () => {
  for (const piece of SHARED_PIECES) {
    it(`reads ${piece.file} with ${piece.notes} notes`, () => {
      const s = readMidi(new Uint8Array(readFileSync(sharedData('midi', piece.file))), piece.file);
      const st = scoreStats(s);
      expect(st.notes).toBe(piece.notes);
      expect(st.durationSeconds).toBeCloseTo(piece.seconds, 1);
      expect([st.pitchMin, st.pitchMax]).toEqual([piece.low, piece.high]);
      expect(Math.round(s.tempos[0]!.bpm)).toBe(piece.bpm);
    });
  }
});
