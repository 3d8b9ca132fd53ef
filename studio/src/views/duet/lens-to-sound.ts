/**
 * The camera's latency, from the lens to the speakers, timed on the page frame by frame: a frame is captured at
 * `captureMs` (the browser's capture time); its features reach the worker, which records them at the engine time it
 * is scheduling (`since`, a lookahead ahead of the playhead); from there the listener hears them. The frame is heard
 * when the playhead — the engine time coming out of the speakers now, output latency included — passes `since`.
 * The moment it passes is interpolated between the two animation frames around it, so the figure does not depend on
 * the tempo or the frame rate of the page.
 *
 *   capture ─ page: grey + tracker ─ post ─ worker: recorded at `since` ─ lookahead ─ audio out ─ playhead ≥ since
 *   └──────────────────────────────────────── lens to sound ─────────────────────────────────────────────────┘
 */

/** Frames whose capture times are kept (a few seconds of camera). */
const KEEP_FRAMES = 256;
/** Latencies the median is taken over. */
const KEEP_LATENCIES = 30;
/** Frames awaiting the playhead. */
const KEEP_PENDING = 64;

export class LensToSound {
  private readonly captureFrame = new Float64Array(KEEP_FRAMES).fill(-1);
  private readonly captureMs = new Float64Array(KEEP_FRAMES);
  private readonly pendingFrame = new Float64Array(KEEP_PENDING);
  private readonly pendingSince = new Float64Array(KEEP_PENDING);
  private pendingStart = 0;
  private pendingCount = 0;
  private lastApplied = -1;
  private readonly latencies = new Float64Array(KEEP_LATENCIES);
  private latencyCount = 0;
  private readonly sorted = new Float64Array(KEEP_LATENCIES);
  private prevTime = NaN;
  private prevNow = NaN;
  private playingSinceMs = Infinity;

  /** Frame `frame` was captured at `ms` (performance.now()). */
  captured(frame: number, ms: number): void {
    const i = frame % KEEP_FRAMES;
    this.captureFrame[i] = frame;
    this.captureMs[i] = ms;
  }

  /** A state from the engine: the last camera frame it applied and the engine time it took effect at. */
  applied(frame: number, since: number): void {
    if (!(frame >= 0) || frame <= this.lastApplied || !Number.isFinite(since)) return;
    this.lastApplied = frame;
    if (this.pendingCount === KEEP_PENDING) {
      this.pendingStart = (this.pendingStart + 1) % KEEP_PENDING;
      this.pendingCount--;
    }
    const j = (this.pendingStart + this.pendingCount) % KEEP_PENDING;
    this.pendingFrame[j] = frame;
    this.pendingSince[j] = since;
    this.pendingCount++;
  }

  /**
   * The playhead on an animation frame: engine seconds `time` heard at `nowMs`. Frames whose `since` it has passed
   * are heard; their latency is measured (frames captured before play was pressed are not).
   */
  playhead(time: number, nowMs: number, playing: boolean): void {
    if (!playing) {
      this.prevTime = NaN;
      this.playingSinceMs = Infinity;
      return;
    }
    if (this.playingSinceMs === Infinity) this.playingSinceMs = nowMs;
    while (this.pendingCount > 0) {
      const j = this.pendingStart;
      const since = this.pendingSince[j]!;
      if (since > time) break;
      const frame = this.pendingFrame[j]!;
      this.pendingStart = (j + 1) % KEEP_PENDING;
      this.pendingCount--;
      // The moment the playhead passed `since`, between the previous animation frame and this one.
      const heardMs = this.prevTime < time && since >= this.prevTime
        ? this.prevNow + ((since - this.prevTime) / (time - this.prevTime)) * (nowMs - this.prevNow)
        : nowMs;
      const i = frame % KEEP_FRAMES;
      if (this.captureFrame[i] !== frame || this.captureMs[i]! < this.playingSinceMs) continue;
      this.latencies[this.latencyCount % KEEP_LATENCIES] = heardMs - this.captureMs[i]!;
      this.latencyCount++;
    }
    this.prevTime = time;
    this.prevNow = nowMs;
  }

  /** Median latency of the last frames measured, ms (NaN before any). */
  medianMs(): number {
    const n = Math.min(this.latencyCount, KEEP_LATENCIES);
    if (n === 0) return NaN;
    const s = this.sorted.subarray(0, n);
    s.set(this.latencies.subarray(0, n));
    s.sort();
    return n % 2 ? s[(n - 1) / 2]! : 0.5 * (s[n / 2 - 1]! + s[n / 2]!);
  }

  /** Forgets everything (a new performance, the camera restarted). */
  clear(): void {
    this.pendingCount = 0;
    this.lastApplied = -1;
    this.latencyCount = 0;
    this.prevTime = NaN;
  }
}
