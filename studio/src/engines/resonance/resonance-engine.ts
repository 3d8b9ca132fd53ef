/**
 * The resonance engine live: a metronome at the tempo the view sets, ASHLE tapping along, and, when a WAV file is
 * loaded, a GrFNN bank hearing its onset envelope with its pulse ticking the beats (resonance-run.ts). Open-ended;
 * a tempo change takes effect where the worker is scheduling. The exports cover the performance from the start to
 * the furthest point played (30 s when nothing has been played yet).
 */
import { trackBeats } from 'neuromusic/analysis';
import { envelopeFromAudio } from 'neuromusic/duet';
import { decodeWav } from 'neuromusic/formats';
import { scaleTempo, type NoteEvent, type Score } from 'neuromusic/score';
import type { CommandEffect, EngineReply, EngineSink, LiveEngine } from '../../worker/live-engine.js';
import type { EngineInfo } from '../../protocol.js';
import { ResonanceRun, RESONANCE_VOICE_NAMES, type BankInput } from './resonance-run.js';
import { METRONOME_BPM, RESONANCE_ENGINE, type ResonanceCommand, type ResonanceEvent } from './messages.js';

/** The transport's tempo at which the engine runs at its own speed. */
export const RESONANCE_NATIVE_BPM = 120;
const DEFAULT_EXPORT_SECONDS = 30;

export class ResonanceLiveEngine implements LiveEngine {
  readonly id = RESONANCE_ENGINE;
  /** The metronome's tempo changes; the run reads it block by block, so a change ahead of the run needs no re-run. */
  private readonly schedule: Array<{ time: number; bpm: number }> = [{ time: 0, bpm: METRONOME_BPM.initial }];
  /** The metronome's tempo while it is off (what it resumes at). */
  private bpm: number = METRONOME_BPM.initial;
  private audio: { name: string; seconds: number; input: BankInput } | undefined;
  private run: ResonanceRun;
  private furthest = 0;

  constructor() {
    this.run = this.newRun();
  }

  info(): EngineInfo {
    return {
      title: this.audio ? `Resonance · a GrFNN hearing ${this.audio.name}` : 'Resonance · ASHLE and a metronome',
      duration: Infinity,
      nativeBpm: RESONANCE_NATIVE_BPM,
      seeded: false,
      exports: ['midi', 'wav'],
      lookaheadSeconds: 0.1,
    };
  }

  rate(bpm: number): number {
    return bpm / RESONANCE_NATIVE_BPM;
  }

  setSeed(): void {
    // Nothing here is random: the same inputs give the same run.
  }

  seek(time: number): void {
    if (time < this.run.time) this.run = this.newRun();
    this.run.runTo(time, null);
  }

  advance(_from: number, to: number, sink: EngineSink): void {
    this.run.runTo(to, { note: (n) => void sink.note(n), state: (t, s) => sink.state(t, s, [s.buffer]) });
    if (to > this.furthest) this.furthest = to;
  }

  command(command: unknown, reply: EngineReply): CommandEffect {
    const c = command as ResonanceCommand;
    const now = this.run.time;
    switch (c.kind) {
      case 'tempo':
        if (!(Number.isFinite(c.bpm) && c.bpm >= METRONOME_BPM.min && c.bpm <= METRONOME_BPM.max)) {
          reply.userError(`the metronome's tempo must be ${METRONOME_BPM.min}–${METRONOME_BPM.max} bpm, got ${c.bpm}`);
          return 'none';
        }
        this.bpm = c.bpm;
        if (this.metronomeOn()) this.change(now, c.bpm);
        return 'changed';
      case 'metronome':
        this.change(now, c.on ? this.bpm : 0);
        return 'changed';
      case 'load-audio': {
        try {
          const wav = decodeWav(c.bytes, c.name);
          const env = envelopeFromAudio(wav);
          // The beats: the online (causal) tracker's, as `neuromusic beats --online` finds them — each decided from
          // the audio before it, so the run may sound it when it reaches it.
          const beats = trackBeats(wav, { online: true }).beats;
          this.audio = { name: c.name, seconds: wav.channels[0]!.length / wav.sampleRate, input: { envelope: Float64Array.from(env.envelope), beats } };
        } catch (err) {
          reply.userError(`${c.name}: ${(err as Error).message}`);
          return 'none';
        }
        return this.replaced(reply);
      }
      case 'audio-off':
        if (!this.audio) return 'none';
        this.audio = undefined;
        return this.replaced(reply);
      default:
        throw new Error(`resonance engine: unknown command ${JSON.stringify(command)}`);
    }
  }

  describe(reply: EngineReply): void {
    const event: ResonanceEvent = {
      kind: 'setup',
      frequenciesHz: Array.from(this.run.bank.frequenciesHz),
      ...(this.audio ? { audioName: this.audio.name, audioSeconds: this.audio.seconds } : {}),
    };
    reply.event(event);
  }

  performance(bpm: number): Score {
    const seconds = this.furthest >= 1 ? this.furthest : DEFAULT_EXPORT_SECONDS;
    const run = new ResonanceRun(this.schedule, this.audio?.input ?? null);
    const notes: NoteEvent[] = [];
    run.runTo(seconds, { note: (n) => void notes.push(n), state: () => undefined });
    notes.sort((a, b) => a.onset - b.onset);
    const score: Score = {
      notes,
      tempos: [{ time: 0, bpm: RESONANCE_NATIVE_BPM }],
      timeSignatures: [{ time: 0, numerator: 4, denominator: 4 }],
      meta: { title: this.info().title, source: 'neuromusic studio: resonance', voiceNames: [...RESONANCE_VOICE_NAMES] },
    };
    return scaleTempo(score, this.rate(bpm));
  }

  private metronomeOn(): boolean {
    return this.schedule.at(-1)!.bpm > 0;
  }

  /** The metronome at `bpm` (0: off) from `time` (where the run stands) on; the run so far stands as it was. */
  private change(time: number, bpm: number): void {
    while (this.schedule.length > 1 && this.schedule.at(-1)!.time >= time) this.schedule.pop();
    if (this.schedule.length === 1 && this.schedule[0]!.time >= time) this.schedule[0] = { time: 0, bpm };
    else this.schedule.push({ time, bpm });
    this.furthest = time;
  }

  /** A new performance from 0 (a WAV loaded or dropped): the metronome keeps its current tempo. */
  private replaced(reply: EngineReply): CommandEffect {
    this.schedule.splice(0, this.schedule.length, { time: 0, bpm: this.metronomeOn() ? this.bpm : 0 });
    this.furthest = 0;
    this.run = this.newRun();
    this.describe(reply);
    return 'replaced';
  }

  private newRun(): ResonanceRun {
    return new ResonanceRun(this.schedule, this.audio?.input ?? null);
  }
}
