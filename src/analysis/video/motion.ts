/**
 * Motion features of grey video frames, frame by frame: how much moves (motion energy), where (the centroid of
 * the moving mass), and at what rate (the dominant frequency of the centroid's track). Works on luma planes
 * (width × height bytes), from a file or a camera, live ({@link MotionTracker}, allocation-free per frame) or over
 * a whole clip ({@link motionFeatures}). Definitions, and why each choice: docs/design/video.md.
 *
 * Per frame t, with D = I_t − I_{t−1} the pixel difference:
 * 1. **Noise floor.** Sensor noise σ (grey levels, per pixel) is estimated from the median absolute deviation of
 *    the horizontal neighbour differences of D, e = D(x, y) − D(x − 1, y), over every other row: for white noise
 *    e ~ N(0, 4σ²), so σ̂ = 1.4826 · median|e| / 2. Differencing neighbours first removes the smooth part of D that
 *    motion brings, so the estimate holds even when most of the picture moves (a plain MAD of D fails when more
 *    than half does).
 * 2. **Cells.** D is averaged over blocks of `blockSize` × `blockSize` pixels: d_c. Noise alone gives d_c a
 *    standard deviation √2·σ̂/√n_c (n_c pixels in the cell), and the threshold is τ_c = max(k·√2·σ̂/√n_c,
 *    `minThresholdLevels`).
 * 3. **Energy** E = Σ_c max(0, |d_c| − τ_c) / (N_cells · 255): the mean excess over the floor, 0 … 1.
 * 4. **Centroid** of the excesses, normalised: x from 0 (left) to 1 (right), y from 0 (bottom) to 1 (top); held at
 *    its last value (0.5, 0.5 at the start) when no more cells exceed the floor than noise alone would lift over
 *    it (N·p + 4√(N·p) + 2 of N cells, p = erfc(k/√2): 0.27 % at k = 3).
 * 5. **Smoothing**: one-pole low-passes, time constant `smoothingSeconds` (0.1 s) on E and
 *    `positionSmoothingSeconds` (default 0: none) on x and y — a one-pole of even one frame (0.03 s) lowered the
 *    correlation of a 2 Hz bouncing ball's height with the truth from 0.96 to 0.90, by its lag.
 * 6. **Dominant frequency**: the periodogram peak (analysis/video/rhythm.ts) of the raw centroid coordinate that
 *    travelled further over the last `windowSeconds`, once `minWindowSeconds` are in, and only when it travelled
 *    at least `minTravel` of the frame (a centroid that only jitters has no rhythm).
 */
import { RhythmEstimator, RHYTHM_DEFAULTS } from './rhythm.js';

/** Options of the motion features; every field has a default (`MOTION_DEFAULTS`). */
export interface MotionOptions {
  /** Side of the square cells the frame difference is averaged over, pixels (1: every pixel). */
  blockSize?: number;
  /** Threshold in noise standard deviations (k). */
  noiseK?: number;
  /** Least threshold on a cell's mean difference, grey levels (quantisation and compression flicker). */
  minThresholdLevels?: number;
  /** Time constant of the one-pole smoothing of the energy, seconds (0: none). */
  smoothingSeconds?: number;
  /** Time constant of the one-pole smoothing of the centroid, seconds (0: none). */
  positionSmoothingSeconds?: number;
  /** Length of the sliding window of the frequency estimate, seconds. */
  windowSeconds?: number;
  /** Shortest window that gives an estimate, seconds. */
  minWindowSeconds?: number;
  /** Band of the frequency search, Hz. */
  minHz?: number;
  maxHz?: number;
  /** Least share of the band's power in the peak's main lobe for a frequency to be reported. */
  minRhythmStrength?: number;
  /** Least travel (max − min over the window) of the centroid coordinate, as a share of the frame, for a rhythm. */
  minTravel?: number;
}

export const MOTION_DEFAULTS: Required<MotionOptions> = {
  blockSize: 8,
  noiseK: 3,
  minThresholdLevels: 0.5,
  smoothingSeconds: 0.1,
  positionSmoothingSeconds: 0,
  windowSeconds: 4,
  minWindowSeconds: 2,
  minHz: RHYTHM_DEFAULTS.minHz,
  maxHz: RHYTHM_DEFAULTS.maxHz,
  minRhythmStrength: RHYTHM_DEFAULTS.minStrength,
  minTravel: 0.05,
};

/** The video a tracker reads: frame size and rate. */
export interface VideoGeometry {
  width: number;
  height: number;
  fps: number;
}

