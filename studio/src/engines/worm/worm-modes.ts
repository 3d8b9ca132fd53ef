/**
 * The Worm view's engine: two modes behind one id. "The worm plays" (WormLiveEngine: the model's muscles make the
 * music) and "the worm dances" (WormDanceEngine: a piece drives the worm, the body dances to it). A `mode` command
 * switches; a file dropped on the view (or the built-in prelude) is something to dance to, so it switches to
 * "dances". Each mode keeps its own state across switches (the recorded commands, the computed dance).
 */
import type { Score } from 'neuromusic/score';
import { QUIET_HOST, type CommandEffect, type EngineHost, type EngineReply, type EngineSink, type ExportedFile, type LiveEngine } from '../../worker/live-engine.js';
import type { DanceComputer } from './dance-computer.js';
import type { EngineInfo, ExportFormat } from '../../protocol.js';
import { WormLiveEngine } from './worm-engine.js';
import { WormDanceEngine } from './dance-engine.js';
import { WORM_ENGINE, WORM_MODES, type WormCommand, type WormEvent, type WormMode } from './messages.js';

export class WormStudioEngine implements LiveEngine {
  readonly id = WORM_ENGINE;
  readonly plays = new WormLiveEngine();
  readonly dances: WormDanceEngine;
  private mode: WormMode = 'plays';

  /** `computer` computes the dances (in process unless told otherwise: the worker gives it a worker of its own). */
  constructor(host: EngineHost = QUIET_HOST, computer?: DanceComputer) {
    // A dance that arrives while the view shows "the worm plays" waits for the switch back (whose seek finds it).
    this.dances = new WormDanceEngine({
      event: (event, transfer) => host.event(event, transfer),
      userError: (message) => host.userError(message),
      changed: () => {
        if (this.mode === 'dances') host.changed();
      },
    }, computer);
  }

  get currentMode(): WormMode {
    return this.mode;
  }

  private get active(): LiveEngine {
    return this.mode === 'dances' ? this.dances : this.plays;
  }

  info(): EngineInfo {
    return this.active.info();
  }

  rate(bpm: number): number {
    return this.active.rate(bpm);
  }

  setSeed(seed: number): void {
    this.plays.setSeed(seed);
    this.dances.setSeed(seed);
  }

  seek(time: number): void {
    this.active.seek(time);
  }

  advance(from: number, to: number, sink: EngineSink): void {
    this.active.advance(from, to, sink);
  }

  command(command: unknown, reply: EngineReply): CommandEffect {
    const c = command as WormCommand;
    switch (c.kind) {
      case 'mode':
        if (!WORM_MODES.includes(c.value)) throw new Error(`worm engine: unknown mode ${JSON.stringify(c.value)}`);
        if (c.value === this.mode) return 'none';
        this.mode = c.value;
        // Not describe(): computing a dance here would keep the sound of the other mode going meanwhile. The
        // transport's seek, after it has stopped that sound, computes it (and its description follows).
        reply.event(this.modeEvent());
        if (this.mode === 'dances' && this.dances.ready) this.dances.describe(reply);
        return 'replaced';
      case 'load':
      case 'built-in': {
        const effect = this.dances.command(c, reply);
        if (effect === 'none') return effect;
        if (this.mode !== 'dances') {
          this.mode = 'dances';
          reply.event(this.modeEvent());
        }
        return effect;
      }
      case 'environment':
        // Each mode has its own environment: the crawling worm's, and the one the worm dances in.
        return this.active.command(c, reply);
      default:
        return this.plays.command(c, reply);
    }
  }

  /**
   * The circuit and the plays mode's controls (the circuit is the same in both modes: the dance's driven worm is the
   * same model), then the mode; in "dances", the dance's description follows (once computed: see WormDanceEngine).
   */
  describe(reply: EngineReply): void {
    this.plays.describe(reply);
    reply.event(this.modeEvent());
    if (this.mode === 'dances') this.dances.describe(reply);
  }

  currentState(): { time: number; state: unknown } | undefined {
    return this.active.currentState?.();
  }

  performance(bpm: number): Score {
    return this.active.performance(bpm);
  }

  exportFile(format: ExportFormat, bpm: number, onProgress: (fraction: number) => void): ExportedFile {
    const engine = this.active;
    if (!engine.exportFile) throw new Error(`worm engine: no ${format} export`);
    return engine.exportFile(format, bpm, onProgress);
  }

  private modeEvent(): WormEvent {
    return { kind: 'mode', mode: this.mode };
  }
}
