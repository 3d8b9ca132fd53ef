/**
 * "The worm plays": the C. elegans locomotion model live in the worker, its muscle contractions becoming notes as
 * they happen. Commands from the view (drive, environment, music, scripts) are recorded on the step grid and take
 * effect from where scheduling stands; the run keeps checkpoints so that going back (a pause, a seek) restores one
 * and re-runs at most a second or so, never the whole performance.
 *
 * The engine runs open-ended (no length); its exports cover the performance from the start to the furthest point
 * played (30 s when nothing has been played yet).
 */
import { CommandScriptError, COMMAND_ACTIONS, DEFAULT_PARAMS } from 'neuromusic/worm';
import { parseKey, scaleTempo, type Score } from 'neuromusic/score';
import type { CommandEffect, EngineReply, EngineSink, ExportedFile, LiveEngine } from '../../worker/live-engine.js';
import type { EngineInfo, ExportFormat } from '../../protocol.js';
import { Checkpoints } from '../../worker/checkpoints.js';
import { WormControls, DEFAULT_WORM_SETTINGS } from './controls.js';
import { WormRun } from './worm-run.js';
import { performanceScore, performanceWcon } from './worm-export.js';
import { WORM_ENGINE, type WormCommand, type WormDescription, type WormEvent, type WormMusic } from './messages.js';

/** The tempo at which the worm runs at its own speed: a quarter note per four notes at the default 5 notes/s. */
export const WORM_NATIVE_BPM = (60 * DEFAULT_WORM_SETTINGS.music.notesPerSecond) / 4;

/** Length exported when nothing has been played yet (s). */
const DEFAULT_EXPORT_SECONDS = 30;

/** Checkpoints: every second (500 steps of 2 ms) for the last 12 s, every 10 s before. */
const CHECKPOINT_STEPS = 500;

export class WormLiveEngine implements LiveEngine {
  readonly id = WORM_ENGINE;
  private seed = 0;
  private controls!: WormControls;
  private run!: WormRun;
  private checkpoints!: Checkpoints;
  /** The furthest step the performance has been played to (what the exports cover). */
  private furthestStep = 0;

  constructor() {
    this.rebuild(true);
  }

  info(): EngineInfo {
    const summary = this.controls.summary(this.run.steps);
    return {
      title: `The worm plays · ${parseKey(summary.music.key).name}`,
      duration: Infinity,
      nativeBpm: WORM_NATIVE_BPM,
      // The model has no noise by default: every seed gives the same worm.
      seeded: this.run.worm.params.neural.noisePerSqrtS > 0,
      exports: ['midi', 'wav', 'wcon'],
    };
  }

  rate(bpm: number): number {
    return bpm / WORM_NATIVE_BPM;
  }

  setSeed(seed: number): void {
    if (seed === this.seed) return;
    this.seed = seed;
    this.rebuild(false);
  }

  seek(time: number): void {
    const target = this.run.stepsBefore(time);
    const now = this.run.steps;
    if (target === now) return;
    if (target < now) {
      // Back: restore the checkpoint before the target (there is always one at step 0 once the run has moved).
      if (this.checkpoints.restoreAtOrBefore(target) < 0) this.rebuild(false);
      else this.run.restored();
    } else if (this.checkpoints.stepAtOrBefore(target) > now) {
      // Forward past a checkpoint taken before an earlier seek back: start from it.
      this.checkpoints.restoreAtOrBefore(target);
      this.run.restored();
    }
    this.run.run(time, null);
  }

  advance(_from: number, to: number, sink: EngineSink): void {
    this.run.run(to, sink);
    if (this.run.steps > this.furthestStep) this.furthestStep = this.run.steps;
  }

