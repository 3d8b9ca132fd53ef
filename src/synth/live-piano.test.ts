import { describe, expect, it } from 'vitest';
import { LivePiano, PACKED_NOTE_FIELDS, packNotes } from './live-piano.js';
import { renderScore } from './render.js';
import { createScore } from '../score/ops.js';
import type { NoteEvent } from '../score/types.js';

const SR = 44100;

/** Renders a live piano block by block into two long channels. */
function renderLive(piano: LivePiano, frames: number, block: number): Float32Array[] {
  const out = [new Float32Array(frames), new Float32Array(frames)];
  const l = new Float32Array(block);
  const r = new Float32Array(block);
  for (let f = 0; f < frames; f += block) {
    const n = Math.min(block, frames - f);
    piano.render([l, r], f, n);
    out[0]!.set(l.subarray(0, n), f);
    out[1]!.set(r.subarray(0, n), f);
  }
  return out;
}

const phrase: NoteEvent[] = [
  { onset: 0.0123, duration: 0.3, pitch: 60, velocity: 0.8, voice: 0 },
  { onset: 0.2, duration: 0.05, pitch: 64, velocity: 0.5, voice: 0 },
  { onset: 0.2, duration: 0.7, pitch: 43, velocity: 0.9, voice: 1 },
  { onset: 0.45678, duration: 0.2, pitch: 98, velocity: 0.6, voice: 0 },
];

