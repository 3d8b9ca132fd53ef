/**
 * The nodal network live (McIlwain & Pietsch 1996; src/engines/nodal): nodes on a circle fire notes on their
 * speakers, the flocks give them pitch and velocity, and the contours the user draws guide the flocks from the
 * moment the stroke takes effect (where scheduling stands). Open-ended; the exports cover the performance from the
 * start to the furthest point played (60 s when nothing has been played yet).
 */
import { firingsToScore, FiringCollector, nodalMidi, SCALE_NAMES } from 'neuromusic/nodal';
import { scaleTempo, type Score, pitchClassName } from 'neuromusic/score';
import type { CommandEffect, EngineReply, EngineSink, LiveEngine } from '../../worker/live-engine.js';
import type { EngineInfo } from '../../protocol.js';
import { Checkpoints } from '../../worker/checkpoints.js';
import { LiveContour, contourPoints, defaultPointContours } from './live-contour.js';
import { DEFAULT_RING_SETTINGS, RingRun, Stimulations, STATE_RATE, ringParams } from './ring-run.js';
import { RING_ENGINE, type RingCommand, type RingEvent, type RingSettings } from './messages.js';

/** Length exported when nothing has been played yet (s): the default contours' span. */
const DEFAULT_EXPORT_SECONDS = 60;
/** Checkpoints every second (60 state samples) for the last 12 s, every 10 s before. */
const CHECKPOINT_SAMPLES = STATE_RATE;

/** The tempo the ring reports: its notes have no beat; 60 bpm makes one beat a second. */
export const RING_NATIVE_BPM = 60;

export class RingLiveEngine implements LiveEngine {
  readonly id = RING_ENGINE;
  private seed = 0;
  private settings: RingSettings = DEFAULT_RING_SETTINGS;
  private stimulations = new Stimulations();
  private pitch!: LiveContour;
  private velocity!: LiveContour;
  private run!: RingRun;
  private checkpoints!: Checkpoints;
  private furthest = 0;

  constructor() {
    this.rebuild(true);
  }

  info(): EngineInfo {
    const p = this.run.params;
    return {
      title: `Nodal network · ${p.nodes} nodes on ${p.speakers} speakers`,
      duration: Infinity,
      nativeBpm: RING_NATIVE_BPM,
      seeded: true,
      exports: ['midi', 'wav'],
      ringSpeakers: p.speakers,
    };
  }

  rate(bpm: number): number {
    return bpm / RING_NATIVE_BPM;
  }

  setSeed(seed: number): void {
    if (seed === this.seed) return;
    this.seed = seed;
    this.rebuild(false);
  }

  seek(time: number): void {
    const now = this.run.net.time;
    if (time === now) return;
    const target = Math.floor(time * STATE_RATE);
    if (time < now) {
      if (this.checkpoints.restoreAtOrBefore(target) < 0) this.rebuild(false);
      else this.run.restored();
    } else if (this.checkpoints.stepAtOrBefore(target) / STATE_RATE > now) {
      this.checkpoints.restoreAtOrBefore(target);
      this.run.restored();
    }
    this.run.run(time, null);
  }

  advance(_from: number, to: number, sink: EngineSink): void {
    this.run.run(to, sink);
    if (to > this.furthest) this.furthest = to;
  }

  command(command: unknown, reply: EngineReply): CommandEffect {
    const c = command as RingCommand;
    const now = this.run.net.time;
    switch (c.kind) {
      case 'contour':
        (c.which === 'pitch' ? this.pitch : this.velocity).edit(c.points, now);
        break;
      case 'reset-contours': {
        // The default contours' future from now on (the past stays as it was heard).
        const d = defaultPointContours();
        this.pitch.edit(contourPoints(d.pitch), now);
        this.velocity.edit(contourPoints(d.velocity), now);
        break;
      }
      case 'stimulate':
        if (!(Number.isInteger(c.node) && c.node >= 0 && c.node < this.run.net.nodes)) throw new Error(`ring engine: no node ${c.node}`);
        this.stimulations.add(now, c.node);
        break;
      case 'network': {
        const problem = settingsProblem(c.settings);
        if (problem) {
          reply.userError(problem);
          return 'none';
        }
        this.settings = { ...c.settings, speakers: Math.min(c.settings.speakers, c.settings.nodes) };
        this.rebuild(true);
        this.describe(reply);
        return 'replaced';
      }
      default:
        throw new Error(`ring engine: unknown command ${JSON.stringify(command)}`);
    }
    // The future from now on changed: checkpoints after now are stale.
    this.checkpoints.dropAfter(Math.floor(now * STATE_RATE));
    this.furthest = now;
    this.run.restored();
    reply.event(this.contoursEvent());
    return 'changed';
  }

