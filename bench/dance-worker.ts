/**
 * One dance / compose benchmark measurement in a fresh process (`dance-worker.ts MODE …`), printing JSON:
 * - `dance PIECE`: the `neuromusic dance` pipeline in process, stage by stage (wall and CPU seconds);
 * - `compose SECONDS`: the `neuromusic compose` pipeline (worm engine) stage by stage;
 * - `shift-test T`: the circular-shift test of one envelope against 4 scores by DFT and by direct Pearson per shift;
 * - `physical PIECE STEP_MS`: the physical dance's body at one step, its path and end point.
 */
import { readFileSync } from 'node:fs';
import { readMidi } from '../src/formats/midi.js';
import { encodeWav } from '../src/formats/wav.js';
import { writeMidi } from '../src/formats/midi.js';
import { renderScore } from '../src/synth/render.js';
import { danceToPiece, waveActivations } from '../src/engines/worm/dance/dance.js';
import { danceTimeline } from '../src/engines/worm/dance/dance-timeline.js';
import { danceWcon } from '../src/engines/worm/dance/dance-wcon.js';
import { danceReportHtml } from '../src/engines/worm/dance/dance-report.js';
import { composeWorm } from '../src/engines/worm/play/compose.js';
import { simulateWorm } from '../src/engines/worm/model/simulate.js';
import { excitability } from '../src/analysis/excitability.js';
import { flatMatrix } from '../src/math/flat-matrix.js';
import { pearson } from '../src/math/stats.js';
import { createRandom } from '../src/math/random.js';

const [mode = 'dance', arg = '', arg2 = ''] = process.argv.slice(2);

/** Wall and CPU seconds of each stage. */
const stages: Array<{ stage: string; wall: number; cpu: number }> = [];
let wall0 = performance.now();
let cpu0 = process.cpuUsage();
function lap(stage: string): void {
  const now = performance.now();
  const cpu = process.cpuUsage(cpu0);
  stages.push({ stage, wall: (now - wall0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 });
  wall0 = now;
  cpu0 = process.cpuUsage();
}

if (mode === 'dance') {
  const score = readMidi(new Uint8Array(readFileSync(arg)), arg);
  lap('read MIDI');
  let last = 'patterns';
  const dance = danceToPiece(score, {}, (_, stage) => {
    if (stage !== last) {
      lap(last);
      last = stage;
    }
  });
  lap(last);
  const piece = { title: 'bench', source: arg };
  JSON.stringify(danceTimeline(dance, piece));
  lap('timeline JSON');
  danceWcon(dance, piece, { name: 'bench', version: '0' });
  lap('WCON');
  encodeWav(renderScore(score, { sampleRate: 44100, channels: 2 }), 'pcm16');
  lap('WAV (modal piano, 44.1 kHz)');
  await danceReportHtml(dance, piece);
  lap('HTML report');
  console.log(JSON.stringify({ stages, musicSeconds: dance.frames * dance.frameSeconds }));
} else if (mode === 'compose') {
  const seconds = Number(arg);
  const c = composeWorm({ seconds });
  lap('simulate + map to notes');
  writeMidi(c.score);
  lap('MIDI');
  encodeWav(renderScore(c.score, { sampleRate: 44100, channels: 2 }), 'pcm16');
  lap('WAV (modal piano, 44.1 kHz)');
  console.log(JSON.stringify({ stages, notes: c.score.notes.length, musicSeconds: seconds }));
} else if (mode === 'shift-test') {
  const T = Number(arg);
  const rng = createRandom(1);
  const V = flatMatrix(T, 1);
  const Z = flatMatrix(T, 4);
  for (let i = 0; i < V.data.length; i++) V.data[i] = Math.sin(i / 50) + rng.normal();
  for (let i = 0; i < Z.data.length; i++) Z.data[i] = rng.normal();
  const minShift = Math.round(0.1 * T);
  const t0 = performance.now();
  const fast = excitability(V, Z, { minShift });
  const dft = (performance.now() - t0) / 1000;
  // Direct: every rotation's Pearson r against every score.
  const v = Array.from({ length: T }, (_, t) => V.data[t]!);
  const z = Array.from({ length: 4 }, (_, j) => Array.from({ length: T }, (_, t) => Z.data[t * 4 + j]!));
  const t1 = performance.now();
  const stat = (s: number): number => {
    const rotated = v.map((_, t) => v[(t + s) % T]!);
    return Math.max(...z.map((zj) => Math.abs(pearson(rotated, zj))));
  };
  const observed = stat(0);
  let exceed = 0;
  for (let s = minShift; s <= T - minShift; s++) if (stat(s) >= observed * (1 - 1e-12)) exceed++;
  const direct = (performance.now() - t1) / 1000;
  const pDirect = (1 + exceed) / (1 + fast.shifts);
  console.log(JSON.stringify({ T, shifts: fast.shifts, dftSeconds: dft, directSeconds: direct, pDft: fast.entries[0]!.pValue, pDirect, seconds: dft }));
} else if (mode === 'physical') {
  const score = readMidi(new Uint8Array(readFileSync(arg)), arg);
  const dance = danceToPiece(score, { physical: false });
  const T = dance.frames;
  const t0 = performance.now();
  const body = simulateWorm({
    seconds: T * dance.frameSeconds,
    frameRate: 1 / dance.frameSeconds,
    params: { environment: { medium: dance.options.medium }, numerics: { stepS: Number(arg2) / 1000 } },
    muscles: (time, out) => {
      const f = Math.min(T - 1, Math.round(time / dance.frameSeconds));
      waveActivations(dance.wave, f, out);
    },
  });
  const seconds = (performance.now() - t0) / 1000;
  let path = 0;
  for (let f = 1; f < body.frames; f++) path += Math.hypot(body.centroidX[f]! - body.centroidX[f - 1]!, body.centroidY[f]! - body.centroidY[f - 1]!);
  const end = body.frames - 1;
  console.log(JSON.stringify({ stepMs: Number(arg2), seconds, musicSeconds: T * dance.frameSeconds, pathMm: path, endX: body.centroidX[end], endY: body.centroidY[end], x: Array.from(body.centroidX), y: Array.from(body.centroidY) }));
} else {
  throw new Error(`unknown mode ${mode}`);
}
