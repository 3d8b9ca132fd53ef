/**
 * The page's sound: an AudioContext with the modal-piano worklet, a volume control, a limiter (dense engine
 * output must not clip) and an analyser for the level meter.
 *
 *   piano worklet ──► volume ──► limiter ──► destination
 *                                   └──► analyser (meter, tests)
 */
import workletUrl from './piano-worklet.ts?worker&url';
import { PIANO_PROCESSOR, type ConnectWorklet, type WorkletStats } from '../protocol.js';
import type { Level, PlaybackStats } from '../diagnostics-api.js';

/** The bundled worklet module's URL (also used by tests that render it offline). */
export const PIANO_WORKLET_URL = workletUrl;

export class AudioOutput {
  /** The latest statistics the worklet posted. */
  stats: WorkletStats | undefined;
  private readonly volume: GainNode;
  private readonly analyser: AnalyserNode;
  private readonly samples: Float32Array<ArrayBuffer>;
  /** The latest frame heardFrame returned (it never goes back). */
  private lastHeard = 0;

  private constructor(
    readonly context: AudioContext,
    readonly node: AudioWorkletNode,
  ) {
    this.volume = new GainNode(context, { gain: 0.35 });
    // A limiter, not a compressor: nothing happens below −3 dBFS.
    const limiter = new DynamicsCompressorNode(context, { threshold: -3, knee: 0, ratio: 20, attack: 0.002, release: 0.15 });
    this.analyser = new AnalyserNode(context, { fftSize: 2048 });
    this.samples = new Float32Array(this.analyser.fftSize);
    node.connect(this.volume).connect(limiter).connect(context.destination);
    limiter.connect(this.analyser);
    node.port.onmessage = (e: MessageEvent<WorkletStats | { type: 'ack' }>) => {
      if (e.data.type === 'stats') this.stats = e.data;
    };
  }

  /** Creates the context and loads the worklet. The context may start suspended until a user gesture. */
  static async create(): Promise<AudioOutput> {
    const context = new AudioContext({ latencyHint: 'interactive' });
    await context.audioWorklet.addModule(PIANO_WORKLET_URL);
    const node = new AudioWorkletNode(context, PIANO_PROCESSOR, { numberOfInputs: 0, numberOfOutputs: 1, outputChannelCount: [2] });
    return new AudioOutput(context, node);
  }

  /** Where other sounds of the page join the piano: through the volume, the limiter and the meter. */
  get input(): AudioNode {
    return this.volume;
  }

  get sampleRate(): number {
    return this.context.sampleRate;
  }

  /** A port for the engine worker: the worklet's clock arrives and notes leave through it. */
  workerPort(): MessagePort {
    const channel = new MessageChannel();
    const message: ConnectWorklet = { type: 'connect', port: channel.port2 };
    this.node.port.postMessage(message, [channel.port2]);
    return channel.port1;
  }

  /** Starts the context (browsers allow it only after a user gesture). */
  async resume(): Promise<void> {
    if (this.context.state !== 'running') await this.context.resume();
  }

  /** What plays the notes from now on: the modal piano, or the additive organ with a registration. */
  setInstrument(instrument: 'piano' | 'organ', registration?: string): void {
    this.node.port.postMessage({ type: 'instrument', instrument, ...(registration !== undefined ? { registration } : {}) });
  }

  /** Output volume 0–1 (a square law, so the slider feels even). */
  setVolume(value: number): void {
    this.volume.gain.setTargetAtTime(0.7 * value * value, this.context.currentTime, 0.02);
  }

  /** The output frame being heard at wall-clock time `nowMs` (performance.now()). */
  heardFrame(nowMs: number): number {
    const ts = this.context.getOutputTimestamp();
    const estimate = ts.contextTime === undefined || ts.performanceTime === undefined || ts.performanceTime === 0
      ? this.context.currentTime * this.sampleRate
      : (ts.contextTime + (nowMs - ts.performanceTime) / 1000) * this.sampleRate;
    // The estimate extrapolates the latest output timestamp with the wall clock; when the audio thread falls behind
    // (a loaded machine), a newer timestamp can extrapolate to an earlier frame than the last reading did. What is
    // heard never goes back: without this clamp the playhead stepped back across an anchor made just before (a
    // piece loaded and parked at 0 read 0, then the old position again).
    this.lastHeard = Math.max(this.lastHeard, estimate);
    return this.lastHeard;
  }

  /** Wall-clock time (performance.now() ms) at which output frame `frame` will be heard. */
  performanceTimeOf(frame: number): number {
    const ts = this.context.getOutputTimestamp();
    const contextTime = ts.contextTime ?? this.context.currentTime;
    const performanceTime = ts.performanceTime || performance.now();
    return performanceTime + (frame / this.sampleRate - contextTime) * 1000;
  }

  /** RMS and peak of the last ~46 ms heard. */
  level(): Level {
    this.analyser.getFloatTimeDomainData(this.samples);
    let sum = 0;
    let peak = 0;
    for (const x of this.samples) {
      sum += x * x;
      peak = Math.max(peak, Math.abs(x));
    }
    return { rms: Math.sqrt(sum / this.samples.length), peak };
  }

  /** Chromium's output glitch counters (undefined in browsers without AudioContext.playbackStats). */
  playbackStats(): PlaybackStats | undefined {
    const stats = (this.context as AudioContext & { playbackStats?: PlaybackStats }).playbackStats;
    return stats ? { underrunEvents: stats.underrunEvents, underrunDuration: stats.underrunDuration, totalDuration: stats.totalDuration } : undefined;
  }

  /** Clears the worklet's counters (peak voices, overruns), to measure a fresh span. */
  resetStats(): void {
    this.node.port.postMessage({ type: 'reset-stats' });
  }
}
