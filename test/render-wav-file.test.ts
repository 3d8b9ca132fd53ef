import { afterAll, describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderWavFile } from '../src/node/render-wav-file.js';
import { decodeWav } from '../src/formats/wav.js';
import { bachPreludeInC } from '../src/pieces/bach-prelude-c-major.js';
import { scratchDir } from './helpers/cli.js';

const { dir, cleanup } = scratchDir();
afterAll(cleanup);

describe('rendering a score to a WAV file', () => {
  it('streams long renders through a temporary file and gives the same audio as in memory', () => {
    const score = bachPreludeInC({ bars: 3 });
    const a = renderWavFile(score, join(dir, 'memory.wav'), { sampleRate: 22050, encoding: 'float32' });
    const b = renderWavFile(score, join(dir, 'streamed.wav'), { sampleRate: 22050, encoding: 'float32', maxInMemoryBytes: 0 });
    expect(a.streamed).toBe(false);
    expect(b.streamed).toBe(true);
    const wa = decodeWav(new Uint8Array(readFileSync(join(dir, 'memory.wav'))));
    const wb = decodeWav(new Uint8Array(readFileSync(join(dir, 'streamed.wav'))));
    expect(Math.abs(wa.channels[0]!.length - wb.channels[0]!.length)).toBeLessThanOrEqual(1);
    let diff = 0;
    for (let c = 0; c < 2; c++) for (let i = 0; i < wb.channels[0]!.length - 1; i++) diff = Math.max(diff, Math.abs(wa.channels[c]![i]! - wb.channels[c]![i]!));
    expect(diff).toBeLessThan(1e-5);
    let peak = 0;
    for (const ch of wb.channels) for (const x of ch) peak = Math.max(peak, Math.abs(x));
    expect(peak).toBeCloseTo(Math.pow(10, -1 / 20), 5);
    expect(readdirSync(dir).sort()).toEqual(['memory.wav', 'streamed.wav']);
  });
});
