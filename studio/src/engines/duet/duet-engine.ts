/**
 * The Neural Duet live (src/engines/duet): an ASHLE drummer, a Lorenz melodist and a GrFNN listener, steered by the
 * EEG twin or an EDF recording through the biomarkers, in the worker at the transport's clock (duet-run.ts). The
 * melody plays on the modal piano, the drums (General MIDI channel 10) on the worklet's drum kit. Open-ended; the
 * exports cover the performance from the start to the furthest point played (30 s when nothing has been played).
 */
import { duetScore, envelopeFromAudio, DUET_VOICE_NAMES } from 'neuromusic/duet';
import { BiomarkerTracker, EPOC_CHANNELS, type BiomarkerBaseline } from 'neuromusic/analysis';
import { decodeWav, pickChannels, readEdf } from 'neuromusic/formats';
import { resample } from 'neuromusic/math';
import { scaleTempo, type NoteEvent, type Score } from 'neuromusic/score';
import { artifactsFromFiles, modelFromArtifacts, type SurrogateModel } from 'neuromusic/surrogate';
import type { CommandEffect, EngineReply, EngineSink, LiveEngine } from '../../worker/live-engine.js';
import type { EngineInfo } from '../../protocol.js';
import { Checkpoints } from '../../worker/checkpoints.js';
import { MotionSchedule } from './motion-input.js';
import { DuetRun, TwinSchedule, twinBaseline, TWIN_BASELINE_SECONDS, type DuetRunSettings, type EegStream } from './duet-run.js';
import {
  DUET_BLOCK_SAMPLES, DUET_BLOCK_SECONDS, DUET_EEG_RATE, DUET_ENGINE, DUET_TWIN_STATES, type DuetCommand, type DuetEvent,
} from './messages.js';

/** The tempo at the drummer's own rate: f0 = 2 beats a second. */
export const DUET_NATIVE_BPM = 120;
/**
 * How far ahead the transport schedules the duet (s): the EEG steers it live, so it is scheduled 60 ms ahead, not
 * the studio's 200 ms — a block's effect is heard that much sooner. The worklet's clock ticks every ~23 ms, which
 * leaves notes about 35 ms to reach the audio thread.
 */
export const DUET_LOOKAHEAD_SECONDS = 0.06;
/** Length exported when nothing has been played yet (s). */
const DEFAULT_EXPORT_SECONDS = 30;
/** Checkpoints every second (8 blocks) for the last 12 s, every 10 s before. */
const CHECKPOINT_BLOCKS = Math.round(1 / DUET_BLOCK_SECONDS);
/** Seconds of a recording its baseline is measured on (the tracker's default), at most. */
const EDF_BASELINE_SECONDS = 10;

export class DuetLiveEngine implements LiveEngine {
  readonly id = DUET_ENGINE;
  private seed = 0;
  private edf: EegStream | undefined;
  private useEdf = false;
  private audio: { name: string; settings: NonNullable<DuetRunSettings['heard']> } | undefined;
  /** Whether the listener hears the camera; its samples as they arrived. */
  private camera = false;
  /** A trained surrogate of ASHLE drumming in its place, or none. */
  private surrogate: SurrogateModel | undefined;
  private motion = new MotionSchedule();
  private schedule = new TwinSchedule();
  private run!: DuetRun;
  private checkpoints!: Checkpoints;
  private furthest = 0;
  private readonly baselines = new Map<number, BiomarkerBaseline>();

  constructor() {
    this.rebuild();
  }

  info(): EngineInfo {
    const eeg = this.useEdf && this.edf ? `EEG ${this.edf.name}` : `EEG twin`;
    const heard = this.audio ? ` · hearing ${this.audio.name}` : this.camera ? ' · hearing the camera' : '';
    return {
      title: `Neural Duet · ${eeg}${heard}`, duration: Infinity, nativeBpm: DUET_NATIVE_BPM, seeded: true, exports: ['midi', 'wav'],
      lookaheadSeconds: DUET_LOOKAHEAD_SECONDS,
    };
  }

  rate(bpm: number): number {
    return bpm / DUET_NATIVE_BPM;
  }

  setSeed(seed: number): void {
    if (seed === this.seed) return;
    this.seed = seed;
    this.rebuild();
  }

  seek(time: number): void {
    const now = this.run.time;
    if (time === now) return;
    const target = Math.floor(time / DUET_BLOCK_SECONDS);
    if (time < now) {
      if (this.checkpoints.restoreAtOrBefore(target) < 0) this.rebuild();
    } else if (this.checkpoints.stepAtOrBefore(target) * DUET_BLOCK_SECONDS > now) {
      this.checkpoints.restoreAtOrBefore(target);
    }
    this.run.run(time, null);
  }

  advance(_from: number, to: number, sink: EngineSink): void {
    this.run.run(to, sink);
    if (to > this.furthest) this.furthest = to;
  }

