/**
 * One performance of the nodal network (src/engines/nodal): the network advanced event by event under the user's
 * live contours and stimulations, each firing a note on its node's speaker, and the ring's state sampled 60 times a
 * second for the view (every sixth sample with the weight matrix). The live engine and the exports step the same
 * class: the network's results do not depend on how time is sliced, so both give the same firings.
 *
 *   stimulations (recorded) ─┐
 *   contours (live) ──► NodalNetwork.advanceTo ──► firing ──► note (speaker, channel) ──► sink
 *                                   └──► every 1/60 s: charge, last firing, flocks, firings, weights ──► state
 */
import { NodalNetwork, type FiringEvent, type FiringSink, nodalParams, type NodalParams, MIDI_CHANNELS, speakerOfNode, type ScaleName } from 'neuromusic/nodal';
import type { NoteEvent } from 'neuromusic/score';
import type { Checkpoints } from '../../worker/checkpoints.js';
import { LiveContour, defaultPointContours } from './live-contour.js';
import { RingStateLayout, STATE_FIRINGS, WEIGHTS_EVERY, type RingSettings } from './messages.js';

/** States a second. */
export const STATE_RATE = 60;

export const DEFAULT_RING_SETTINGS: RingSettings = { nodes: 32, speakers: 8, scale: 'chromatic', root: 0 };

/** Where a run puts what it produces (the LiveEngine sink's shape). */
export interface RingOutput {
  note(note: NoteEvent): number;
  state?(time: number, state: Float32Array): void;
  /** Each firing as the network reports it (a reused object: read it, do not keep it). */
  firing?(event: Readonly<FiringEvent>): void;
}

/** The nodal parameters of the settings (the engine's defaults otherwise). */
export function ringParams(settings: RingSettings): NodalParams {
  return nodalParams({ nodes: settings.nodes, speakers: Math.min(settings.speakers, settings.nodes), pitch: { scale: settings.scale as ScaleName, root: settings.root } });
}

/** The note of a firing, as `firingsToScore` writes it (MIDI pitch rounded, velocity 0–1, speaker, its channel). */
export function firingNote(e: Readonly<FiringEvent>, params: NodalParams): NoteEvent {
  const speaker = speakerOfNode(e.node, params.nodes, params.speakers);
  return {
    onset: e.timeSeconds,
    duration: params.noteDurationSeconds,
    pitch: Math.round(e.pitch),
    velocity: Math.min(1, Math.max(0, e.velocity / 127)),
    voice: e.node,
    speaker,
    channel: speaker % MIDI_CHANNELS, // speakerMidiAddress(speaker).channel, without its object per firing
  };
}

/** Stimulations by hand: externally driven firings at engine times, in time order. */
export class Stimulations {
  readonly times: number[] = [];
  readonly nodes: number[] = [];

  add(time: number, node: number): void {
    let i = this.times.length;
    while (i > 0 && this.times[i - 1]! > time) i--;
    this.times.splice(i, 0, time);
    this.nodes.splice(i, 0, node);
  }

  /** Index of the first stimulation at or after `time`. */
  firstAtOrAfter(time: number): number {
    let i = 0;
    while (i < this.times.length && this.times[i]! < time) i++;
    return i;
  }
}

/** What a run changes as it goes: the snapshot root of its checkpoints. */
export class RingRunState {
  /** Index of the last state sample taken (its time is index / STATE_RATE). */
  lastSample = -1;
  stimulationCursor = 0;

  constructor(readonly net: NodalNetwork) {}
}

export class RingRun {
  readonly params: NodalParams;
  readonly state: RingRunState;
  readonly layout: RingStateLayout;
  readonly pitch: LiveContour;
  readonly velocity: LiveContour;
  /** Checkpoints to take while running (the live engine's; exports run without). */
  checkpoints: Checkpoints | undefined;
  private readonly plain: Float32Array;
  private readonly withWeights: Float32Array;
  private readonly listed = new Float32Array(STATE_FIRINGS * RingStateLayout.FIRING_FIELDS);
  private listedCount = 0;
  private out: RingOutput | null = null;
  private readonly sink: FiringSink;

