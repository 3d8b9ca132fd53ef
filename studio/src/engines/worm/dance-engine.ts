/**
 * "The worm dances": the worm dances to a piece (the built-in prelude, or a MIDI / score JSON file), computed by
 * the core's `danceToPiece` — the CLI's `neuromusic dance` — and played back: the piece's own notes on the piano,
 * and, 50 times a second (the dance's 20-ms frames), a state with the dancing body (the physical dance's midline
 * and centroid), the body-wave activations of the 95 muscles, the driven worm's neurons (its command interneurons
 * and motor neurons lit by the piece), the pattern playing and the dance behaviour.
 *
 * A dance is precomputed (a few seconds for a few minutes of music, with progress reported to the view), so going
 * back in time is an index: seek(t) moves two cursors. The dance is a function of the piece and the seed (the
 * pattern analysis' seed), so what is exported (WCON, the dance timeline) is what was shown.
 *
 * The dance is computed on the first seek after a change, never inside a command, by a DanceComputer: in the
 * browser a worker of its own, so this engine keeps playing the piece's notes (without a body until the dance is
 * there) and the engine worker keeps answering; when the dance arrives, the host is told and the transport
 * re-seeks. A new piece or seed abandons a computation in flight.
 */
import { bachPreludeInC } from 'neuromusic';
import { readPiece } from '../load-piece.js';
import { scaleTempo, scoreEnd, type Score } from 'neuromusic/score';
import { type DanceData, dancePatterns, danceTimeline, danceWcon, DANCE_BEHAVIOURS, MUSCLE_COUNT, waveActivations } from 'neuromusic/worm';
import { EngineUserError, QUIET_HOST, type CommandEffect, type EngineHost, type EngineReply, type EngineSink, type ExportedFile, type LiveEngine } from '../../worker/live-engine.js';
import { inProcessDanceComputer, type DanceComputer } from './dance-computer.js';
import type { EngineInfo, ExportFormat } from '../../protocol.js';
import { firstOnsetAtOrAfter } from '../../note-search.js';
import { BEHAVIOUR_ORDER, DanceStateLayout, STATE_NOTES, WORM_ENGINE, WormStateLayout, type DanceDescription, type WormEvent } from './messages.js';

export const BUILT_IN_DANCE_FILE = 'built-in prelude';

/** The software named in the exported WCON. */
const SOFTWARE = { name: 'neuromusic studio', version: '0' };

/** Frames a second of the exported WCON and timeline (the CLI's default). */
const EXPORT_FPS = 25;

export class WormDanceEngine implements LiveEngine {
  readonly id = WORM_ENGINE;
  private score: Score = bachPreludeInC();
  private fileName = BUILT_IN_DANCE_FILE;
  private seed = 0;
  /** Water (0) to agar (1), agar by default (as `neuromusic dance`). */
  private medium = 1;
  private dance: DanceData | undefined;
  /** Abandons the computation in flight (undefined: none). */
  private abandon: (() => void) | undefined;
  /** The current piece and seed cannot be danced to (said once; a new piece or seed tries again). */
  private failed = false;
  private layout: DanceStateLayout | undefined;
  private stateArray = new Float32Array(0);
  /** Next note to play, next note to list in a state, next dance frame to send. */
  private nextNote = 0;
  private nextListed = 0;
  private nextFrame = 0;
  /**
   * `host` hears the dance's progress and description as soon as they exist, and that a dance computed in the
   * background has arrived; `computer` computes dances (in process unless told otherwise).
   */
  constructor(
    private readonly host: EngineHost = QUIET_HOST,
    private readonly computer: DanceComputer = inProcessDanceComputer,
  ) {}

  /** Whether the dance of the current piece and seed is computed. */
  get ready(): boolean {
    return this.dance !== undefined;
  }

  /** Whether the dance of the current piece and seed is being computed. */
  get computing(): boolean {
    return this.abandon !== undefined;
  }

  /** The piece the worm dances to. */
  get piece(): Score {
    return this.score;
  }

  info(): EngineInfo {
    const m = this.score.meta;
    const title = [m.composer, m.title].filter(Boolean).join(' — ') || this.fileName;
    return {
      title: `The worm dances · ${title}`,
      duration: scoreEnd(this.score),
      nativeBpm: this.score.tempos[0]?.bpm ?? 120,
      seeded: true,
      exports: ['midi', 'wav', 'wcon', 'timeline'],
    };
  }

  rate(bpm: number): number {
    return bpm / (this.score.tempos[0]?.bpm ?? 120);
  }

  setSeed(seed: number): void {
    if (seed === this.seed) return;
    this.seed = seed;
    this.forget();
  }

