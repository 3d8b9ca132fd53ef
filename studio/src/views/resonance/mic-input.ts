/**
 * The microphone on the page: getUserMedia (no echo cancellation, noise suppression or gain control: the onsets are
 * the signal), the samples read on the audio thread by an AudioWorklet on the studio's AudioContext (mic-worklet.ts:
 * nothing is lost while the page is busy), else from a MediaStreamTrackProcessor (Chromium; it drops chunks the page
 * does not read in time), else from a ScriptProcessorNode, and handed on.
 *
 * The input clock: sample s of the stream entered the microphone at `wallAt(s / rate)` (performance.now() ms),
 * estimated from the chunks' arrivals — the earliest arrival less the chunk's length, the least delayed one — less
 * the capture latency the track reports. Chunks arrive late, never early, so this is the best lower bound the page
 * has of when the sound reached the microphone; the latencies the view shows are measured from it.
 */

import micWorkletUrl from './mic-worklet.ts?worker&url';

/** Why the microphone cannot be used, said so a person can act on it. */
export class MicrophoneUnavailable extends Error {
  override name = 'MicrophoneUnavailable';
}

/** The user-facing reason for a getUserMedia failure. */
export function microphoneProblem(err: unknown): string {
  const name = err instanceof DOMException || err instanceof Error ? err.name : '';
  switch (name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'The microphone was not allowed: let this page use it (the microphone icon in the address bar) and press Microphone again.';
    case 'NotFoundError':
    case 'OverconstrainedError':
      return 'No microphone was found: plug one in and press Microphone again.';
    case 'NotReadableError':
    case 'AbortError':
      return 'The microphone could not be started: another program may be using it.';
    default:
      return `The microphone could not be started${err instanceof Error && err.message ? `: ${err.message}` : ''}.`;
  }
}

/** Chromium's MediaStreamTrackProcessor for audio (not in every browser, nor in TypeScript's DOM types yet). */
type AudioTrackProcessor = new (init: { track: MediaStreamTrack; maxBufferSize?: number }) => { readable: ReadableStream<AudioData> };

/** Chunks a track processor may queue while the page is busy (10 ms each: 2 s) before it drops the oldest. */
const QUEUE_CHUNKS = 200;

export class MicInput {
  sampleRate = 0;
  /** Samples delivered so far. */
  samples = 0;
  /** Whether the samples come from a track processor (else a ScriptProcessorNode). */
  reader: 'audio-worklet' | 'track-processor' | 'script-processor' | undefined;
  /** performance.now() of the stream's sample 0 (see the file's comment). */
  private origin = Infinity;
  private latencyMs = 0;
  private stream: MediaStream | undefined;
  private stopReading: (() => void) | undefined;

  /** `onSamples` gets each chunk (mono, a fresh array it may transfer). */
  constructor(private readonly onSamples: (samples: Float32Array) => void, private readonly audio?: AudioContext) {}

  get running(): boolean {
    return this.stream !== undefined;
  }

  /** Wall-clock ms (performance.now()) at which input second `t` entered the microphone. */
  wallAt(t: number): number {
    return this.origin + 1000 * t;
  }