describe('LivePiano', () => {
  it('plays a phrase sample for sample like the offline renderer, in any block size', () => {
    // The oracle is renderScore: each note rendered alone to silence and mixed offline.
    const offline = renderScore(createScore(phrase), { sampleRate: SR, channels: 2, normalizeDbfs: null });
    const frames = offline.channels[0]!.length;
    for (const block of [128, 1, 333, 8192]) {
      const piano = new LivePiano({ sampleRate: SR });
      piano.schedulePacked(packNotes(phrase, SR));
      const live = renderLive(piano, frames, block);
      for (let c = 0; c < 2; c++) {
        let worst = 0;
        for (let i = 0; i < frames; i++) worst = Math.max(worst, Math.abs(live[c]![i]! - offline.channels[c]![i]!));
        expect(worst, `block ${block}, channel ${c}`).toBeLessThan(1e-6);
      }
      // Four voices at once near 0.46 s: the released C4 and E4 still ring in their damper tails.
      expect(piano.stats).toMatchObject({ started: 4, late: 0, stolen: 0, dropped: 0, peakActive: 4 });
    }
  });

  it('starts a note exactly at its frame, inside a block', () => {
    const piano = new LivePiano({ sampleRate: SR, channels: 1 });
    piano.schedule(1000, 5000, 69, 1);
    const [out] = renderLive(piano, 2048, 128);
    expect(out![999]).toBe(0);
    expect(Math.abs(out![1000]!)).toBeGreaterThan(0);
  });

  it('reports notes that arrive after their frame and starts them at once', () => {
    const piano = new LivePiano({ sampleRate: SR, channels: 1 });
    const l = new Float32Array(128);
    piano.render([l], 0, 128);
    piano.schedule(50, 10_000, 60, 0.7);
    piano.render([l], 128, 128);
    expect(piano.stats.late).toBe(1);
    expect(Math.abs(l[0]!)).toBeGreaterThan(0);
  });

  it('steals voices when more notes sound than it has voices, and counts them', () => {
    const piano = new LivePiano({ sampleRate: SR, voices: 4 });
    for (let k = 0; k < 6; k++) piano.schedule(0, SR, 48 + k, 0.8);
    renderLive(piano, 256, 128);
    expect(piano.stats).toMatchObject({ started: 6, stolen: 2, peakActive: 4, active: 4 });
  });

  it('drops what does not fit in the queue and says so', () => {
    const piano = new LivePiano({ sampleRate: SR, queueCapacity: 3 });
    const accepted = [0, 1, 2, 3].map((k) => piano.schedule(100 * k, 100 * k + 50, 60, 0.5));
    expect(accepted).toEqual([true, true, true, false]);
    expect(piano.stats.dropped).toBe(1);
    expect(piano.pending).toBe(3);
  });

  it('keeps the queue in onset order when notes arrive out of order', () => {
    const piano = new LivePiano({ sampleRate: SR, channels: 1 });
    piano.schedule(3000, 3100, 72, 0.5);
    piano.schedule(1000, 1100, 60, 0.5);
    const [out] = renderLive(piano, 4096, 128);
    expect(out![999]).toBe(0);
    expect(Math.abs(out![1000]!)).toBeGreaterThan(0);
    expect(piano.stats.started).toBe(2);
  });

  it('stop(frame) drops later notes and damps the sounding ones from that frame', () => {
    const held = new LivePiano({ sampleRate: SR, channels: 1 });
    const stopped = new LivePiano({ sampleRate: SR, channels: 1 });
    for (const p of [held, stopped]) {
      p.schedule(0, 2 * SR, 48, 0.9);
      p.schedule(0.75 * SR, 2 * SR, 84, 0.9);
    }
    stopped.stop(SR / 2);
    const a = renderLive(held, SR, 128)[0]!;
    const b = renderLive(stopped, SR, 128)[0]!;
    // Identical up to the stop, then the damper (8/s extra decay) takes the level down by > 20 dB within 0.4 s.
    for (let i = 0; i < SR / 2; i++) expect(b[i]).toBe(a[i]);
    const rms = (x: Float32Array, from: number, to: number): number => {
      let s = 0;
      for (let i = from; i < to; i++) s += x[i]! * x[i]!;
      return Math.sqrt(s / (to - from));
    };
    expect(rms(b, 0.9 * SR, SR) / rms(a, 0.9 * SR, SR)).toBeLessThan(0.1);
    expect(stopped.stats.started).toBe(1);
    expect(held.stats.started).toBe(2);
  });

  it('packs notes as frames: on, off, pitch, velocity, speaker', () => {
    const packed = packNotes([{ onset: 0.5, duration: 0.25, pitch: 61, velocity: 0.4, speaker: 3 }, { onset: 1, duration: 0, pitch: 62, velocity: 1 }], 1000, 10);
    expect(packed.length).toBe(2 * PACKED_NOTE_FIELDS);
    expect([...packed]).toEqual([510, 760, 61, 0.4, 3, 1010, 1011, 62, 1, -1]);
  });
  it('plays an open note released later exactly like a note whose end was known, in any order of arrival', () => {
    // Oracle: the same notes scheduled with their off frames from the start.
    const known = new LivePiano({ sampleRate: SR });
    known.schedule(1000, 9000, 60, 0.8);
    known.schedule(3000, 3001, 67, 0.5); // released on the frame it started: one frame long
    known.schedule(5000, 30000, 72, 0.7);
    const frames = 690 * 128; // 2 s in whole blocks
    const expected = renderLive(known, frames, 128);
    for (const releaseWhen of ['before-start', 'while-sounding'] as const) {
      const open = new LivePiano({ sampleRate: SR });
      open.schedulePacked(new Float64Array([1000, -11, 60, 0.8, -1, 3000, -12, 67, 0.5, -1, 5000, -13, 72, 0.7, -1]));
      if (releaseWhen === 'before-start') open.releasePacked(new Float64Array([30000, 13, 9000, 11, 3000, 12]));
      const out = [new Float32Array(frames), new Float32Array(frames)];
      const l = new Float32Array(128);
      const r = new Float32Array(128);
      for (let f = 0; f < frames; f += 128) {
        if (releaseWhen === 'while-sounding' && f === 2944) {
          // Before the block from frame 2944: note 11 sounds (a voice is released), 12 and 13 wait in the queue.
          expect(open.release(9000, 11)).toBe(true);
          expect(open.release(3000, 12)).toBe(true);
          expect(open.release(30000, 13)).toBe(true);
        }
        open.render([l, r], f, 128);
        out[0]!.set(l, f);
        out[1]!.set(r, f);
      }
      for (let c = 0; c < 2; c++) {
        let worst = 0;
        for (let i = 0; i < frames; i++) worst = Math.max(worst, Math.abs(out[c]![i]! - expected[c]![i]!));
        expect(worst, `${releaseWhen}, channel ${c}`).toBe(0);
      }
    }
  });

  it('ignores releases of unknown notes, and stop() ends open notes too', () => {
    const piano = new LivePiano({ sampleRate: SR, channels: 1 });
    piano.scheduleOpen(0, 60, 0.8, -1, 5);
    expect(piano.release(100, 6)).toBe(false);
    const l = new Float32Array(128);
    piano.render([l], 0, 128);
    piano.stop(200);
    for (let f = 128; f < 6 * SR; f += 128) piano.render([l], f, 128);
    expect(piano.stats.active).toBe(0); // damped at frame 200 and finished, not held for ever
    expect(() => piano.scheduleOpen(0, 60, 0.8, -1, 0)).toThrow(/positive id/);
  });

  it('pans speaker notes around a ring once it knows the ring size', () => {
    const piano = new LivePiano({ sampleRate: SR, channels: 2 });
    const gainsAfter = (speaker: number): [number, number] => {
      piano.reset();
      piano.schedule(0, SR, 60, 0.8, speaker);
      const l = new Float32Array(1024);
      const r = new Float32Array(1024);
      piano.render([l, r], 0, 1024);
      let el = 0;
      let er = 0;
      for (let i = 0; i < 1024; i++) {
        el += l[i]! ** 2;
        er += r[i]! ** 2;
      }
      return [el, er];
    };
    const [l0, r0] = gainsAfter(2);
    // Without a ring, middle C sits by its key: x = 0.15 + 0.7·39/87 = 0.4638, energy ratio cot²(x·π/2) = 1.2565.
    expect(l0 / r0).toBeCloseTo(1.2565, 3);
    piano.setRingSize(8);
    const [l2, r2] = gainsAfter(2); // speaker 2 of 8: 90° clockwise, hard right
    expect(l2 / r2).toBeLessThan(1e-20);
    const [l6, r6] = gainsAfter(6); // 270°: hard left
    expect(r6 / l6).toBeLessThan(1e-20);
    expect(() => piano.setRingSize(0)).toThrow(/ringSize/);
  });
});