/** The features of one frame. */
export interface MotionFrame {
  index: number;
  timeSeconds: number;
  /** Motion energy (mean excess of the cells over the floor / 255), and smoothed. */
  energy: number;
  energySmoothed: number;
  /** Centroid of the moving mass, smoothed: x 0 left … 1 right, y 0 bottom … 1 top. */
  x: number;
  y: number;
  /** The same, unsmoothed (held when nothing moves). */
  rawX: number;
  rawY: number;
  /** Share of cells above the floor. */
  movingFraction: number;
  /** Estimated sensor noise σ̂, grey levels per pixel. */
  noiseSigma: number;
  /** Dominant motion frequency over the sliding window, Hz (NaN: none yet, or no dominant rhythm). */
  frequencyHz: number;
  /** Share of the band's power in that peak's main lobe. */
  rhythmStrength: number;
}

/**
 * The streaming motion tracker. `push` one luma frame (width × height bytes) at a time; it returns the frame's
 * features in an object it reuses (copy the fields you keep). All buffers are allocated by the constructor.
 * @example
 * const tracker = new MotionTracker({ width: 32, height: 32, fps: 30 }, { blockSize: 4 });
 * const still = new Uint8Array(32 * 32).fill(50);
 * const moved = still.slice(); moved.fill(250, 0, 32 * 8); // the top quarter lights up
 * tracker.push(still);
 * const f = tracker.push(moved);
 * [f.movingFraction, f.rawY]; // → [0.25, 0.875]
 */
export class MotionTracker {
  readonly options: Required<MotionOptions>;
  private readonly prev: Uint8Array;
  private readonly cellSum: Int32Array;
  private readonly cellThresholdScale: Float64Array;
  private readonly cellInvCount: Float64Array;
  private readonly cellX: Float64Array;
  private readonly cellY: Float64Array;
  private readonly rowCell: Int32Array;
  private readonly histogram: Uint32Array;
  private readonly ringX: Float64Array;
  private readonly ringY: Float64Array;
  private readonly rhythm: RhythmEstimator;
  private readonly alpha: number;
  private readonly alphaPosition: number;
  private readonly minWindow: number;
  private readonly minMovingCells: number;
  private readonly out: MotionFrame;
  private count = 0;

  constructor(readonly geometry: VideoGeometry, options: MotionOptions = {}) {
    const o = { ...MOTION_DEFAULTS, ...options };
    this.options = o;
    const { width: w, height: h, fps } = geometry;
    if (!(Number.isInteger(w) && w >= 2 && Number.isInteger(h) && h >= 1)) throw new RangeError(`frame size must be whole numbers, at least 2×1, got ${w}×${h}`);
    if (!(fps > 0 && Number.isFinite(fps))) throw new RangeError(`frame rate must be positive, got ${fps}`);
    if (!(Number.isInteger(o.blockSize) && o.blockSize >= 1)) throw new RangeError(`blockSize must be a whole number ≥ 1, got ${o.blockSize}`);
    if (!(o.noiseK >= 0) || !(o.minThresholdLevels >= 0) || !(o.smoothingSeconds >= 0) || !(o.positionSmoothingSeconds >= 0)) {
      throw new RangeError('noiseK, minThresholdLevels and the smoothing times must be ≥ 0');
    }
    if (!(o.windowSeconds > 0 && o.minWindowSeconds > 0 && o.minWindowSeconds <= o.windowSeconds)) throw new RangeError('need 0 < minWindowSeconds ≤ windowSeconds');
    const b = o.blockSize;
    const gw = Math.ceil(w / b);
    const gh = Math.ceil(h / b);
    this.prev = new Uint8Array(w * h);
    this.cellSum = new Int32Array(gw * gh);
    this.cellThresholdScale = new Float64Array(gw * gh);
    this.cellInvCount = new Float64Array(gw * gh);
    this.cellX = new Float64Array(gw * gh);
    this.cellY = new Float64Array(gw * gh);
    this.rowCell = new Int32Array(h);
    for (let y = 0; y < h; y++) this.rowCell[y] = Math.floor(y / b) * gw;
    for (let cy = 0; cy < gh; cy++) {
      for (let cx = 0; cx < gw; cx++) {
        const x0 = cx * b;
        const x1 = Math.min(w, x0 + b);
        const y0 = cy * b;
        const y1 = Math.min(h, y0 + b);
        const c = cy * gw + cx;
        // Threshold scale √2/√n_c: the noise standard deviation of a cell mean of pixel differences, per unit σ.
        this.cellThresholdScale[c] = Math.SQRT2 / Math.sqrt((x1 - x0) * (y1 - y0));
        this.cellInvCount[c] = 1 / ((x1 - x0) * (y1 - y0));
        this.cellX[c] = (x0 + x1) / 2 / w;
        this.cellY[c] = 1 - (y0 + y1) / 2 / h;
      }
    }
    // Cells that noise alone lifts over the floor: N·p, p = P(|z| > k) = erfc(k/√2); the centroid moves only when
    // more cells changed than that count plausibly reaches (its mean + 4 standard deviations + 2, Poisson).
    const falseAlarms = o.noiseK > 0 ? gw * gh * erfc(o.noiseK / Math.SQRT2) : 0;
    this.minMovingCells = falseAlarms + 4 * Math.sqrt(falseAlarms) + 2;
    this.histogram = new Uint32Array(511 * 2 + 1);
    const window = Math.max(4, Math.round(o.windowSeconds * fps));
    this.minWindow = Math.max(4, Math.round(o.minWindowSeconds * fps));
    this.ringX = new Float64Array(window);
    this.ringY = new Float64Array(window);
    this.rhythm = new RhythmEstimator(window, { minHz: o.minHz, maxHz: o.maxHz, minStrength: o.minRhythmStrength });
    this.alpha = o.smoothingSeconds > 0 ? 1 - Math.exp(-1 / (fps * o.smoothingSeconds)) : 1;
    this.alphaPosition = o.positionSmoothingSeconds > 0 ? 1 - Math.exp(-1 / (fps * o.positionSmoothingSeconds)) : 1;
    this.out = { index: -1, timeSeconds: 0, energy: 0, energySmoothed: 0, x: 0.5, y: 0.5, rawX: 0.5, rawY: 0.5, movingFraction: 0, noiseSigma: 0, frequencyHz: NaN, rhythmStrength: 0 };
  }