  seek(time: number): void {
    const d = this.ensure();
    this.nextNote = firstOnsetAtOrAfter(this.score.notes, time);
    this.nextFrame = d ? Math.max(0, Math.ceil(time / d.frameSeconds - 1e-9)) : 0;
    this.nextListed = d ? firstOnsetAtOrAfter(this.score.notes, this.nextFrame * d.frameSeconds) : 0;
  }

  advance(from: number, to: number, sink: EngineSink): void {
    const notes = this.score.notes;
    while (this.nextNote < notes.length && notes[this.nextNote]!.onset < to) {
      const n = notes[this.nextNote++]!;
      if (n.onset >= from) sink.note(n);
    }
    const d = this.dance;
    if (!d || !this.layout) return;
    const dt = d.frameSeconds;
    const a = this.stateArray;
    const L: WormStateLayout = this.layout.worm;
    while (this.nextFrame < d.frames && this.nextFrame * dt < to) {
      const f = this.nextFrame++;
      this.writeState(a, f);
      // The notes that start during this frame, for the muscle strip's note lane.
      let listed = 0;
      while (this.nextListed < notes.length && notes[this.nextListed]!.onset < (f + 1) * dt) {
        const n = notes[this.nextListed++]!;
        if (n.onset < f * dt) continue;
        if (listed < STATE_NOTES) {
          const at = L.notes + 3 * listed;
          a[at] = n.pitch;
          a[at + 1] = n.voice;
          a[at + 2] = n.velocity;
        }
        listed++;
      }
      a[WormStateLayout.NOTE_COUNT] = listed;
      sink.state(f * dt, a);
    }
  }

  command(command: unknown, reply: EngineReply): CommandEffect {
    const c = command as { kind: string; name?: string; bytes?: Uint8Array };
    switch (c.kind) {
      case 'load':
        return this.load(c.name ?? 'file', c.bytes ?? new Uint8Array(0), reply);
      case 'built-in':
        this.setPiece(bachPreludeInC(), BUILT_IN_DANCE_FILE);
        return 'replaced';
      case 'environment': {
        const medium = (command as { medium: number }).medium;
        if (!(medium >= 0 && medium <= 1)) throw new Error(`worm dance engine: medium must lie in [0, 1], got ${medium}`);
        if (medium === this.medium) return 'none';
        // The same piece and notes, another body: the music plays on while the dance is computed again.
        this.medium = medium;
        this.forget();
        return 'changed';
      }
      default:
        throw new Error(`worm dance engine: unknown command ${JSON.stringify(command)}`);
    }
  }

  /** Sends the dance's description (computing the dance first when it is not there). */
  describe(reply: EngineReply): void {
    if (this.dance) reply.event(this.description(this.dance));
    else this.ensure();
  }

  currentState(): { time: number; state: Float32Array } | undefined {
    const d = this.ensure();
    if (!d || !this.layout) return undefined;
    const f = Math.min(this.nextFrame, d.frames - 1);
    const a = new Float32Array(this.layout.length);
    this.writeState(a, f);
    return { time: f * d.frameSeconds, state: a };
  }

  performance(bpm: number): Score {
    return scaleTempo(this.score, this.rate(bpm));
  }

  exportFile(format: ExportFormat, _bpm: number, onProgress: (fraction: number) => void): ExportedFile {
    const d = this.ensure();
    if (!d) throw new EngineUserError(this.abandon ? 'the dance is still being computed: export it once the worm dances' : `${this.fileName}: no dance to export`);
    const piece = { title: this.score.meta.title ?? this.fileName, source: this.fileName };
    onProgress(0);
    if (format === 'wcon') return { bytes: new TextEncoder().encode(danceWcon(d, piece, SOFTWARE, EXPORT_FPS)), extension: 'wcon', mime: 'application/json' };
    if (format === 'timeline') return { bytes: new TextEncoder().encode(JSON.stringify(danceTimeline(d, piece, EXPORT_FPS))), extension: 'dance.json', mime: 'application/json' };
    throw new Error(`worm dance engine: no ${format} export`);
  }

  /**
   * The dance of the current piece and seed; when missing, starts computing it and returns undefined (or the dance,
   * with an in-process computer). Progress and the description go to the host; a dance that arrives later also
   * calls `host.changed()`.
   */
  ensure(): DanceData | undefined {
    if (this.dance || this.abandon || this.failed) return this.dance;
    const fileName = this.fileName;
    let started = false;
    let settled = false;
    const abandon = this.computer.start({ score: this.score, seed: this.seed, medium: this.medium }, {
      progress: (fraction, stage) => this.host.event({ kind: 'dance-progress', fraction, stage, fileName } satisfies WormEvent),
      done: (dance) => {
        settled = true;
        this.abandon = undefined;
        this.accept(dance);
        if (started) this.host.changed();
      },
      failed: (message, userError) => {
        settled = true;
        this.abandon = undefined;
        this.failed = true;
        if (!userError) throw new Error(`worm dance engine: computing the dance of ${fileName} failed: ${message}`);
        this.host.event({ kind: 'dance-failed', fileName, message } satisfies WormEvent);
        this.host.userError(`${fileName}: the worm cannot dance to it: ${message}`);
      },
    });
    started = true;
    if (!settled) this.abandon = abandon;
    return this.dance;
  }

