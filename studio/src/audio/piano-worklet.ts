/**
 * The modal piano as an AudioWorklet processor: src/synth/live-piano.ts (the CLI's ModalVoice, in a voice pool)
 * rendering each 128-frame quantum on the audio thread. Notes come from the engine worker over a MessagePort,
 * stamped with output frames; the processor posts its frame counter back to the worker every few quanta (the
 * clock the worker schedules by) and its timing and voice statistics to the page.
 *
 * Nothing is allocated per quantum except the small clock and stats messages; the voices, queue and mix buffers
 * are allocated in the constructor.
 */
import { LiveOrgan, LivePiano, parseOrganSettings, queueWarmUp } from 'neuromusic/synth';
import { LiveDrums } from './live-drums.js';
import { PIANO_PROCESSOR, type ConnectWorklet, type ToWorklet, type WorkletStats } from '../protocol.js';

// Globals of AudioWorkletGlobalScope (not in TypeScript's DOM library).
declare const sampleRate: number;
declare const currentFrame: number;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
  constructor(options?: unknown);
}
declare function registerProcessor(name: string, processor: new (options?: never) => AudioWorkletProcessor): void;

/** Quanta between clock ticks to the worker (8 × 128 frames ≈ 23 ms at 44.1 kHz). */
const CLOCK_EVERY = 8;
/** Seconds between stats messages to the page. */
const STATS_EVERY_SECONDS = 0.25;

class PianoProcessor extends AudioWorkletProcessor {
  private readonly piano = new LivePiano({ sampleRate, channels: 2, voices: 128 });
  /** The drum kit (live-drums.ts): strokes of General MIDI channel 10, added to the piano's output. */
  private readonly drums = new LiveDrums({ sampleRate });
  /** The additive organ, made when first chosen; while chosen, notes go to it instead of the piano. */
  private organ: LiveOrgan | undefined;
  private useOrgan = false;
  /** A spare piano that plays an exercise into `scratch` while the real one is idle, to get the code compiled. */
  private warmUp: LivePiano | undefined = new LivePiano({ sampleRate, channels: 2, voices: 24 });
  private readonly warmUpFrames = queueWarmUp(this.warmUp!);
  private warmUpAt = 0;
  private readonly scratch = [new Float32Array(128), new Float32Array(128)];
  private worker: MessagePort | undefined;
  private blocks = 0;
  private overBudget = 0;
  private maxBlockMs = 0;
  private lastStatsFrame = 0;

  /** `processorOptions.notes` (packed, as in `packNotes`) are queued at once: offline renders start with them. */
  constructor(options?: { processorOptions?: { notes?: Float64Array } }) {
    super(options);
    const initial = options?.processorOptions?.notes;
    if (initial) this.piano.schedulePacked(initial);
    this.port.onmessage = (e: MessageEvent<ToWorklet | ConnectWorklet>) => {
      const m = e.data;
      if (m.type === 'connect') {
        this.worker = m.port;
        this.worker.onmessage = (w: MessageEvent<ToWorklet>) => this.handle(w.data);
      } else {
        this.handle(m);
      }
    };
  }

  private handle(m: ToWorklet): void {
    switch (m.type) {
      case 'notes':
        if (this.useOrgan) this.organ!.schedulePacked(m.notes);
        else this.piano.schedulePacked(m.notes);
        return;
      case 'instrument':
        if (m.instrument === 'organ') {
          const settings = parseOrganSettings(m.registration ?? '');
          if (this.organ) this.organ.configure(settings);
          else this.organ = new LiveOrgan({ sampleRate, settings });
        }
        this.useOrgan = m.instrument === 'organ';
        return;
      case 'drums':
        this.drums.scheduleHits(m.hits);
        return;
      case 'releases':
        this.piano.releasePacked(m.releases);
        this.organ?.releasePacked(m.releases);
        return;
      case 'ring':
        this.piano.setRingSize(m.speakers ?? undefined);
        return;
      case 'stop':
        this.piano.stop(m.frame);
        this.organ?.stop(m.frame);
        this.drums.stop(m.frame);
        return;
      case 'ping':
        this.port.postMessage({ type: 'ack' });
        return;
      case 'reset-stats':
        this.blocks = this.overBudget = this.maxBlockMs = 0;
        this.piano.stats.peakActive = this.piano.stats.active;
        this.piano.stats.late = this.piano.stats.stolen = this.piano.stats.dropped = this.piano.stats.started = 0;
        return;
    }
  }

  process(_inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    const t0 = Date.now();
    const out = outputs[0]!;
    const frames = out[0]!.length;
    this.piano.render(out, currentFrame, frames);
    this.organ?.render(out, currentFrame, frames);
    this.drums.render(out, currentFrame, frames);
    if (this.warmUp && this.piano.stats.active === 0 && this.piano.pending === 0 && frames <= 128) {
      this.warmUp.render(this.scratch, this.warmUpAt, frames);
      this.warmUpAt += frames;
      if (this.warmUpAt >= this.warmUpFrames) this.warmUp = undefined;
    }
    const end = currentFrame + frames;
    const ms = Date.now() - t0;
    this.blocks++;
    if (ms > this.maxBlockMs) this.maxBlockMs = ms;
    // A Date delta of d ms means a true duration in (d − 1, d + 1): count only certain overruns.
    if (ms - 1 >= (frames / sampleRate) * 1000) this.overBudget++;
    if (this.worker && this.blocks % CLOCK_EVERY === 0) this.worker.postMessage(end);
    if (end - this.lastStatsFrame >= STATS_EVERY_SECONDS * sampleRate) {
      this.lastStatsFrame = end;
      this.postStats(end, frames);
    }
    return true;
  }

  private postStats(frame: number, blockFrames: number): void {
    const stats: WorkletStats = {
      ...this.piano.stats, type: 'stats', frame, blocks: this.blocks, blockFrames, overBudget: this.overBudget, maxBlockMs: this.maxBlockMs,
    };
    this.port.postMessage(stats);
  }
}

registerProcessor(PIANO_PROCESSOR, PianoProcessor);
