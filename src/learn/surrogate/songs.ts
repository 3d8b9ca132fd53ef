/**
 * Synthetic songs for the ASHLE surrogate: a beat stimulus with a tempo, a metre, expressive timing and dropouts,
 * and the ASHLE run it drives (Roman, Roman, Kim & Large 2023, PLoS Comput Biol 19:e1011154; the model in
 * src/dynamics/ashle.ts). Everything is a function of the song's seed.
 *
 * The stimulus is the one ASHLE's paper uses for a metronome, generalised to a performed pulse: x(t) = a(t)·e^{iθ(t)}
 * with θ advancing by 2π from one beat onset to the next (linearly in between, so θ's rate is the local tempo) and
 * a(t) the beat's accent (downbeats 1, other beats `offbeatAccent`), 0 during dropouts and before the first beat.
 * Onsets: a tempo curve (the song's tempo × a slow sinusoidal rubato of ±`rubato` and a linear drift) plus
 * independent Gaussian timing jitter of `jitter` × the beat interval.
 */
import { simulateAshle, type AshleTrace } from '../../dynamics/ashle.js';
import type { AshleParams } from '../../dynamics/params.js';
import { createRandom } from '../../math/random.js';

const TWO_PI = 2 * Math.PI;

/** How songs are drawn. */
export interface SongSpec {
  /** Tempo range (beats per minute) the song's base tempo is drawn from, log-uniformly. */
  bpm: [number, number];
  /** Length (s). */
  seconds: number;
  /** Sample rate of the series the surrogate sees (Hz). */
  sampleHz: number;
  /** Standard deviation of the per-beat onset jitter, as a share of the beat interval. */
  jitter: number;
  /** Peak share of the slow rubato (tempo × (1 ± rubato)). */
  rubato: number;
  /** Mean number of dropouts per 30 s, and their length range (beats). */
  dropoutsPer30s: number;
  dropoutBeats: [number, number];
  /** Accent of the beats that are not downbeats (downbeats have 1). */
  offbeatAccent: number;
}

/** The training distribution (the seed's curriculum, 80–160 BPM, 30 s songs) at 64 Hz. */
export const TRAINING_SONGS: SongSpec = {
  bpm: [80, 160],
  seconds: 30,
  sampleHz: 64,
  jitter: 0.03,
  rubato: 0.04,
  dropoutsPer30s: 2,
  dropoutBeats: [1, 4],
  offbeatAccent: 0.7,
};

/** A song: its score-level facts, the stimulus and ASHLE's response, both sampled at `sampleHz`. */
export interface Song {
  seed: number;
  bpm: number;
  beatsPerBar: number;
  sampleHz: number;
  /** Beat onset times (s), dropped beats included (they are silent, not absent from the pulse). */
  onsets: Float64Array;
  /** Dropout intervals [start, end) in seconds. */
  dropouts: Array<[number, number]>;
  /** Stimulus x = a·e^{iθ}: real and imaginary parts, and its phase θ (NaN where a = 0). */
  stimulus: { re: Float32Array; im: Float32Array; phase: Float64Array };
  /** ASHLE's motor oscillator: phase arg z_m, amplitude |z_m|, learned frequency f_m (Hz). */
  motor: { phase: Float64Array; amplitude: Float64Array; frequencyHz: Float64Array };
}

/** The default ASHLE parameters of the surrogate (the seed's: f0 = 2 Hz, λ1 = 0.5, λ2 = 2, γ = 0.01, F = 1). */
export const SURROGATE_ASHLE: Partial<AshleParams> = { spontaneousHz: 2, lambda1: 0.5, lambda2: 2, gamma: 0.01, forcing: 1 };

/**
 * The pulse of a song: onsets, accents and dropouts, all from the seed.
 * @example
 * const p = songPulse(3, TRAINING_SONGS);
 * p.onsets.length > 30; // → true — 30 s at 80–160 bpm
 */