  /** Frames pushed so far. */
  get frames(): number {
    return this.count;
  }

  /** Back to the state before the first frame. */
  reset(): void {
    this.count = 0;
    Object.assign(this.out, { index: -1, timeSeconds: 0, energy: 0, energySmoothed: 0, x: 0.5, y: 0.5, rawX: 0.5, rawY: 0.5, movingFraction: 0, noiseSigma: 0, frequencyHz: NaN, rhythmStrength: 0 });
  }

  /** Takes the next frame's luma plane; returns its features (the same object every call). */
  push(luma: Uint8Array): MotionFrame {
    const { width: w, height: h, fps } = this.geometry;
    if (luma.length !== w * h) throw new RangeError(`a ${w}×${h} frame has ${w * h} luma bytes, got ${luma.length}`);
    const out = this.out;
    const k = this.count;
    out.index = k;
    out.timeSeconds = k / fps;
    if (k === 0) {
      this.prev.set(luma);
      out.energy = 0;
      out.movingFraction = 0;
      out.noiseSigma = 0;
    } else {
      this.difference(luma);
    }
    const a = this.alpha;
    if (k === 0) {
      out.energySmoothed = out.energy;
      out.x = out.rawX;
      out.y = out.rawY;
    } else {
      out.energySmoothed += a * (out.energy - out.energySmoothed);
      out.x += this.alphaPosition * (out.rawX - out.x);
      out.y += this.alphaPosition * (out.rawY - out.y);
    }
    // The track holds measured centroids only: frame 0 has no difference, so it starts at frame 1.
    const len = this.ringX.length;
    const slot = (k + len - 1) % len;
    if (k > 0) {
      this.ringX[slot] = out.rawX;
      this.ringY[slot] = out.rawY;
    }
    const n = Math.min(k, len);
    out.frequencyHz = NaN;
    out.rhythmStrength = 0;
    if (n >= this.minWindow) {
      const travelX = spread(this.ringX, slot, n);
      const travelY = spread(this.ringY, slot, n);
      const ring = travelX >= travelY ? this.ringX : this.ringY;
      if (Math.max(travelX, travelY) >= this.options.minTravel) {
        const peak = this.rhythm.peak(ring, slot, n, fps);
        out.frequencyHz = peak.frequencyHz;
        out.rhythmStrength = peak.strength;
      }
    }
    this.count++;
    return out;
  }

