import { describe, expect, it } from 'vitest';
import { renderScoreBlocks } from './render-blocks.js';
import { renderScore } from './render.js';
import { createScore } from '../score/ops.js';
import { bachPreludeInC } from '../pieces/bach-prelude-c-major.js';

function collect(score: Parameters<typeof renderScore>[0], options: Parameters<typeof renderScoreBlocks>[1]) {
  const channels = Array.from({ length: options.channels ?? 2 }, () => [] as number[]);
  const result = renderScoreBlocks(score, options, (block, n) => {
    block.forEach((ch, c) => {
      for (let i = 0; i < n; i++) channels[c]!.push(ch[i]!);
    });
  });
  return { result, channels };
}

describe('block rendering', () => {
  it('gives what the one-buffer renderer gives, block size notwithstanding', () => {
    const score = bachPreludeInC({ bars: 2 });
    const whole = renderScore(score, { sampleRate: 22050, normalizeDbfs: null });
    const { result, channels } = collect(score, { sampleRate: 22050, blockFrames: 5000 });
    expect(Math.abs(result.frames - whole.channels[0]!.length)).toBeLessThanOrEqual(1);
    let maxDiff = 0;
    for (let c = 0; c < 2; c++) {
      for (let i = 0; i < Math.min(result.frames, whole.channels[0]!.length); i++) {
        maxDiff = Math.max(maxDiff, Math.abs(channels[c]![i]! - whole.channels[c]![i]!));
      }
    }
    expect(maxDiff).toBeLessThan(1e-6);
    expect(result.peak).toBeCloseTo(whole.rawPeak, 6);
  });

  it('keeps silences between notes and ends with the last sound', () => {
    const score = createScore([
      { onset: 0, duration: 0.2, pitch: 60, velocity: 0.8, voice: 0 },
      { onset: 10, duration: 0.2, pitch: 64, velocity: 0.8, voice: 0, speaker: 3 },
    ]);
    const { result, channels } = collect(score, { sampleRate: 8000, channels: 4, blockFrames: 1000 });
    expect(result.frames / 8000).toBeGreaterThan(10.2);
    expect(result.frames / 8000).toBeLessThan(15);
    // The second note sounds on speaker 3 only, after ten seconds.
    expect(channels[3]!.slice(80_000, 80_500).some((x) => x !== 0)).toBe(true);
    expect(channels[0]!.slice(80_000).every((x) => x === 0)).toBe(true);
    expect(renderScoreBlocks(createScore([]), {}, () => undefined).frames).toBe(0);
  });
});
