/**
 * What the Resonance view's microphone listener does with the samples, off the page (listener-worker.ts runs it;
 * nothing here touches the DOM, so Node tests run it too):
 *
 *   samples ─► StreamingFlux (the core's spectralFlux, 100 frames/s, frame by frame as the samples arrive)
 *           ─► BankStimulus (live: over a running peak) ─► BankListener (the engine's GrFNN bank, the same class the
 *              file path steps) ─► a resonance state every two frames (the moving spectrum, its pulse and peak)
 *   samples ─► OnlineBeats: the online beat tracker (`trackBeats(audio, { online: true })`, what `neuromusic beats
 *              --online` runs) over the last WINDOW_SECONDS, re-run every hop ─► the beats it newly decided
 *
 * The tracker has no streaming interface: it takes a recording and decides each beat from the audio before it. The
 * adapter here re-runs it on a sliding window and keeps, from each run, the beats past the window's warm-up that
 * it had not yet reported; while the stream is shorter than the window, each run is exactly the command's online
 * run on the audio so far. A beat is therefore reported at most one hop (plus the run's time) after it is decided.
 */
import { spectralFlux, trackBeats } from 'neuromusic/analysis';
import {
  BankListener, BankStimulus, ENVELOPE_RATE,
} from '../../engines/resonance/resonance-run.js';
import { RESONANCE_STATE_LENGTH, ResonanceStateLayout as L } from '../../engines/resonance/messages.js';

/**
 * The core's spectral flux (one band, `framesPerSecond` frames/s), computed as the samples arrive: frame F ends at
 * sample F·hop and is the same number the whole-signal `spectralFlux` gives (it is the same function, run on the
 * window of samples each new frame needs, with the signal's start padded with zeros as it pads it).
 */
export class StreamingFlux {
  readonly hop: number;
  readonly size: number;
  readonly framesPerSecond: number;
  /** Samples kept: the last `size + 2·hop` at least (global index of buf[0] is `start`, negative = padding). */
  private buf: Float32Array;
  private start: number;
  private end: number;
  /** The next frame to compute. */
  private next = 0;
  private readonly lead: number;

  /** `minFrames`: frames computed together (the first waits for the others: 4 at 100 frames/s is 40 ms). */
  constructor(readonly sampleRate: number, framesPerSecond = ENVELOPE_RATE, private readonly minFrames = 4) {
    // The window and hop spectralFlux uses at this rate (it says so in its result).
    const probe = spectralFlux(new Float32Array(8), sampleRate, { framesPerSecond });
    this.hop = probe.hopSamples;
    this.size = probe.windowSamples;
    this.framesPerSecond = probe.framesPerSecond;
    this.lead = Math.ceil(this.size / this.hop) + 1;
    this.buf = new Float32Array(4 * (this.size + this.hop));
    this.start = -(this.lead * this.hop);
    this.end = 0;
  }