  private accept(d: DanceData): void {
    this.dance = d;
    this.layout = new DanceStateLayout(d.body!.rods, d.driven.neuronNames.length, MUSCLE_COUNT);
    this.stateArray = new Float32Array(this.layout.length);
    this.host.event(this.description(d));
  }

  /** Drops the dance (and a computation in flight): the piece or the seed changed. */
  private forget(): void {
    this.abandon?.();
    this.abandon = undefined;
    this.dance = undefined;
    this.failed = false;
  }

  private load(name: string, bytes: Uint8Array, reply: EngineReply): CommandEffect {
    const score = readPiece(name, bytes, reply, 'no notes to dance to');
    if (!score) return 'none';
    this.setPiece(score, name);
    return 'replaced';
  }

  private setPiece(score: Score, fileName: string): void {
    this.score = score;
    this.fileName = fileName;
    this.forget();
    this.nextNote = this.nextListed = this.nextFrame = 0;
  }

  private description(d: DanceData): DanceDescription {
    const m = this.score.meta;
    return {
      kind: 'dance',
      title: [m.composer, m.title].filter(Boolean).join(' — ') || this.fileName,
      fileName: this.fileName,
      seed: this.seed,
      duration: scoreEnd(this.score),
      frameSeconds: d.frameSeconds,
      frames: d.frames,
      patterns: dancePatterns(d),
      labels: Uint8Array.from(d.analysis.frameLabels),
      rotations: d.patternExcitability.shifts,
      undulationHz: d.wave.undulationHz,
      behaviourShares: { ...d.behaviourShares },
      medium: d.options.medium,
    };
  }

  /**
   * Dance frame `f` as a state: the physical dance's body (midline, centroid, its speed along the body axis and its
   * behaviour), the driven worm's neurons and drive, the body wave's muscle activations, and the dance's numbers.
   */
  private writeState(a: Float32Array, f: number): void {
    const d = this.dance!;
    const layout = this.layout!;
    const L = layout.worm;
    const W = WormStateLayout;
    const body = d.body!;
    const b = Math.min(body.frames - 1, f);
    const rods = body.rods;
    const driven = d.driven;
    const nNeurons = driven.neuronNames.length;
    const midX = body.midlineX.subarray(b * rods, (b + 1) * rods);
    const midY = body.midlineY.subarray(b * rods, (b + 1) * rods);
    // Speed along the body axis (tail → head): positive forward, negative backing away.
    const ax = midX[0]! - midX[rods - 1]!;
    const ay = midY[0]! - midY[rods - 1]!;
    const len = Math.hypot(ax, ay) || 1;
    a.fill(0);
    a[W.TIME] = f * d.frameSeconds;
    a[W.BEHAVIOUR] = Math.max(0, BEHAVIOUR_ORDER.indexOf(body.behaviour[b]!));
    a[W.CENTROID_X] = body.centroidX[b]!;
    a[W.CENTROID_Y] = body.centroidY[b]!;
    a[W.AXIAL_SPEED] = (body.centroidVelocityX[b]! * ax + body.centroidVelocityY[b]! * ay) / len;
    a[W.FORWARD] = d.drive.forward[Math.min(d.drive.frames - 1, f)]!;
    a[W.BACKWARD] = d.drive.backward[Math.min(d.drive.frames - 1, f)]!;
    a[W.TURN] = d.drive.turn[Math.min(d.drive.frames - 1, f)]!;
    a[W.MEDIUM] = d.options.medium;
    a[W.WAVE_HZ] = d.wave.undulationHz * d.wave.direction[f]!;
    a.set(midX, L.midlineX);
    a.set(midY, L.midlineY);
    a.set(driven.neurons.subarray(f * nNeurons, (f + 1) * nNeurons), L.neurons);
    waveActivations(d.wave, f, a.subarray(L.muscles, L.muscles + MUSCLE_COUNT));
    a[layout.pattern] = d.analysis.frameLabels[f]!;
    a[layout.behaviour] = DANCE_BEHAVIOURS.indexOf(d.wave.behaviour[f]!);
    a[layout.direction] = d.wave.direction[f]!;
    a[layout.amplitude] = d.wave.amplitude[f]!;
    a[layout.head] = d.wave.headDifference[f]!;
  }
}