  command(command: unknown, reply: EngineReply): CommandEffect {
    const c = command as DuetCommand;
    switch (c.kind) {
      case 'twin-state': {
        if (!(DUET_TWIN_STATES as readonly string[]).includes(c.state)) throw new Error(`duet engine: no twin state "${String(c.state)}"`);
        if (this.useEdf) {
          // From a recording back to the twin: a new performance, the twin in this state from the start.
          this.useEdf = false;
          this.schedule = new TwinSchedule();
          this.schedule.set(0, c.state);
          this.rebuild();
          this.describe(reply);
          return 'replaced';
        }
        // From the next block to arrive on: the blocks before it were already heard (or scheduled).
        const block = this.run.state.block;
        this.schedule.set(block, c.state);
        this.checkpoints.dropAfter(block);
        this.furthest = Math.min(this.furthest, this.run.time);
        this.describe(reply);
        return 'changed';
      }
      case 'eeg-twin':
        if (!this.useEdf) return 'none';
        this.useEdf = false;
        return this.replaced(reply);
      case 'load-edf': {
        let stream: EegStream;
        try {
          stream = edfStream(c.name, c.bytes);
        } catch (err) {
          reply.userError(`${c.name}: ${(err as Error).message}`);
          return 'none';
        }
        this.edf = stream;
        this.useEdf = true;
        return this.replaced(reply);
      }
      case 'load-audio': {
        try {
          const wav = decodeWav(c.bytes, c.name);
          const input = envelopeFromAudio(wav);
          this.audio = { name: c.name, settings: { input, seconds: wav.channels[0]!.length / wav.sampleRate } };
          this.camera = false;
        } catch (err) {
          reply.userError(`${c.name}: ${(err as Error).message}`);
          return 'none';
        }
        return this.replaced(reply);
      }
      case 'audio-off':
      case 'camera-off':
        if (this.camera) {
          // The drummer's strokes again from where the worker is scheduling; the music goes on.
          this.camera = false;
          this.recordedMotion(this.motion.off(this.run.time));
          this.describe(reply);
          return 'none';
        }
        if (c.kind === 'camera-off' || !this.audio) return 'none';
        this.audio = undefined;
        return this.replaced(reply);
      case 'camera-on':
        if (this.camera) return 'none';
        this.camera = true;
        if (this.audio) {
          // The recording's envelope is part of the run from its start: a new performance without it.
          this.audio = undefined;
          return this.replaced(reply);
        }
        // The camera's samples take effect as they arrive; until the first, the listener hears the drummer.
        this.describe(reply);
        return 'none';
      case 'drummer': {
        if (c.model === 'ashle') {
          if (!this.surrogate) return 'none';
          this.surrogate = undefined;
          return this.rebuildKeepingSchedule(reply);
        }
        try {
          const w = c.weights;
          this.surrogate = modelFromArtifacts(artifactsFromFiles(c.modelJson, w.buffer.slice(w.byteOffset, w.byteOffset + w.byteLength) as ArrayBuffer));
        } catch (err) {
          reply.userError(`the surrogate model: ${(err as Error).message}`);
          return 'none';
        }
        return this.rebuildKeepingSchedule(reply);
      }
      default:
        throw new Error(`duet engine: unknown command ${JSON.stringify(command)}`);
    }
  }

  /** Camera samples (packed as in DUET_MOTION_FIELDS): the listener hears them from where the worker is scheduling. */
  liveInput(input: unknown): void {
    if (!this.camera || !(input instanceof Float64Array)) return;
    this.recordedMotion(this.motion.add(this.run.time, input, this.run.state.motionCursor));
  }

  /** After samples were recorded: when later ones were dropped (a seek back), so are the checkpoints past here. */
  private recordedMotion(dropped: boolean): void {
    if (!dropped) return;
    this.checkpoints.dropAfter(this.run.state.block);
    this.furthest = Math.min(this.furthest, this.run.time);
  }

  describe(reply: EngineReply): void {
    const edf = this.useEdf ? this.edf : undefined;
    const event: DuetEvent = {
      kind: 'input',
      eeg: edf ? 'edf' : 'twin',
      edfName: edf?.name ?? null,
      edfChannels: edf?.channels ?? [],
      edfSeconds: edf ? edf.data[0]!.length / DUET_EEG_RATE : 0,
      audioName: this.audio?.name ?? null,
      audioSeconds: this.audio?.settings.seconds ?? 0,
      camera: this.camera,
      drummer: this.surrogate ? 'TCN surrogate of ASHLE' : 'ASHLE',
      twinState: this.schedule.stateAt(this.run.state.block),
      twinSince: this.schedule.blocks.length > 0 ? (this.schedule.blocks[this.schedule.blocks.length - 1]! + 1) * DUET_BLOCK_SECONDS : 0,
      channels: [...EPOC_CHANNELS],
      eegRate: DUET_EEG_RATE,
      baselineSeconds: edf ? edf.baselineSeconds : TWIN_BASELINE_SECONDS,
    };
    reply.event(event);
  }