  constructor(
    readonly seed: number,
    readonly settings: RingSettings,
    readonly stimulations: Stimulations = new Stimulations(),
    contours?: { pitch: LiveContour; velocity: LiveContour },
  ) {
    this.params = ringParams(settings);
    const defaults = defaultPointContours();
    this.pitch = contours?.pitch ?? new LiveContour(defaults.pitch);
    this.velocity = contours?.velocity ?? new LiveContour(defaults.velocity);
    const net = new NodalNetwork({ params: this.params, seed, pitchContour: this.pitch.contour, velocityContour: this.velocity.contour });
    this.state = new RingRunState(net);
    this.layout = new RingStateLayout(net.nodes);
    this.plain = new Float32Array(this.layout.length);
    this.withWeights = new Float32Array(this.layout.lengthWithWeights);
    const params = this.params;
    this.sink = {
      firing: (e) => {
        const out = this.out;
        if (!out) return;
        out.firing?.(e);
        out.note(firingNote(e, params));
        if (out.state && this.listedCount < STATE_FIRINGS) {
          const at = this.listedCount * RingStateLayout.FIRING_FIELDS;
          this.listed[at] = e.node;
          this.listed[at + 1] = e.cause;
          this.listed[at + 2] = e.pitch;
          this.listed[at + 3] = e.velocity;
          this.listed[at + 4] = e.timeSeconds;
        }
        this.listedCount++;
      },
    };
  }

  get net(): NodalNetwork {
    return this.state.net;
  }

  /** The objects snapshots must leave alone: the live contours (their future is the user's, not the run's). */
  get persistent(): ReadonlySet<object> {
    return new Set([this.pitch.contour, this.velocity.contour]);
  }

  /** Advances to engine time `seconds`, sending notes and states for everything before it to `out`. */
  run(seconds: number, out: RingOutput | null): void {
    const s = this.state;
    const net = s.net;
    const stims = this.stimulations;
    this.out = out;
    try {
      while (true) {
        const k = s.lastSample + 1;
        const sampleTime = k / STATE_RATE;
        const end = sampleTime < seconds ? sampleTime : seconds;
        while (s.stimulationCursor < stims.times.length && stims.times[s.stimulationCursor]! < end) {
          const at = stims.times[s.stimulationCursor]!;
          if (at > net.time) net.advanceTo(at, this.sink);
          net.stimulate(stims.nodes[s.stimulationCursor]!, Math.max(at, net.time));
          s.stimulationCursor++;
        }
        if (end > net.time) net.advanceTo(end, this.sink);
        if (!(sampleTime < seconds)) break;
        s.lastSample = k;
        if (out?.state) this.emitState(k, sampleTime, out);
        else this.listedCount = 0;
        if (this.checkpoints?.due(k)) this.checkpoints.take(k);
      }
    } finally {
      this.out = null;
    }
  }

  /** After a checkpoint was restored: stimulations from its time on are still to apply; no firings are listed. */
  restored(): void {
    this.state.stimulationCursor = this.stimulations.firstAtOrAfter(this.state.net.time);
    this.listedCount = 0;
  }

  /** The state where the network stands, with its weights and no firings listed (what a paused view shows). */
  currentState(): Float32Array {
    const a = new Float32Array(this.layout.lengthWithWeights);
    this.writeState(a, this.state.net.time, true);
    a[RingStateLayout.FIRINGS] = 0;
    return a;
  }

  private emitState(k: number, time: number, out: RingOutput): void {
    const weights = k % WEIGHTS_EVERY === 0;
    const a = weights ? this.withWeights : this.plain;
    this.writeState(a, time, weights);
    a[RingStateLayout.FIRINGS] = Math.min(STATE_FIRINGS, this.listedCount);
    a.set(this.listed, this.layout.firings);
    this.listedCount = 0;
    out.state!(time, a);
  }

  private writeState(a: Float32Array, time: number, weights: boolean): void {
    const net = this.state.net;
    const L = this.layout;
    const n = net.nodes;
    a[RingStateLayout.TIME] = time;
    a[RingStateLayout.TOTAL] = net.counters.firings;
    a[RingStateLayout.HAS_WEIGHTS] = weights ? 1 : 0;
    a[RingStateLayout.PITCH_CONTOUR] = this.pitch.at(time);
    a[RingStateLayout.VELOCITY_CONTOUR] = this.velocity.at(time);
    a[RingStateLayout.PITCH_LAST] = net.pitchFlock.last;
    a[RingStateLayout.VELOCITY_LAST] = net.velocityFlock.last;
    const threshold = net.threshold;
    for (let i = 0; i < n; i++) {
      a[L.accumulators + i] = net.accumulators[i]! / threshold;
      a[L.lastFiring + i] = net.lastFiringSeconds[i]!;
    }
    a.set(net.pitchFlock.nodeLast, L.pitches);
    a.set(net.velocityFlock.nodeLast, L.velocities);
    if (weights) net.weightMatrix(a.subarray(L.weights, L.weights + n * n));
  }
}
