/**
 * The ASHLE surrogate's speed beside ASHLE's own integration, on the same ten 30-s songs: ASHLE by RK4 at the 1 ms
 * step of the training data and at the duet's 1/256 s grid, and the surrogate (the shipped model, else a network
 * of the same shape) streamed sample by sample in plain JavaScript (what the duet's drummer runs) and as whole
 * songs through tfjs on wasm (what evaluation runs). Simulated seconds per wall-clock second, best of three, CPU
 * seconds beside wall seconds because the machine is shared. The target is 100× real time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { projectRoot, table, type BenchSection } from './lib.js';
import { simulateAshle } from '../src/dynamics/ashle.js';
import { selectBackend } from '../src/learn/backend.js';
import { createRandom } from '../src/math/random.js';
import { predictMotor, predictSongsTf } from '../src/learn/surrogate/metrics.js';
import { artifactsFromFiles, modelFromArtifacts, type SurrogateModel } from '../src/learn/surrogate/model.js';
import { makeSong, pulseStimulus, songPulse, SURROGATE_ASHLE, TRAINING_SONGS } from '../src/learn/surrogate/songs.js';
import { DEFAULT_TCN, initTcn, tcnParameterCount, TcnStream } from '../src/learn/surrogate/tcn.js';

function timed(fn: () => void): { seconds: number; cpuSeconds: number } {
  let best = { seconds: Infinity, cpuSeconds: Infinity };
  for (let k = 0; k < 3; k++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (seconds < best.seconds) best = { seconds, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  }
  return best;
}

function shippedOrFresh(): { model: SurrogateModel; label: string } {
  const dir = resolve(projectRoot, 'models', 'ashle-surrogate');
  if (existsSync(resolve(dir, 'model.json'))) {
    const b = readFileSync(resolve(dir, 'weights.bin'));
    return { model: modelFromArtifacts(artifactsFromFiles(readFileSync(resolve(dir, 'model.json'), 'utf8'), b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer)), label: 'the shipped model' };
  }
  return { model: { config: DEFAULT_TCN, theta: initTcn(DEFAULT_TCN, createRandom(0)), ashle: { spontaneousHz: 2 } }, label: 'an untrained network of the shipped shape' };
}

export const surrogateSection: BenchSection = {
  id: 'surrogate',
  title: 'ASHLE surrogate: inference vs integrating ASHLE',
  async run() {
    await selectBackend('wasm');
    const { model, label } = shippedOrFresh();
    const songs = Array.from({ length: 10 }, (_, i) => makeSong(200_000 + i, TRAINING_SONGS));
    const simulated = songs.length * TRAINING_SONGS.seconds;
    const pulses = songs.map((s) => songPulse(s.seed, TRAINING_SONGS));
    const ashleAt = (h: number) => (): void => {
      for (const p of pulses) simulateAshle({ params: SURROGATE_ASHLE, stimulus: pulseStimulus(p.onsets, p.accents, p.dropouts), durationSeconds: TRAINING_SONGS.seconds, stepSeconds: h, every: Math.max(1, Math.round(1 / (64 * h))), initial: { zs: [1, 0], zm: [1, 0], fs: 2, fm: 2 } });
    };
    const net = new TcnStream(model.theta, model.config);
    const cases: Array<{ label: string; run: () => void }> = [
      { label: 'ASHLE, RK4 at 1 ms (the training data)', run: ashleAt(0.001) },
      { label: 'ASHLE, RK4 at 1/256 s (the duet grid)', run: ashleAt(1 / 256) },
      { label: 'surrogate, streamed sample by sample (JavaScript, 64 Hz)', run: () => songs.forEach((s) => predictMotor(net, s.stimulus.re, s.stimulus.im, 2)) },
      { label: 'surrogate, whole songs 4 at a time (tfjs wasm)', run: () => void predictSongsTf(model.theta, model.config, songs, 2) },
    ];
    const rows = cases.map((c) => {
      const t = timed(c.run);
      return [c.label, t.seconds.toFixed(3), t.cpuSeconds.toFixed(3), `${(simulated / t.seconds).toFixed(0)}×`, `${(simulated / t.cpuSeconds).toFixed(0)}×`];
    });
    const ashle1ms = Number.parseFloat(rows[0]![3]!);
    return [
      `${songs.length} held-out songs of ${TRAINING_SONGS.seconds} s (${simulated} s simulated), ${label} (${tcnParameterCount(model.config)} parameters, ${model.config.blocks} blocks × ${model.config.channels} channels, kernel ${model.config.kernel}). Load average ${loadavg()[0]!.toFixed(1)} at the end (2 cores shared).`,
      '',
      table(['run', 'wall s', 'CPU s', '× real time (wall)', '× real time (CPU)'], rows),
      '',
      `The surrogate's speed relative to ASHLE at 1 ms: streamed ${(Number.parseFloat(rows[2]![3]!) / ashle1ms).toFixed(2)}×, batched ${(Number.parseFloat(rows[3]![3]!) / ashle1ms).toFixed(2)}×. ASHLE is two complex oscillators and two frequencies — six ODEs — so integrating it is cheap; the surrogate's worth is not speed over ASHLE but a differentiable stand-in (gradients through the drummer) and a learned map that runs wherever tfjs does.`,
    ].join('\n');
  },
};