  private difference(cur: Uint8Array): void {
    const { width: w, height: h } = this.geometry;
    const prev = this.prev;
    const sums = this.cellSum;
    const hist = this.histogram;
    const b = this.options.blockSize;
    sums.fill(0);
    hist.fill(0);
    let zeros = 0; // counted in a register: on still backgrounds most e are 0
    // One pass over the pixels: cell sums of D (integers, exact) and, on every other row (half the rows give the
    // noise estimate ample samples, at half the cost), the histogram of |e|, e = D(x) − D(x − 1).
    let sampledRows = 0;
    for (let y = 0; y < h; y++) {
      const row = y * w;
      let cell = this.rowCell[y]!;
      if ((y & 1) === 0) {
        sampledRows++;
        let before = cur[row]! - prev[row]!;
        for (let x0 = 0; x0 < w; x0 += b, cell++) {
          const x1 = x0 + b < w ? x0 + b : w;
          let sum = 0;
          for (let i = row + x0, end = row + x1; i < end; i++) {
            const d = cur[i]! - prev[i]!;
            sum += d;
            const e = d - before;
            if (e === 0) zeros++;
            else hist[e < 0 ? -e : e]++;
            before = d;
          }
          sums[cell] += sum;
        }
      } else {
        for (let x0 = 0; x0 < w; x0 += b, cell++) {
          const x1 = x0 + b < w ? x0 + b : w;
          let sum = 0;
          for (let i = row + x0, end = row + x1; i < end; i++) sum += cur[i]! - prev[i]!;
          sums[cell] += sum;
        }
      }
    }
    hist[0] = zeros - sampledRows; // the first pixel of each sampled row has no left neighbour (its e was counted as 0)
    prev.set(cur);
    // Median of |e| from the histogram, each integer v standing for [v − ½, v + ½) (for 0: [0, ½)), interpolated.
    const half = (sampledRows * (w - 1)) / 2;
    let cum = 0;
    let med = 0;
    for (let v = 0; v < hist.length; v++) {
      const c = hist[v]!;
      if (cum + c >= half) {
        const lo = v === 0 ? 0 : v - 0.5;
        const width = v === 0 ? 0.5 : 1;
        med = lo + (c > 0 ? ((half - cum) / c) * width : 0);
        break;
      }
      cum += c;
    }
    const sigma = (1.4826 * med) / 2;
    const o = this.options;
    const floor = o.noiseK * sigma;
    let excessSum = 0;
    let sx = 0;
    let sy = 0;
    let moving = 0;
    const cells = sums.length;
    for (let c = 0; c < cells; c++) {
      // Cell mean: the sum over the cell's pixels times 1 / its pixel count (b², fewer at the right and bottom edges).
      const d = Math.abs(sums[c]! * this.cellInvCount[c]!);
      const excess = d - Math.max(floor * this.cellThresholdScale[c]!, o.minThresholdLevels);
      if (excess > 0) {
        excessSum += excess;
        sx += excess * this.cellX[c]!;
        sy += excess * this.cellY[c]!;
        moving++;
      }
    }
    const out = this.out;
    out.noiseSigma = sigma;
    out.energy = excessSum / (cells * 255);
    out.movingFraction = moving / cells;
    if (excessSum > 0 && moving >= this.minMovingCells) {
      out.rawX = sx / excessSum;
      out.rawY = sy / excessSum;
    }
  }
}

/** The complementary error function (Abramowitz & Stegun 1964, 7.1.26; absolute error < 1.5·10⁻⁷). */
function erfc(x: number): number {
  const t = 1 / (1 + 0.3275911 * Math.abs(x));
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const r = poly * Math.exp(-x * x);
  return x >= 0 ? r : 2 - r;
}

