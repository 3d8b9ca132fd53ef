/**
 * One measured run of the modal piano under the reference contract (../shared/reference/modal_piano.py): read the
 * MIDI file, render notes starting before LIMIT seconds, mono 44.1 kHz, −1 dBFS, write 16-bit PCM WAV. Prints JSON.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { readMidi } from '../src/formats/midi.js';
import { renderScore } from '../src/synth/render.js';
import { encodeWav } from '../src/formats/wav.js';

const [piece, out, limitText] = process.argv.slice(2);
const limit = Number(limitText ?? 'Infinity');
const t0 = performance.now();
const score = readMidi(new Uint8Array(readFileSync(piece!)), piece);
const notes = score.notes.filter((n) => n.onset < limit);
const tRead = performance.now();
const audio = renderScore({ notes }, { sampleRate: 44100, channels: 1 });
const tRender = performance.now();
writeFileSync(out!, encodeWav(audio, 'pcm16'));
const tEnd = performance.now();
console.log(JSON.stringify({
  notes: notes.length,
  audioSeconds: audio.channels[0]!.length / 44100,
  seconds: (tEnd - t0) / 1000,
  renderSeconds: (tRender - tRead) / 1000,
  maxRssMiB: process.resourceUsage().maxRSS / 1024,
}));