  /** Asks for the microphone and starts reading; rejects with a MicrophoneUnavailable saying why it cannot. */
  async start(): Promise<void> {
    if (this.stream) return;
    if (!navigator.mediaDevices?.getUserMedia) throw new MicrophoneUnavailable('This page cannot reach a microphone: the browser offers none here (a microphone needs http://localhost or https).');
    let stream: MediaStream;
    try {
      stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false }, video: false });
    } catch (err) {
      throw new MicrophoneUnavailable(microphoneProblem(err));
    }
    const track = stream.getAudioTracks()[0];
    if (!track) {
      for (const t of stream.getTracks()) t.stop();
      throw new MicrophoneUnavailable('The microphone gave no sound.');
    }
    this.stream = stream;
    this.samples = 0;
    this.origin = Infinity;
    const settings = track.getSettings() as MediaTrackSettings & { latency?: number };
    this.latencyMs = Number.isFinite(settings.latency) && settings.latency! > 0 ? 1000 * settings.latency! : 0;
    track.addEventListener('ended', () => this.stop());
    const Processor = (globalThis as { MediaStreamTrackProcessor?: AudioTrackProcessor }).MediaStreamTrackProcessor;
    if (this.audio && (await this.readWorklet(stream, this.audio))) return;
    if (Processor) this.readTrack(new Processor({ track, maxBufferSize: QUEUE_CHUNKS }));
    else if (this.audio) this.readScript(stream, this.audio);
    else {
      this.stop();
      throw new MicrophoneUnavailable('This browser gives the page no way to read the microphone’s samples.');
    }
  }

  stop(): void {
    this.stopReading?.();
    this.stopReading = undefined;
    for (const t of this.stream?.getTracks() ?? []) t.stop();
    this.stream = undefined;
    this.reader = undefined;
  }

  /** A chunk of `n` samples arrived now: the clock and the count. */
  private arrived(samples: Float32Array): void {
    this.samples += samples.length;
    this.origin = Math.min(this.origin, performance.now() - (1000 * this.samples) / this.sampleRate - this.latencyMs);
    this.onSamples(samples);
  }

  private readTrack(processor: InstanceType<AudioTrackProcessor>): void {
    this.reader = 'track-processor';
    const reader = processor.readable.getReader();
    let stopped = false;
    this.stopReading = () => {
      stopped = true;
      void reader.cancel().catch(() => undefined);
    };
    const loop = async (): Promise<void> => {
      while (!stopped) {
        const { value, done } = await reader.read();
        if (done || !value) break;
        try {
          if (this.sampleRate === 0 || this.samples === 0) this.sampleRate = value.sampleRate;
          const n = value.numberOfFrames;
          const mono = new Float32Array(n);
          const plane = new Float32Array(n);
          const channels = value.numberOfChannels;
          for (let c = 0; c < channels; c++) {
            value.copyTo(plane, { planeIndex: c, format: 'f32-planar' });
            for (let i = 0; i < n; i++) mono[i] = mono[i]! + plane[i]! / channels;
          }
          this.arrived(mono);
        } finally {
          value.close();
        }
      }
    };
    void loop().catch(() => this.stop());
  }

  /** Reads the samples with mic-worklet.ts; false when the worklet cannot be loaded. */
  private async readWorklet(stream: MediaStream, audio: AudioContext): Promise<boolean> {
    try {
      await audio.audioWorklet.addModule(micWorkletUrl);
    } catch {
      return false;
    }
    this.reader = 'audio-worklet';
    this.sampleRate = audio.sampleRate;
    const source = new MediaStreamAudioSourceNode(audio, { mediaStream: stream });
    const node = new AudioWorkletNode(audio, 'neuromusic-mic-capture', { numberOfInputs: 1, numberOfOutputs: 1, outputChannelCount: [1] });
    const silent = new GainNode(audio, { gain: 0 });
    node.port.onmessage = (e: MessageEvent<{ samples: Float32Array }>) => this.arrived(e.data.samples);
    source.connect(node).connect(silent).connect(audio.destination);
    this.stopReading = () => {
      node.port.onmessage = null;
      source.disconnect();
      node.disconnect();
      silent.disconnect();
    };
    return true;
  }

  private readScript(stream: MediaStream, audio: AudioContext): void {
    this.reader = 'script-processor';
    this.sampleRate = audio.sampleRate;
    const source = audio.createMediaStreamSource(stream);
    const node = audio.createScriptProcessor(1024, 1, 1);
    const silent = new GainNode(audio, { gain: 0 });
    node.onaudioprocess = (e) => this.arrived(Float32Array.from(e.inputBuffer.getChannelData(0)));
    source.connect(node).connect(silent).connect(audio.destination);
    this.stopReading = () => {
      node.onaudioprocess = null;
      source.disconnect();
      node.disconnect();
      silent.disconnect();
    };
  }
}