  describe(reply: EngineReply): void {
    const p = this.run.params;
    const net = this.run.net;
    const event: RingEvent = {
      kind: 'network',
      settings: this.settings,
      threshold: net.threshold,
      minWeight: (p.weights.floorShare * net.threshold) / (net.nodes - 1),
      maxWeight: p.weights.ceilingFraction * net.threshold,
      pitchRange: [p.pitch.min, p.pitch.max],
      velocityRange: [p.velocity.min, p.velocity.max],
      recoverySeconds: p.recoverySeconds,
      noteSeconds: p.noteDurationSeconds,
    };
    reply.event(event);
    reply.event(this.contoursEvent());
  }

  currentState(): { time: number; state: Float32Array } {
    return { time: this.run.net.time, state: this.run.currentState() };
  }

  performance(bpm: number): Score {
    const seconds = this.exportSeconds();
    // The performance re-run, its firings collected and mapped as the CLI maps them (compose.ts).
    const run = new RingRun(this.seed, this.settings, this.stimulations, this.frozenContours());
    const collector = new FiringCollector();
    run.run(seconds, { note: () => 0, firing: (e) => collector.firing(e) });
    return scaleTempo(firingsToScore(collector.log(), run.params, seconds, this.seed), this.rate(bpm));
  }

  /** A track and a MIDI channel per speaker, MIDI ports beyond 16 speakers: the CLI's layout (nodalMidi). */
  midiFile(score: Score): Uint8Array {
    return nodalMidi(score, this.run.params.speakers);
  }

  /** Seconds of performance the exports cover. */
  exportSeconds(): number {
    return this.furthest >= 1 ? this.furthest : DEFAULT_EXPORT_SECONDS;
  }

  private frozenContours(): { pitch: LiveContour; velocity: LiveContour } {
    const copy = (c: LiveContour): LiveContour => new LiveContour(c.contour);
    return { pitch: copy(this.pitch), velocity: copy(this.velocity) };
  }

  private contoursEvent(): RingEvent {
    return { kind: 'contours', pitch: this.pitch.points(), velocity: this.velocity.points() };
  }

  /** A new run at time 0; `fresh` also forgets the drawn contours and stimulations (a new performance). */
  private rebuild(fresh: boolean): void {
    if (fresh || !this.pitch) {
      const d = defaultPointContours();
      this.pitch = new LiveContour(d.pitch);
      this.velocity = new LiveContour(d.velocity);
      this.stimulations = new Stimulations();
      this.furthest = 0;
    }
    this.run = new RingRun(this.seed, this.settings, this.stimulations, { pitch: this.pitch, velocity: this.velocity });
    this.checkpoints = new Checkpoints(this.run.state, { everySteps: CHECKPOINT_SAMPLES, keepDense: 12, sparseEvery: 10, exclude: this.run.persistent });
    this.run.checkpoints = this.checkpoints;
  }
}

/** Why settings cannot make a network, or undefined. */
function settingsProblem(s: RingSettings): string | undefined {
  if (!(Number.isInteger(s.nodes) && s.nodes >= 2 && s.nodes <= 256)) return `nodes must be a whole number from 2 to 256, got ${s.nodes}`;
  if (!(Number.isInteger(s.speakers) && s.speakers >= 1)) return `speakers must be a whole number ≥ 1, got ${s.speakers}`;
  if (!(SCALE_NAMES as readonly string[]).includes(s.scale)) return `unknown scale "${s.scale}" (known: ${SCALE_NAMES.join(', ')})`;
  if (!(Number.isInteger(s.root) && s.root >= 0 && s.root <= 11)) return `root must be a pitch class 0–11 (${pitchClassName(0)}–${pitchClassName(11)}), got ${s.root}`;
  try {
    ringParams(s);
  } catch (err) {
    return (err as Error).message;
  }
  return undefined;
}
