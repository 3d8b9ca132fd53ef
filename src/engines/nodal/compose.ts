/**
 * Offline runs of the nodal network: the live network stepped to the end (same code, same results for a seed),
 * with every firing collected and, for reports, the weights and intervals sampled along the way; and the mapping
 * of firings to a Score with a speaker index per note.
 */
import { createScore } from '../../score/ops.js';
import type { NoteEvent, Score } from '../../score/types.js';
import { writeMidi } from '../../formats/midi.js';
import type { Contour } from './contour.js';
import type { DelayLayout } from './layout.js';
import { withMidiPorts } from './midi-ports.js';
import { defaultContours, NodalNetwork, type FiringEvent, type FiringSink, type NodalCounters } from './network.js';
import type { NodalParams } from './params.js';
import { speakerMidiAddress, speakerOfNode } from './speakers.js';

/** Every firing of a run, in time order (columns). */
export interface FiringLog {
  count: number;
  timesSeconds: Float64Array;
  nodes: Int32Array;
  /** Flock outputs: MIDI pitch (on the scale) and MIDI velocity (1–127, continuous). */
  pitches: Float64Array;
  velocities: Float64Array;
  /** The node whose signal triggered the firing, −1 for external firings. */
  causes: Int32Array;
}

/**
 * A growable {@link FiringLog} that is also a {@link FiringSink}.
 * @example
 * const net = new NodalNetwork({ params: nodalParams(), seed: 1 });
 * const log = new FiringCollector(); net.advanceTo(10, log); log.log().count;
 */
export class FiringCollector implements FiringSink {
  count = 0;
  timesSeconds = new Float64Array(1024);
  nodes = new Int32Array(1024);
  pitches = new Float64Array(1024);
  velocities = new Float64Array(1024);
  causes = new Int32Array(1024);

  firing(e: Readonly<FiringEvent>): void {
    if (this.count === this.timesSeconds.length) this.grow();
    const i = this.count++;
    this.timesSeconds[i] = e.timeSeconds;
    this.nodes[i] = e.node;
    this.pitches[i] = e.pitch;
    this.velocities[i] = e.velocity;
    this.causes[i] = e.cause;
  }

  /** The collected firings, trimmed to their count. */
  log(): FiringLog {
    const c = this.count;
    return {
      count: c,
      timesSeconds: this.timesSeconds.slice(0, c),
      nodes: this.nodes.slice(0, c),
      pitches: this.pitches.slice(0, c),
      velocities: this.velocities.slice(0, c),
      causes: this.causes.slice(0, c),
    };
  }

  private grow(): void {
    const n = this.timesSeconds.length * 2;
    const widen = <T extends Float64Array | Int32Array>(a: T, b: T): T => {
      b.set(a);
      return b;
    };
    this.timesSeconds = widen(this.timesSeconds, new Float64Array(n));
    this.nodes = widen(this.nodes, new Int32Array(n));
    this.pitches = widen(this.pitches, new Float64Array(n));
    this.velocities = widen(this.velocities, new Float64Array(n));
    this.causes = widen(this.causes, new Int32Array(n));
  }
}

/** What {@link composeNodal} runs. */
export interface ComposeNodalOptions {
  params: NodalParams;
  seed: number;
  seconds: number;
  layout?: DelayLayout;
  /** Guiding contours; {@link defaultContours} of the run's length when omitted. */
  pitchContour?: Contour;
  velocityContour?: Contour;
  /** Sample the weight matrix and every node's recent interval every this many seconds (0: never). */
  sampleEverySeconds?: number;
  onProgress?: (fraction: number) => void;
}

/** Samples taken during a run, for reports. */
export interface NodalSamples {
  timesSeconds: number[];
  /** The N × N weight matrix at each sample time. */
  weights: Float32Array[];
  /** Each node's recent average firing interval x at each sample time. */
  intervals: Float32Array[];
}

/** The result of an offline run. */
export interface NodalRun {
  params: NodalParams;
  layout: DelayLayout;
  threshold: number;
  seed: number;
  seconds: number;
  firings: FiringLog;
  counters: NodalCounters;
  samples: NodalSamples;
  pitchContour: Contour;
  velocityContour: Contour;
  score: Score;
}