/** Range (max − min) of the last n samples of a ring whose newest is at `newest`. */
function spread(ring: Float64Array, newest: number, n: number): number {
  let lo = Infinity;
  let hi = -Infinity;
  const len = ring.length;
  for (let j = 0; j < n; j++) {
    const v = ring[(newest - j + len) % len]!;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return hi - lo;
}

/** The features of a whole clip, one entry per frame in each column. */
export interface MotionFeatures extends VideoGeometry {
  options: Required<MotionOptions>;
  timeSeconds: Float64Array;
  energy: Float64Array;
  energySmoothed: Float64Array;
  x: Float64Array;
  y: Float64Array;
  rawX: Float64Array;
  rawY: Float64Array;
  movingFraction: Float64Array;
  noiseSigma: Float64Array;
  frequencyHz: Float64Array;
  rhythmStrength: Float64Array;
}

/** The per-frame columns of {@link MotionFeatures}, in CSV order. */
export const MOTION_COLUMNS = ['timeSeconds', 'energy', 'energySmoothed', 'x', 'y', 'rawX', 'rawY', 'movingFraction', 'noiseSigma', 'frequencyHz', 'rhythmStrength'] as const;

/** Collects a tracker's frames into columns (grown by doubling; `finish` trims them). */
export class MotionRecorder {
  private columns: Record<(typeof MOTION_COLUMNS)[number], Float64Array>;
  private n = 0;

  constructor(readonly tracker: MotionTracker) {
    this.columns = Object.fromEntries(MOTION_COLUMNS.map((c) => [c, new Float64Array(256)])) as MotionRecorder['columns'];
  }

  /** Pushes a frame through the tracker and records its features. */
  push(luma: Uint8Array): MotionFrame {
    const f = this.tracker.push(luma);
    if (this.n === this.columns.energy.length) {
      for (const c of MOTION_COLUMNS) {
        const grown = new Float64Array(this.n * 2);
        grown.set(this.columns[c]);
        this.columns[c] = grown;
      }
    }
    for (const c of MOTION_COLUMNS) this.columns[c][this.n] = f[c];
    this.n++;
    return f;
  }

  /** The recorded features. */
  finish(): MotionFeatures {
    const cols = Object.fromEntries(MOTION_COLUMNS.map((c) => [c, this.columns[c].slice(0, this.n)])) as MotionRecorder['columns'];
    return { ...this.tracker.geometry, options: this.tracker.options, ...cols };
  }
}

/**
 * The motion features of every frame of a clip (an iterable of luma planes).
 * @example
 * const frames = Array.from({ length: 90 }, (_, k) => {
 *   const f = new Uint8Array(64 * 48).fill(20);
 *   const top = Math.round(20 + 15 * Math.sin(2 * Math.PI * 1.5 * (k / 30))); // a bar moving up and down at 1.5 Hz
 *   for (let y = top; y < top + 6; y++) f.fill(220, y * 64 + 20, y * 64 + 40);
 *   return f;
 * });
 * const m = motionFeatures(frames, { width: 64, height: 48, fps: 30 }, { blockSize: 4 });
 * m.frequencyHz[89]; // → 1.5
 */
export function motionFeatures(frames: Iterable<Uint8Array>, geometry: VideoGeometry, options: MotionOptions = {}): MotionFeatures {
  const recorder = new MotionRecorder(new MotionTracker(geometry, options));
  for (const f of frames) recorder.push(f);
  return recorder.finish();
}

/**
 * The features as CSV, one row per frame: `time_s,energy,energy_smoothed,x,y,raw_x,raw_y,moving_fraction,
 * noise_sigma,frequency_hz,rhythm_strength` (an empty frequency when there is none).
 * @example
 * const m = motionFeatures([new Uint8Array(16), new Uint8Array(16)], { width: 4, height: 4, fps: 10 });
 * // No change: every |e| is 0, read as the bin [0, ½), whose interpolated median is ¼: σ̂ = 1.4826 · ¼ / 2.
 * motionCsv(m).split('\n')[2]; // → '0.1,0,0,0.5,0.5,0.5,0.5,0,0.185325,,0'
 */
export function motionCsv(features: MotionFeatures): string {
  const header = 'time_s,energy,energy_smoothed,x,y,raw_x,raw_y,moving_fraction,noise_sigma,frequency_hz,rhythm_strength';
  const num = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(7))) : '');
  const lines = [header];
  for (let i = 0; i < features.timeSeconds.length; i++) {
    lines.push(MOTION_COLUMNS.map((c) => num(features[c][i]!)).join(','));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The luma of RGBA pixels (a canvas's `ImageData.data`, a camera frame) as grey levels, by the ITU-R BT.601 weights
 * 0.299 R + 0.587 G + 0.114 B in 8-bit fixed point ((77 R + 150 G + 29 B + 128) >> 8); writes into `out` (width ×
 * height bytes) and returns it, allocating nothing.
 * @example
 * Array.from(lumaFromRgba(Uint8Array.from([255, 255, 255, 255, 255, 0, 0, 255]), new Uint8Array(2))); // → [255, 77]
 */
export function lumaFromRgba(rgba: ArrayLike<number>, out: Uint8Array): Uint8Array {
  if (rgba.length !== out.length * 4) throw new RangeError(`RGBA data of ${rgba.length} bytes does not hold ${out.length} pixels`);
  for (let i = 0, j = 0; i < out.length; i++, j += 4) out[i] = (77 * rgba[j]! + 150 * rgba[j + 1]! + 29 * rgba[j + 2]! + 128) >> 8;
  return out;
}