  command(command: unknown, reply: EngineReply): CommandEffect {
    const c = command as WormCommand;
    const step = this.run.steps;
    switch (c.kind) {
      case 'command':
        if (!COMMAND_ACTIONS.includes(c.action)) throw new Error(`worm engine: unknown action ${JSON.stringify(c.action)}`);
        this.controls.record({ step, kind: 'drive', action: c.action });
        break;
      case 'script':
        try {
          this.controls.recordScript(c.text, step);
        } catch (err) {
          if (err instanceof CommandScriptError) {
            reply.userError(err.message);
            return 'none';
          }
          throw err;
        }
        break;
      case 'environment':
        if (!(c.medium >= 0 && c.medium <= 1)) throw new Error(`worm engine: medium must lie in [0, 1], got ${c.medium}`);
        this.controls.record({ step, kind: 'medium', medium: c.medium });
        break;
      case 'music': {
        const music = this.checkMusic(c.music, reply);
        if (!music) return 'none';
        this.controls.record({ step, kind: 'music', music });
        break;
      }
      case 'restart':
        this.rebuild(true);
        this.describe(reply);
        return 'replaced';
      default:
        throw new Error(`worm engine: unknown command ${JSON.stringify(command)}`);
    }
    // The future from this step on changed: later checkpoints are stale; the next step applies the command.
    this.checkpoints.dropAfter(step);
    this.furthestStep = step;
    this.run.restored();
    reply.event(this.controlsEvent());
    return 'changed';
  }

  describe(reply: EngineReply): void {
    const worm = this.run.worm;
    const c = worm.circuit;
    const event: WormDescription = {
      kind: 'circuit',
      neuronNames: [...worm.neuronNames],
      motorNeurons: c.motorNeurons.map((m) => ({ unit: m.unit, cls: m.cls, position: m.position })),
      commandNeurons: { AVA: [...c.commandNeurons.AVA], AVD: [...c.commandNeurons.AVD], AVB: [...c.commandNeurons.AVB], PVC: [...c.commandNeurons.PVC] },
      synapses: c.network.chemical.map((s) => ({ pre: s.pre, post: s.post, weight: s.weight })),
      muscleNames: [...worm.muscleNames],
      rods: worm.body.rods,
      lengthMm: worm.params.body.lengthM * 1e3,
      controls: this.controls.summary(this.run.steps),
    };
    reply.event(event);
  }

  currentState(): { time: number; state: Float32Array } {
    return { time: this.run.time, state: this.run.currentState() };
  }

  performance(bpm: number): Score {
    return scaleTempo(performanceScore(this.seed, this.controls, this.exportSeconds(), WORM_NATIVE_BPM), this.rate(bpm));
  }

  exportFile(format: ExportFormat, _bpm: number, onProgress: (fraction: number) => void): ExportedFile {
    if (format !== 'wcon') throw new Error(`worm engine: no ${format} export`);
    const text = performanceWcon(this.seed, this.controls, this.exportSeconds(), onProgress);
    return { bytes: new TextEncoder().encode(text), extension: 'wcon', mime: 'application/json' };
  }

  /** Seconds of performance the exports cover. */
  exportSeconds(): number {
    const played = this.furthestStep * this.run.stepS;
    return played >= 1 ? played : DEFAULT_EXPORT_SECONDS;
  }

  private controlsEvent(): WormEvent {
    return { kind: 'controls', ...this.controls.summary(this.run.steps) };
  }

  private checkMusic(music: WormMusic, reply: EngineReply): WormMusic | undefined {
    try {
      parseKey(music.key);
    } catch (err) {
      reply.userError((err as Error).message);
      return undefined;
    }
    if (!(music.notesPerSecond > 0 && music.notesPerSecond <= 40)) {
      reply.userError(`note rate must lie in (0, 40] notes a second, got ${music.notesPerSecond}`);
      return undefined;
    }
    return { key: music.key, notesPerSecond: music.notesPerSecond };
  }

  /** A fresh run at step 0 under the seed; `forget` clears the recorded commands too. */
  private rebuild(forget: boolean): void {
    if (forget || !this.controls) this.controls = new WormControls(DEFAULT_PARAMS.numerics.stepS);
    this.run = new WormRun(this.seed, this.controls);
    this.checkpoints = new Checkpoints(this.run.state, { everySteps: CHECKPOINT_STEPS, keepDense: 12, sparseEvery: 10, exclude: this.run.constant });
    this.run.checkpoints = this.checkpoints;
    if (forget) this.furthestStep = 0;
  }
}