/**
 * Runs the nodal network for `seconds` and maps its firings to a Score.
 * @example
 * const run = composeNodal({ params: nodalParams(), seed: 1, seconds: 30 });
 * run.score.notes[0].speaker; // 0 … 7
 */
export function composeNodal(options: ComposeNodalOptions): NodalRun {
  const { params, seed, seconds } = options;
  if (!(seconds > 0 && Number.isFinite(seconds))) throw new RangeError(`seconds must be > 0, got ${seconds}`);
  const contours = defaultContours(seconds);
  const pitchContour = options.pitchContour ?? contours.pitch;
  const velocityContour = options.velocityContour ?? contours.velocity;
  const net = new NodalNetwork({ params, seed, ...(options.layout ? { layout: options.layout } : {}), pitchContour, velocityContour });
  const collector = new FiringCollector();
  const samples: NodalSamples = { timesSeconds: [], weights: [], intervals: [] };
  const every = options.sampleEverySeconds ?? 0;
  const sample = (t: number): void => {
    samples.timesSeconds.push(t);
    samples.weights.push(net.weightMatrix(new Float32Array(net.nodes * net.nodes)));
    samples.intervals.push(Float32Array.from({ length: net.nodes }, (_, i) => net.recentIntervalSeconds(i, t)));
  };
  const chunk = every > 0 ? every : Math.max(1, seconds / 100);
  if (every > 0) sample(0);
  for (let k = 1; ; k++) {
    const t = Math.min(seconds, k * chunk);
    net.advanceTo(t, collector);
    if (every > 0) sample(t);
    options.onProgress?.(t / seconds);
    if (t >= seconds) break;
  }
  const firings = collector.log();
  const finalParams = { ...params, nodes: net.nodes };
  return {
    params: finalParams,
    layout: net.layout,
    threshold: net.threshold,
    seed,
    seconds,
    firings,
    counters: { ...net.counters },
    samples,
    pitchContour,
    velocityContour,
    score: firingsToScore(firings, finalParams, seconds, seed),
  };
}

/**
 * The Score of a run: one note per firing, at the firing's time, with the flock's pitch and velocity, the node as
 * its voice, the node's speaker and that speaker's MIDI channel. Notes end by `seconds`.
 * @example
 * const run = composeNodal({ params: nodalParams(), seed: 1, seconds: 10 });
 * firingsToScore(run.firings, run.params, 10, 1).notes.length === run.firings.count; // → true
 */
export function firingsToScore(firings: FiringLog, params: Pick<NodalParams, 'nodes' | 'speakers' | 'noteDurationSeconds'>, seconds: number, seed: number): Score {
  const notes: NoteEvent[] = new Array(firings.count);
  for (let i = 0; i < firings.count; i++) {
    const node = firings.nodes[i]!;
    const speaker = speakerOfNode(node, params.nodes, params.speakers);
    const onset = firings.timesSeconds[i]!;
    notes[i] = {
      onset,
      duration: Math.max(1e-3, Math.min(params.noteDurationSeconds, seconds - onset)),
      pitch: Math.round(firings.pitches[i]!),
      velocity: Math.min(1, Math.max(0, firings.velocities[i]! / 127)),
      voice: node,
      speaker,
      channel: speakerMidiAddress(speaker).channel,
    };
  }
  return createScore(notes, {
    meta: {
      title: `Nodal network, ${params.nodes} nodes on ${params.speakers} speakers`,
      source: `nodal engine, seed ${seed}`,
    },
  });
}

/**
 * A Standard MIDI File of a nodal score: a track per speaker ("speaker N"), speaker N on channel (N − 1) mod 16,
 * and a MIDI-port meta event on each track when the ring has more than 16 speakers (speakers 17–32 on port 1, …).
 * @example
 * const run = composeNodal({ params: nodalParams(), seed: 1, seconds: 10 });
 * const bytes = nodalMidi(run.score, 8); // a track per speaker
 */
export function nodalMidi(score: Score, speakers: number): Uint8Array {
  const smf = writeMidi(score, { trackPer: 'speaker' });
  if (speakers <= 16) return smf;
  const present = [...new Set(score.notes.map((n) => n.speaker ?? 0))].sort((a, b) => a - b);
  // Track 0 is the tempo track; track i ≥ 1 holds the i-th speaker that has notes.
  return withMidiPorts(smf, (i) => (i === 0 ? -1 : speakerMidiAddress(present[i - 1]!).port));
}
