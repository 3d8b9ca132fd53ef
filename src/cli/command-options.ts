/**
 * The option values each command hands its implementation, as commander parses them, and the constants both sides
 * need: shared by the registration files (loaded at start-up) and the `*-run.ts` implementations (loaded on use).
 */
import type { EnvironmentChoice } from './common-options.js';

// analyze
export interface AnalyzeOptions {
  frame: number;
  energy: number;
  kmin: number;
  kmax: number;
  restarts: number;
  seed: number;
  silhouetteSample?: number;
  json?: string | boolean;
  /** With --json: every per-frame array too. */
  full?: boolean;
  report?: string;
  quiet?: boolean;
}

// beats
export interface TempoCliOptions {
  minBpm: number;
  maxBpm: number;
  preferredBpm: number;
}

export interface BeatsCliOptions extends TempoCliOptions {
  online?: boolean;
  latency?: number;
  csv?: string;
  report?: string;
  json?: string | boolean;
  quiet?: boolean;
}

// beats-eval
export interface BeatsEvalCliOptions {
  pieces: number;
  seed: number;
  midi?: string[] | false;
  aubio: boolean;
  fluidsynth: boolean;
  onlineLatency?: number;
  out?: string;
  json?: string | boolean;
  quiet?: boolean;
}

// groove
export interface GrooveCliOptions extends TempoCliOptions {
  out: string;
  /** A surrogate model folder (or 'shipped') that listens too. */
  model?: string;
  seed: number;
  json?: string | boolean;
  quiet?: boolean;
}

// worm
export interface SimulateCliOptions {
  seconds: number;
  env: EnvironmentChoice;
  command: string;
  muscles: 'hh' | 'activation';
  connectome?: string;
  wcon?: string;
  json?: string | boolean;
  report?: string;
  seed: number;
  fps: number;
  frameRate?: number;
  quiet?: boolean;
}

// dance
export interface DanceCliOptions {
  out: string;
  env: EnvironmentChoice;
  seed: number;
  components: number;
  tikhonov: number;
  minShift?: number;
  kmax: number;
  fps: number;
  sr: number;
  report?: string;
  json?: string | boolean;
  quiet?: boolean;
}

// learn
/** The second piece when none is named: Chopin's E-minor prelude from ../shared (Raindrop when that is the piece), else the built-in prelude. */
export const DEFAULT_SECOND_PIECE = 'chopin_prelude_op28_no4_e_minor.mid';

export interface LearnOptions {
  steps: string;
  secondPiece?: string | false;
  seed: number;
  surrogates: number;
  backend: 'auto' | 'cpu' | 'wasm';
  report?: string;
  json?: string | boolean;
  out?: string;
  play?: string;
  quiet?: boolean;
}

// resonance
/** The experiments, in the order of the help text (the library's RESONANCE_EXPERIMENTS; a test keeps them equal). */
export const RESONANCE_EXPERIMENT_NAMES = ['hopf', 'metronome', 'detect', 'consonance', 'population'] as const;

export type ResonanceExperimentChoice = (typeof RESONANCE_EXPERIMENT_NAMES)[number];

export interface ResonanceCliOptions {
  seed: number;
  json?: string | boolean;
  report?: string;
  svg?: string;
  quiet?: boolean;
  tempo?: number;
  f0?: number;
  lambda1?: number;
  lambda2?: number;
  gamma?: number;
  seconds?: number;
  /** The old name of --seconds. */
  duration?: number;
  pulse?: number;
  epsilon?: number;
  coupling?: number;
  noise?: number;
  perGroup?: number;
}

/** Which experiment each tuning option belongs to. */
export const OPTION_OWNERS: Record<string, ResonanceExperimentChoice[]> = {
  tempo: ['metronome', 'population'],
  f0: ['metronome'],
  lambda1: ['metronome'],
  lambda2: ['metronome'],
  gamma: ['metronome'],
  seconds: ['metronome', 'detect', 'population'],
  duration: ['metronome', 'detect', 'population'],
  pulse: ['detect'],
  epsilon: ['consonance'],
  coupling: ['consonance'],
  noise: ['consonance', 'population'],
  perGroup: ['population'],
};

// render
export const BIT_DEPTHS = ['16', '24', '32f'] as const;

export interface RenderCliOptions {
  out: string;
  output?: string;
  sr: number;
  channels: number;
  bits: (typeof BIT_DEPTHS)[number];
  quiet?: boolean;
  instrument?: import('../synth/instrument.js').Instrument;
}

// demo
export interface DemoCliOptions {
  out: string;
  bpm: number;
  sr: number;
  quiet?: boolean;
}

// studio
export interface StudioOptions {
  port: number;
  host: string;
  open?: boolean;
}

// compose
export interface SharedOptions {
  engine: string;
  seconds?: number;
  seed: number;
  out: string;
  report?: string;
  params?: string;
  sr: number;
  quiet?: boolean;
  json?: string | boolean;
}

// eeg
/** Options of `neuromusic eeg`. */
export interface EegCliOptions {
  seconds?: number;
  seed: number;
  baseline: number;
  writeEdf?: string;
  json?: string | boolean;
}

// bcmi
/** Options of `neuromusic bcmi`. */
export interface BcmiCliOptions {
  secondsPerState: number;
  baseline: number;
  settle: number;
  seed: number;
  out: string;
  sr: number;
  mapping?: string;
  report?: string;
  json?: string | boolean;
  quiet?: boolean;
}

// critique
/** Options of `critique`. */
export interface CritiqueCliOptions {
  key?: string;
  voice?: number;
  params?: string;
  all?: boolean;
  report?: string;
  json?: string | boolean;
  quiet?: boolean;
}
