/**
 * The microphone's beats on the page: the flashes and the clicks. The online tracker reports each beat once it has
 * decided it (a hop or so after it, see mic-listener.ts); the clock keeps the last beat and the period it holds and
 * extrapolates the grid, as the tracker itself predicts each beat from the past: the next beat, `last + k·period`,
 * flashes when the wall clock reaches the moment it enters the microphone, and its click (a kick) is scheduled on
 * the studio's AudioContext to sound then. A beat the tracker reports that no prediction covered (the first ones, a
 * change of phase) flashes at once, late. Each flash's latency is its time on the page less the moment its beat
 * entered the microphone (MicInput.wallAt).
 */

/** A click is scheduled this long before it is due (ms): what the audio path needs, with a margin. */
const CLICK_AHEAD_MS = 150;
/** Flashes (and latencies) kept for the figures. */
const KEEP = 32;

export interface BeatFlash {
  /** performance.now() of the flash, ms. */
  wallMs: number;
  /** Its beat, in input seconds. */
  beat: number;
  /** Flash time less the moment its beat entered the microphone (ms). */
  latencyMs: number;
  /** Whether it was predicted (else reported late by the tracker). */
  predicted: boolean;
}

export class BeatClock {
  private last = NaN;
  private period = NaN;
  private flashedBeat = -Infinity;
  private scheduledBeat = NaN;
  readonly flashes: BeatFlash[] = [];
  /** How long after each beat the tracker reported it (ms), the last KEEP. */
  readonly decided: number[] = [];
  count = 0;

  constructor(private readonly wallAt: (t: number) => number, private readonly click: (wallMs: number) => void) {}

  /** The tracker's newly decided beats (input seconds) and its period, reported at wall time `nowMs`. */
  onBeats(beats: readonly number[], periodSeconds: number, nowMs: number): void {
    if (beats.length === 0) return;
    for (const b of beats) this.keep(this.decided, nowMs - this.wallAt(b));
    const b = beats[beats.length - 1]!;
    if (Number.isFinite(periodSeconds) && periodSeconds > 0) this.period = periodSeconds;
    this.last = b;
    const half = 0.5 * (Number.isFinite(this.period) ? this.period : 0.3);
    if (b > this.flashedBeat + half) this.flash(b, nowMs, false);
  }

  /** Called every animation frame: flashes a predicted beat whose moment has come, schedules the next click. */
  tick(nowMs: number): void {
    if (!Number.isFinite(this.last) || !(this.period > 0)) return;
    const half = 0.5 * this.period;
    // The grid's latest beat that is due (a late page skips those it missed rather than flash each), and the next.
    const k = Math.floor((this.inputAt(nowMs) - this.last) / this.period);
    if (k >= 1) {
      const due = this.last + k * this.period;
      if (due > this.flashedBeat + half) this.flash(due, nowMs, true);
    }
    const next = this.last + Math.max(1, k + 1) * this.period;
    const at = this.wallAt(next);
    if (at - nowMs < CLICK_AHEAD_MS && at >= nowMs && !(Math.abs(next - this.scheduledBeat) < half)) {
      this.scheduledBeat = next;
      this.click(at);
    }
  }

  /** The input second entering the microphone at wall time `ms`. */
  private inputAt(ms: number): number {
    return (ms - this.wallAt(0)) / 1000;
  }

  /** Whether a flash is lit at `nowMs` (within `ms` of the last one), and how brightly (1 → 0). */
  lit(nowMs: number, ms = 120): number {
    const f = this.flashes[this.flashes.length - 1];
    return f ? Math.max(0, 1 - (nowMs - f.wallMs) / ms) : 0;
  }

  /** The tracker's period (s; NaN before it has one). */
  get periodSeconds(): number {
    return this.period;
  }

  reset(): void {
    this.last = this.period = this.scheduledBeat = NaN;
    this.flashedBeat = -Infinity;
    this.flashes.length = 0;
    this.decided.length = 0;
    this.count = 0;
  }

  private flash(beat: number, nowMs: number, predicted: boolean): void {
    this.flashedBeat = beat;
    // A grid the tracker has just moved (or a late report) never flashes twice within half a period.
    const previous = this.flashes[this.flashes.length - 1];
    if (previous && nowMs - previous.wallMs < 500 * (Number.isFinite(this.period) ? this.period : 0.3)) return;
    this.count++;
    this.flashes.push({ wallMs: nowMs, beat, latencyMs: nowMs - this.wallAt(beat), predicted });
    if (this.flashes.length > KEEP) this.flashes.shift();
  }

  private keep(list: number[], v: number): void {
    list.push(v);
    if (list.length > KEEP) list.shift();
  }
}

/** The median of a list (NaN when empty). */
export function median(values: readonly number[]): number {
  if (values.length === 0) return NaN;
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}