  /** Takes samples; returns the envelope frames they completed (possibly none). */
  push(samples: Float32Array): Float64Array {
    const needed = this.end - this.start + samples.length;
    if (needed > this.buf.length) {
      // Drop what no future frame needs (keep `lead` hops before the next frame); grow if that is not enough.
      const keepFrom = Math.max(this.start, (this.next - this.lead) * this.hop);
      const drop = keepFrom - this.start;
      const kept = this.end - keepFrom;
      if (2 * (kept + samples.length) <= this.buf.length) this.buf.copyWithin(0, drop, this.end - this.start);
      else {
        const grown = new Float32Array(2 * (kept + samples.length));
        grown.set(this.buf.subarray(drop, this.end - this.start));
        this.buf = grown;
      }
      this.start = keepFrom;
    }
    this.buf.set(samples, this.end - this.start);
    this.end += samples.length;
    // Frames whose window has ended: F·hop ≤ end.
    const last = Math.floor(this.end / this.hop);
    // Each call recomputes the `lead` frames before the first it needs (their window is the same function's): in
    // groups of `minFrames` that costs (minFrames + lead)/minFrames FFTs a frame rather than lead + 1.
    if (last - this.next + 1 < this.minFrames) return new Float64Array(0);
    const first = this.next;
    const out = new Float64Array(last - first + 1);
    // (frame 0 has no frame before it: its flux is 0, as spectralFlux gives it)
    if (last >= Math.max(1, first)) {
      const g0 = Math.max(1, first) - this.lead;
      // seg frame g ↔ global frame g + g0; its length makes the frames up to `last`.
      const seg = new Float32Array((last - g0) * this.hop + 1);
      const a = g0 * this.hop;
      for (let i = 0; i < seg.length; i++) {
        const j = a + i - this.start;
        seg[i] = a + i >= 0 && j >= 0 && a + i < this.end ? this.buf[j]! : 0;
      }
      const flux = spectralFlux(seg, this.sampleRate, { framesPerSecond: this.framesPerSecond }).bands[0]!;
      for (let F = Math.max(1, first); F <= last; F++) out[F - first] = flux[F - g0]!;
    }
    this.next = last + 1;
    return out;
  }
}

/** Seconds of audio each tracker run hears. */
export const WINDOW_SECONDS = 8;
/** Beats in a run's first seconds are not reported (the tracker is still settling), except from the stream's start. */
export const WARMUP_SECONDS = 4;
/** The least hop between runs (s of audio); a slow machine lengthens it to twice a run's own time. */
export const MIN_HOP_SECONDS = 0.5;

/** What a tracker run newly decided. */
export interface TrackerUpdate {
  /** Beats not reported before (seconds of input). */
  beats: number[];
  /** The beat period the tracker holds now (s; NaN until it has two beats). */
  periodSeconds: number;
  /** The input second the run heard up to (the beats were decided by then). */
  heardTo: number;
  /** Wall-clock time the run took (ms). */
  runMs: number;
}

/** The online beat tracker over a sliding window (see the file's comment). */
export class OnlineBeats {
  private audio: Float32Array;
  /** Global sample index of audio[0], and the samples held. */
  private start = 0;
  private length = 0;
  private lastRunEnd = 0;
  private hopSeconds = MIN_HOP_SECONDS;
  private lastBeat = -Infinity;
  private readonly recent: number[] = [];
  runs = 0;
  lastRunMs = 0;

  constructor(readonly sampleRate: number, private readonly clock: () => number = () => performance.now()) {
    this.audio = new Float32Array(Math.ceil((WINDOW_SECONDS + 4) * sampleRate));
  }

  /** Seconds of input heard so far. */
  get seconds(): number {
    return (this.start + this.length) / this.sampleRate;
  }

  push(samples: Float32Array): void {
    if (this.length + samples.length > this.audio.length) {
      const keep = Math.min(this.length, Math.ceil(WINDOW_SECONDS * this.sampleRate));
      this.audio.copyWithin(0, this.length - keep, this.length);
      this.start += this.length - keep;
      this.length = keep;
      if (keep + samples.length > this.audio.length) {
        const grown = new Float32Array(keep + samples.length + this.sampleRate);
        grown.set(this.audio.subarray(0, keep));
        this.audio = grown;
      }
    }
    this.audio.set(samples, this.length);
    this.length += samples.length;
  }