  currentState(): { time: number; state: Float32Array } {
    return { time: this.run.time, state: this.run.currentState() };
  }

  performance(bpm: number): Score {
    const seconds = this.exportSeconds();
    const run = new DuetRun(this.settings(), this.frozenSchedule(), (seed) => this.baseline(seed));
    const notes: NoteEvent[] = [];
    const beats: number[] = [];
    run.run(seconds, { note: (n) => notes.push(n), beat: (t) => void beats.push(t) });
    const p = run.state.engine.params;
    const score = duetScore(notes, beats, p.melodist.key, p.drummer.f0Hz);
    score.meta.title = this.info().title;
    score.meta.voiceNames = [...DUET_VOICE_NAMES];
    return scaleTempo(score, this.rate(bpm));
  }

  /** Seconds of performance the exports cover. */
  exportSeconds(): number {
    return this.furthest >= 1 ? this.furthest : DEFAULT_EXPORT_SECONDS;
  }

  /** A new performance from the start with another drummer; the inputs and the twin's script stay. */
  private rebuildKeepingSchedule(reply: EngineReply): CommandEffect {
    this.motion = new MotionSchedule();
    this.rebuild();
    this.describe(reply);
    return 'replaced';
  }

  private replaced(reply: EngineReply): CommandEffect {
    this.schedule = new TwinSchedule();
    this.motion = new MotionSchedule();
    this.rebuild();
    this.describe(reply);
    return 'replaced';
  }

  private settings(): DuetRunSettings {
    return { seed: this.seed, eeg: this.useEdf ? this.edf : undefined, heard: this.audio?.settings, motion: this.motion, surrogate: this.surrogate };
  }

  private frozenSchedule(): TwinSchedule {
    const copy = new TwinSchedule();
    this.schedule.blocks.forEach((b, i) => copy.set(b, this.schedule.states[i]!));
    return copy;
  }

  private baseline(seed: number): BiomarkerBaseline {
    let b = this.baselines.get(seed);
    if (!b) {
      b = twinBaseline(seed);
      this.baselines.set(seed, b);
    }
    return b;
  }

  /** A new run at time 0 under the current inputs and schedule. */
  private rebuild(): void {
    this.furthest = 0;
    this.run = new DuetRun(this.settings(), this.schedule, (seed) => this.baseline(seed));
    this.checkpoints = new Checkpoints(this.run.state, { everySteps: CHECKPOINT_BLOCKS, keepDense: 12, sparseEvery: 10, exclude: this.run.persistent });
    this.run.checkpoints = this.checkpoints;
  }
}

/**
 * An EDF recording as the duet's EEG: the 14 EPOC positions (the nearest electrode where one is missing), each
 * resampled to 128 Hz, and the baseline of its first seconds (up to 10 s).
 */
export function edfStream(name: string, bytes: Uint8Array): EegStream {
  const file = readEdf(bytes, { name });
  const picked = pickChannels(file, [...EPOC_CHANNELS], { nearest: true });
  const data = picked.map((p) => {
    const fs = p.signal.sampleRate;
    return fs === DUET_EEG_RATE ? Float64Array.from(p.signal.data) : resample(p.signal.data, fs, DUET_EEG_RATE);
  });
  const length = Math.min(...data.map((d) => d.length));
  const baselineSeconds = Math.min(EDF_BASELINE_SECONDS, Math.floor((length / DUET_EEG_RATE) * 8) / 8);
  if (!(baselineSeconds >= 2.125)) throw new RangeError(`the recording lasts ${(length / DUET_EEG_RATE).toFixed(2)} s; the biomarkers need at least 2.125 s`);
  const tracker = new BiomarkerTracker({ sampleRate: DUET_EEG_RATE, labels: [...EPOC_CHANNELS], baselineSeconds });
  const blocks = Math.round((baselineSeconds * DUET_EEG_RATE) / DUET_BLOCK_SAMPLES);
  for (let k = 0; k < blocks; k++) tracker.push(data.map((d) => d.subarray(k * DUET_BLOCK_SAMPLES, (k + 1) * DUET_BLOCK_SAMPLES)));
  if (!tracker.baseline) throw new Error(`no baseline after ${baselineSeconds} s of ${name}`);
  return {
    name,
    // A site served by another electrode (the nearest present) shows it: `AF3←Fp1`.
    channels: picked.map((p) => (p.electrode === p.position ? p.position : `${p.position}←${p.electrode}`)),
    data: data.map((d) => d.subarray(0, length)),
    baseline: tracker.baseline,
    baselineSeconds,
  };
}
