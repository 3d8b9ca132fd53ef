/**
 * WAV encoding and decoding: our typed-array loops against wavefile, 64 s of stereo audio, in this process.
 */
import * as wavefileModule from 'wavefile';
import type { WaveFile as WaveFileType } from 'wavefile';
import { decodeWav, encodeWav, type WavEncoding } from '../src/formats/wav.js';
import { namedExport } from '../src/math/interop.js';
import { table, type BenchSection } from './lib.js';

const WaveFile = namedExport<typeof WaveFileType>(wavefileModule, 'WaveFile');

function time(fn: () => void, runs = 3): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best / 1000;
}

export const wavSection: BenchSection = {
  id: 'wav',
  title: 'WAV codec: 64 s of stereo at 44.1 kHz, neuromusic vs wavefile',
  run() {
    const n = 44100 * 64;
    const channels = [new Float32Array(n), new Float32Array(n)];
    for (let i = 0; i < n; i++) {
      channels[0]![i] = 0.5 * Math.sin(i * 0.01);
      channels[1]![i] = 0.3 * Math.sin(i * 0.013);
    }
    const rows: Array<Array<string | number>> = [];
    for (const [encoding, depth] of [['pcm16', '16'], ['pcm24', '24'], ['float32', '32f']] as const) {
      const ours = time(() => encodeWav({ sampleRate: 44100, channels }, encoding as WavEncoding));
      const theirs = time(() => {
        const w = new WaveFile();
        const scale = depth === '16' ? 32767 : 8388607;
        const data = depth === '32f' ? channels : channels.map((c) => Int32Array.from(c, (x) => Math.round(x * scale)));
        w.fromScratch(2, 44100, depth, data);
        w.toBuffer();
      }, 1);
      const bytes = encodeWav({ sampleRate: 44100, channels }, encoding as WavEncoding);
      const oursRead = time(() => decodeWav(bytes));
      const theirsRead = time(() => new WaveFile(bytes).getSamples(false, Float64Array), 1);
      rows.push([depth, ours * 1000, theirs * 1000, theirs / ours, oursRead * 1000, theirsRead * 1000, theirsRead / oursRead]);
    }
    return table(['bit depth', 'encode ms (ours)', 'encode ms (wavefile)', 'ratio', 'decode ms (ours)', 'decode ms (wavefile)', 'ratio'], rows);
  },
};
