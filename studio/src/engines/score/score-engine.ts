/**
 * The score player: a written score (the built-in prelude, or a MIDI or score JSON file), optionally humanised
 * with the seed, played note by note. It is the simplest live engine: `advance` walks the sorted notes.
 */
import { bachPreludeInC } from 'neuromusic';
import { readPiece } from '../load-piece.js';
import { humanize, scaleTempo, scoreEnd, type Score } from 'neuromusic/score';
import { createRandom } from 'neuromusic/math';
import type { CommandEffect, EngineReply, EngineSink, LiveEngine } from '../../worker/live-engine.js';
import type { EngineInfo } from '../../protocol.js';
import { SCORE_ENGINE, type ScoreCommand, type ScoreEvent } from './messages.js';
import { firstOnsetAtOrAfter } from '../../note-search.js';

const BUILT_IN_FILE = 'built-in prelude';

export class ScoreEngine implements LiveEngine {
  readonly id = SCORE_ENGINE;
  private written: Score = bachPreludeInC();
  private fileName = BUILT_IN_FILE;
  private played: Score = this.written;
  private seed = 0;
  private timingSeconds = 0;
  private velocitySpread = 0;
  private next = 0;

  info(): EngineInfo {
    const m = this.written.meta;
    const title = [m.composer, m.title].filter(Boolean).join(' — ') || this.fileName;
    return { title, duration: scoreEnd(this.played), nativeBpm: this.written.tempos[0]?.bpm ?? 120, seeded: this.timingSeconds > 0 || this.velocitySpread > 0, exports: ['midi', 'wav'] };
  }

  rate(bpm: number): number {
    return bpm / this.info().nativeBpm;
  }

  setSeed(seed: number): void {
    this.seed = seed;
    this.perform();
  }

  seek(time: number): void {
    this.next = firstOnsetAtOrAfter(this.played.notes, time);
  }

  advance(from: number, to: number, sink: EngineSink): void {
    const notes = this.played.notes;
    while (this.next < notes.length && notes[this.next]!.onset < to) {
      const n = notes[this.next++]!;
      if (n.onset >= from) sink.note(n);
    }
  }

  command(command: unknown, reply: EngineReply): CommandEffect {
    const c = command as ScoreCommand;
    switch (c.kind) {
      case 'load':
        return this.load(c.name, c.bytes, reply);
      case 'built-in':
        this.setWritten(bachPreludeInC(), BUILT_IN_FILE);
        this.describe(reply);
        return 'replaced';
      case 'humanize':
        this.timingSeconds = c.timingSeconds;
        this.velocitySpread = c.velocity;
        this.perform();
        this.describe(reply);
        return 'changed';
      default:
        throw new Error(`score engine: unknown command ${JSON.stringify(command)}`);
    }
  }

  describe(reply: EngineReply): void {
    const event: ScoreEvent = { kind: 'score', score: this.played, fileName: this.fileName };
    reply.event(event);
  }

  performance(bpm: number): Score {
    return scaleTempo(this.played, this.rate(bpm));
  }

  private load(name: string, bytes: Uint8Array, reply: EngineReply): CommandEffect {
    const score = readPiece(name, bytes, reply, 'no notes to play');
    if (!score) return 'none';
    this.setWritten(score, name);
    this.describe(reply);
    return 'replaced';
  }

  private setWritten(score: Score, fileName: string): void {
    this.written = score;
    this.fileName = fileName;
    this.perform();
    this.next = 0;
  }

  /** The performance: the written score, humanised by the seed when asked. */
  private perform(): void {
    this.played = humanize(this.written, createRandom(this.seed).fork('humanize'), {
      timingSeconds: this.timingSeconds,
      velocity: this.velocitySpread,
    });
  }
}
