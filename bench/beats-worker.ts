/**
 * One measured beat-tracking run: read a WAV file, track its beats with neuromusic's GrFNN tracker. Prints JSON
 * (beats, tempo, audio length, seconds from reading the file to the beat list, peak RSS).
 */
import { readFileSync } from 'node:fs';
import { decodeWav } from '../src/formats/wav.js';
import { trackBeats } from '../src/analysis/beats/tracker.js';

const [wavPath] = process.argv.slice(2);
const t0 = performance.now();
const audio = decodeWav(new Uint8Array(readFileSync(wavPath!)), wavPath);
const track = trackBeats(audio);
const seconds = (performance.now() - t0) / 1000;
console.log(JSON.stringify({
  beats: track.beats,
  tempoBpm: track.tempoBpm,
  audioSeconds: audio.channels[0]!.length / audio.sampleRate,
  seconds,
  maxRssMiB: process.resourceUsage().maxRSS / 1024,
}));