  /** Runs the tracker when a hop of new audio has come; undefined when it is not yet time. */
  update(): TrackerUpdate | undefined {
    const end = this.start + this.length;
    if ((end - this.lastRunEnd) / this.sampleRate < this.hopSeconds) return undefined;
    const n = Math.min(this.length, Math.round(WINDOW_SECONDS * this.sampleRate));
    const windowStart = end - n;
    const t0 = this.clock();
    const track = trackBeats({ sampleRate: this.sampleRate, channels: [this.audio.subarray(this.length - n, this.length)] }, { online: true });
    const runMs = this.clock() - t0;
    this.lastRunEnd = end;
    this.runs++;
    this.lastRunMs = runMs;
    this.hopSeconds = Math.max(MIN_HOP_SECONDS, (2 * runMs) / 1000);
    const from = windowStart / this.sampleRate;
    const settled = windowStart === 0 ? -Infinity : from + WARMUP_SECONDS;
    const period = this.period(track.tempoBpm);
    const beats: number[] = [];
    for (const b of track.beats) {
      const t = from + b;
      if (t <= settled) continue;
      // A beat an earlier run already reported (the windows overlap; its time may differ by a frame or two).
      if (t <= this.lastBeat + 0.5 * (Number.isFinite(period) ? period : 0.25)) continue;
      beats.push(t);
      this.lastBeat = t;
      this.recent.push(t);
      if (this.recent.length > 9) this.recent.shift();
    }
    return { beats, periodSeconds: this.period(track.tempoBpm), heardTo: end / this.sampleRate, runMs };
  }

  /** The period: the median of the last reported intervals, else the run's tempo. */
  private period(tempoBpm: number): number {
    const r = this.recent;
    if (r.length >= 3) {
      const ibis = r.slice(1).map((t, i) => t - r[i]!).sort((a, b) => a - b);
      return ibis[ibis.length >> 1]!;
    }
    return Number.isFinite(tempoBpm) && tempoBpm > 0 ? 60 / tempoBpm : NaN;
  }
}

/** What the listener hands back for each push. */
export interface ListenerOutput {
  /** States (resonance layout, TIME = input seconds), one every two envelope frames. */
  states: Float32Array[];
  tracker: TrackerUpdate | undefined;
}

/** Least running peak of the live envelope (log flux of a quiet room is well below it). */
const ENVELOPE_FLOOR = 0.5;

/** The microphone's listener: the bank on the streamed envelope, and the online tracker. */
export class MicListener {
  readonly flux: StreamingFlux;
  readonly listener = new BankListener();
  readonly tracker: OnlineBeats;
  private readonly stimulus = new BankStimulus(undefined, ENVELOPE_FLOOR);
  private frame = 0;
  private x0 = 0;
  /** Wall-clock ms the bank and flux took, and frames done (the cost a frame). */
  bankMs = 0;

  /** `parts`: what this listener does (the view runs the bank and the tracker in two workers, so neither waits). */
  constructor(readonly sampleRate: number, clock?: () => number, private readonly parts: { bank: boolean; tracker: boolean } = { bank: true, tracker: true }) {
    this.flux = new StreamingFlux(sampleRate);
    this.tracker = new OnlineBeats(sampleRate, clock);
  }

  get frames(): number {
    return this.frame;
  }

  push(samples: Float32Array, clock: () => number = () => performance.now()): ListenerOutput {
    const t0 = clock();
    const env = this.parts.bank ? this.flux.push(samples) : new Float64Array(0);
    const states: Float32Array[] = [];
    for (let i = 0; i < env.length; i++) {
      const x1 = this.stimulus.push(env[i]!);
      this.listener.frame(this.x0, x1);
      this.x0 = x1;
      this.frame++;
      if (this.frame % 2 === 0) {
        this.listener.choosePulse();
        const s = new Float32Array(RESONANCE_STATE_LENGTH);
        s[L.TIME] = this.frame / this.flux.framesPerSecond;
        this.listener.writeState(s);
        s[L.BEAT_AGE] = Infinity;
        s[L.CLICK_AGE] = s[L.TAP_AGE] = Infinity;
        s[L.ASYNCHRONY_MS] = s[L.MEAN_ASYNCHRONY_MS] = s[L.SD_ASYNCHRONY_MS] = NaN;
        states.push(s);
      }
    }
    this.bankMs += clock() - t0;
    if (!this.parts.tracker) return { states, tracker: undefined };
    this.tracker.push(samples);
    return { states, tracker: this.tracker.update() };
  }
}