export function songPulse(seed: number, spec: SongSpec): { bpm: number; beatsPerBar: number; onsets: Float64Array; accents: Float64Array; dropouts: Array<[number, number]> } {
  const rng = createRandom(seed);
  const [lo, hi] = spec.bpm;
  if (!(lo > 0 && hi >= lo)) throw new RangeError(`tempo range must be positive and ordered, got ${lo}–${hi}`);
  const bpm = Math.exp(rng.uniform(Math.log(lo), Math.log(hi)));
  const beatsPerBar = [2, 3, 4, 4][rng.int(4)]!;
  const lead = rng.uniform(0, 0.5);
  const rubatoPeriod = rng.uniform(6, 16);
  const rubatoPhase = rng.uniform(0, TWO_PI);
  const drift = rng.uniform(-0.05, 0.05);
  const onsets: number[] = [];
  const accents: number[] = [];
  let t = lead;
  let k = 0;
  while (t < spec.seconds + 2) {
    const jitter = onsets.length > 0 ? spec.jitter * rng.normal() : 0;
    const local = (bpm / 60) * (1 + spec.rubato * Math.sin((TWO_PI * t) / rubatoPeriod + rubatoPhase)) * (1 + (drift * t) / spec.seconds);
    const ioi = 1 / local;
    onsets.push(t + jitter * ioi);
    accents.push(k % beatsPerBar === 0 ? 1 : spec.offbeatAccent);
    t += ioi;
    k++;
  }
  // Keep onsets increasing whatever the jitter.
  for (let i = 1; i < onsets.length; i++) onsets[i] = Math.max(onsets[i]!, onsets[i - 1]! + 0.05);
  const dropouts: Array<[number, number]> = [];
  const count = poisson(rng, (spec.dropoutsPer30s * spec.seconds) / 30);
  for (let d = 0; d < count; d++) {
    const first = 4 + rng.int(Math.max(1, onsets.length - 8));
    const beats = spec.dropoutBeats[0] + rng.int(spec.dropoutBeats[1] - spec.dropoutBeats[0] + 1);
    const last = Math.min(onsets.length - 1, first + beats);
    dropouts.push([onsets[first]!, onsets[last]!]);
  }
  return { bpm, beatsPerBar, onsets: Float64Array.from(onsets), accents: Float64Array.from(accents), dropouts };
}

function poisson(rng: ReturnType<typeof createRandom>, mean: number): number {
  const l = Math.exp(-mean);
  let k = 0;
  let p = rng.next();
  while (p > l) {
    k++;
    p *= rng.next();
  }
  return k;
}

/**
 * The stimulus of a pulse as a function of time, for ASHLE's integrator: a·e^{iθ}, θ linear between onsets.
 * @example
 * const x = pulseStimulus(Float64Array.of(0, 0.5, 1), Float64Array.of(1, 1, 1), []);
 * const out = new Float64Array(2);
 * x(0.25, out);
 * Array.from(out, (v) => Math.round(v * 1e6) / 1e6); // → [-1, 0] — half a beat: θ = π
 */
export function pulseStimulus(onsets: Float64Array, accents: Float64Array, dropouts: Array<[number, number]>): (t: number, out: Float64Array) => void {
  let hint = 0;
  return (t, out) => {
    if (t < onsets[0]! || t >= onsets[onsets.length - 1]! || dropouts.some(([a, b]) => t >= a && t < b)) {
      out[0] = 0;
      out[1] = 0;
      return;
    }
    if (onsets[hint]! > t) hint = 0;
    while (hint + 1 < onsets.length && onsets[hint + 1]! <= t) hint++;
    const a = onsets[hint]!;
    const b = onsets[hint + 1]!;
    const theta = (TWO_PI * (t - a)) / (b - a);
    const amp = accents[hint]!;
    out[0] = amp * Math.cos(theta);
    out[1] = amp * Math.sin(theta);
  };
}

/** The motor series of an ASHLE run, decimated from its kept samples to one every `every`. */
function motorOf(trace: AshleTrace, count: number, every: number): Song['motor'] {
  const phase = new Float64Array(count);
  const amplitude = new Float64Array(count);
  const frequencyHz = new Float64Array(count);
  for (let n = 0; n < count; n++) {
    const j = n * every;
    const re = trace.motor.re[j]!;
    const im = trace.motor.im[j]!;
    phase[n] = Math.atan2(im, re);
    amplitude[n] = Math.hypot(re, im);
    frequencyHz[n] = trace.motor.frequencyHz[j]!;
  }
  return { phase, amplitude, frequencyHz };
}

