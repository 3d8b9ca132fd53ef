import { describe, expect, it } from 'vitest';
import { renderScore } from './render.js';
import { renderScoreBlocks } from './render-blocks.js';
import { noteGains } from './pan.js';
import { audioLevels } from './levels.js';
import { createScore } from '../score/ops.js';
import type { NoteEvent } from '../score/types.js';

const n = (onset: number, pitch: number, extra: Partial<NoteEvent> = {}): NoteEvent => ({
  onset, duration: 0.5, pitch, velocity: 0.8, voice: 0, ...extra,
});

describe('renderScore', () => {
  it('normalises the mix to −1 dBFS and never clips', () => {
    const score = createScore([n(0, 48), n(0, 52), n(0, 55), n(0, 60), n(0.25, 64, { velocity: 1 })]);
    const audio = renderScore(score, { sampleRate: 22050 });
    const peak = Math.max(...audio.channels.map((c) => audioLevels(c).peak));
    expect(peak).toBeCloseTo(Math.pow(10, -1 / 20), 6);
    for (const c of audio.channels) expect(audioLevels(c).clipped).toBe(0);
  });

  it('lasts from the first onset to the end of the last release', () => {
    const audio = renderScore(createScore([n(1, 60)]), { sampleRate: 22050, channels: 1 });
    const x = audio.channels[0]!;
    expect(x.length / 22050).toBeGreaterThan(1.5);
    expect(x.length / 22050).toBeLessThan(1.5 + 4 + 0.01);
    expect(audioLevels(x.subarray(0, 22050)).peak).toBe(0);
  });

  it('places the bass left and the treble right in stereo', () => {
    const low = renderScore(createScore([n(0, 28)]), { sampleRate: 22050, normalizeDbfs: null });
    const high = renderScore(createScore([n(0, 96)]), { sampleRate: 22050, normalizeDbfs: null });
    expect(audioLevels(low.channels[0]!).rms).toBeGreaterThan(audioLevels(low.channels[1]!).rms);
    expect(audioLevels(high.channels[1]!).rms).toBeGreaterThan(audioLevels(high.channels[0]!).rms);
  });

  it('routes a note with a speaker index to that channel of an N-channel render', () => {
    const audio = renderScore(createScore([n(0, 60, { speaker: 5 }), n(0.1, 67, { speaker: 13 })]), { sampleRate: 22050, channels: 8 });
    const rmsOf = audio.channels.map((c) => audioLevels(c).rms);
    rmsOf.forEach((r, c) => (c === 5 ? expect(r).toBeGreaterThan(0) : expect(r).toBe(0)));
    // Speaker 13 wraps to channel 5 as well.
    expect(audio.channels).toHaveLength(8);
  });

  it('with speakerChannels, writes a ring of one or two speakers a channel per speaker, in one render or in blocks', () => {
    const notes = [n(0, 60, { speaker: 0 }), n(0.1, 67, { speaker: 1 }), n(0.3, 72, { speaker: 1 }), n(0.4, 48, { speaker: 0 })];
    const alone = (s: number): Float32Array => renderScore(createScore(notes.filter((x) => x.speaker === s)), { sampleRate: 22050, channels: 1, normalizeDbfs: null }).channels[0]!;
    const both = renderScore(createScore(notes), { sampleRate: 22050, channels: 2, speakerChannels: true, normalizeDbfs: null });
    const blocks: Float32Array[][] = [[], []];
    renderScoreBlocks(createScore(notes), { sampleRate: 22050, channels: 2, speakerChannels: true, blockFrames: 4096 }, (block, frames) => block.forEach((c, i) => blocks[i]!.push(c.slice(0, frames))));
    for (const s of [0, 1]) {
      const expected = alone(s);
      const streamed = Float32Array.from(blocks[s]!.flatMap((b) => Array.from(b)));
      let worst = 0;
      let worstStreamed = 0;
      for (let i = 0; i < expected.length; i++) {
        worst = Math.max(worst, Math.abs(both.channels[s]![i]! - expected[i]!));
        worstStreamed = Math.max(worstStreamed, Math.abs(streamed[i]! - expected[i]!));
      }
      expect(worst).toBeLessThan(1e-6);
      expect(worstStreamed).toBeLessThan(1e-6);
    }
    const mono = renderScore(createScore(notes), { sampleRate: 22050, channels: 1, speakerChannels: true, normalizeDbfs: null });
    expect(mono.channels).toHaveLength(1);
    expect(audioLevels(mono.channels[0]!).rms).toBeGreaterThan(0);
  });

  it('spreads speaker-less notes over N channels by pitch, with equal power', () => {
    const g = new Float64Array(4);
    noteGains({ pitch: 64, speaker: undefined }, g);
    expect(g.reduce((s, x) => s + x * x, 0)).toBeCloseTo(1, 12);
    expect(g.filter((x) => x > 0).length).toBeLessThanOrEqual(2);
  });

  it('mixes a speaker ring down to stereo by angle', () => {
    const g = new Float64Array(2);
    noteGains({ pitch: 60, speaker: 2 }, g, 8); // 90° to the right
    expect(g[1]).toBeCloseTo(1, 12);
    noteGains({ pitch: 60, speaker: 6 }, g, 8); // 270°: left
    expect(g[0]).toBeCloseTo(1, 12);
  });

  it('is deterministic and handles an empty score', () => {
    const score = createScore([n(0, 60), n(0.3, 72)]);
    const a = renderScore(score, { sampleRate: 22050 });
    const b = renderScore(score, { sampleRate: 22050 });
    expect(a.channels[0]).toEqual(b.channels[0]);
    const empty = renderScore(createScore([]));
    expect(empty.channels[0]!.length).toBe(0);
    expect(() => renderScore(score, { channels: 0 })).toThrow(RangeError);
  });
});