/**
 * A song and ASHLE's response to it (RK4, 1 ms step), sampled at `spec.sampleHz`. ASHLE starts as the duet's
 * drummer does: both oscillators on their limit cycle at phase 0 (z = 1), both frequencies f0.
 * @example
 * const song = makeSong(1, { ...TRAINING_SONGS, seconds: 4 });
 * song.motor.phase.length; // → 256 — 4 s at 64 Hz
 */
export function makeSong(seed: number, spec: SongSpec = TRAINING_SONGS, ashle: Partial<AshleParams> = SURROGATE_ASHLE): Song {
  const pulse = songPulse(seed, spec);
  const x = pulseStimulus(pulse.onsets, pulse.accents, pulse.dropouts);
  const n = Math.round(spec.seconds * spec.sampleHz);
  const stepsPerSample = Math.round(1000 / spec.sampleHz);
  const h = 1 / (spec.sampleHz * stepsPerSample);
  const f0 = ashle.spontaneousHz ?? 2;
  const trace = simulateAshle({
    params: ashle,
    stimulus: x,
    durationSeconds: (n - 1) / spec.sampleHz + h / 2,
    stepSeconds: h,
    every: 1,
    initial: { zs: [1, 0], zm: [1, 0], fs: f0, fm: f0 },
  });
  const re = new Float32Array(n);
  const im = new Float32Array(n);
  const phase = new Float64Array(n);
  const out = new Float64Array(2);
  for (let k = 0; k < n; k++) {
    x(k / spec.sampleHz, out);
    re[k] = out[0]!;
    im[k] = out[1]!;
    phase[k] = out[0] === 0 && out[1] === 0 ? NaN : Math.atan2(out[1]!, out[0]!);
  }
  return {
    seed,
    bpm: pulse.bpm,
    beatsPerBar: pulse.beatsPerBar,
    sampleHz: spec.sampleHz,
    onsets: pulse.onsets,
    dropouts: pulse.dropouts,
    stimulus: { re, im, phase },
    motor: motorOf(trace, n, stepsPerSample),
  };
}

/** The four sets, each a list of song seeds and the spec they are drawn with. */
export interface SongSets {
  training: { seeds: number[]; spec: SongSpec };
  validation: { seeds: number[]; spec: SongSpec };
  heldOut: { seeds: number[]; spec: SongSpec };
  /** Tempi outside the training range: 60–78 and 165–200 BPM. */
  extrapolation: { seeds: number[]; spec: SongSpec[] };
}

/**
 * The split by seed: song seeds are disjoint fixed ranges (training 0…, validation 100 000…, held-out 200 000…,
 * extrapolation 300 000…), the same for every run, so a held-out song never trains and every model is measured on
 * the same songs. (A run's own seed draws its initial weights and its batches.)
 * @example
 * const sets = songSets({ training: 50, validation: 8, heldOut: 10, extrapolation: 6 });
 * sets.heldOut.seeds[0]; // → 200000
 */
export function songSets(counts: { training: number; validation: number; heldOut: number; extrapolation: number }, spec: SongSpec = TRAINING_SONGS): SongSets {
  const range = (offset: number, n: number): number[] => Array.from({ length: n }, (_, i) => offset + i);
  const slow: SongSpec = { ...spec, bpm: [60, 78] };
  const fast: SongSpec = { ...spec, bpm: [165, 200] };
  const ex = range(300_000, counts.extrapolation);
  return {
    training: { seeds: range(0, counts.training), spec },
    validation: { seeds: range(100_000, counts.validation), spec },
    heldOut: { seeds: range(200_000, counts.heldOut), spec },
    extrapolation: { seeds: ex, spec: ex.map((_, i) => (i % 2 === 0 ? slow : fast)) },
  };
}
