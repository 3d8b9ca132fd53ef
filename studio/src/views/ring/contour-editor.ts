/**
 * The guiding contours, to draw on while the ring plays: two lanes (pitch above, velocity below) scrolling past the
 * playhead, each with its contour (the user's path, McIlwain & Pietsch §4.1) and the notes the flock actually
 * played (dots), so one sees the flock follow the line and cascade after a leap. Drawing with the mouse (or pen, or
 * finger) in a lane replaces that contour from the stroke on; the stroke is sent when the button is released.
 */
import { CanvasSurface, font } from '../canvas.js';
import { pitchColour } from './ring-canvas.js';
import { pitchName } from 'neuromusic/score';
import { RingStateLayout, type ContourPoints } from '../../engines/ring/messages.js';

/** Seconds shown before and after the playhead. */
const PAST_SECONDS = 10;
const FUTURE_SECONDS = 20;
const CAPACITY = 4096;

type Lane = 'pitch' | 'velocity';
const RANGES: Record<Lane, [number, number]> = { pitch: [24, 108], velocity: [1, 127] };

export class ContourEditor {
  private readonly surface: CanvasSurface;
  private contours: Record<Lane, ContourPoints> = { pitch: [], velocity: [] };
  private readonly nTime = new Float64Array(CAPACITY);
  private readonly nPitch = new Float32Array(CAPACITY);
  private readonly nVelocity = new Float32Array(CAPACITY);
  private head = 0;
  private count = 0;
  private lastCollected = -Infinity;
  private stroke: { lane: Lane; points: ContourPoints } | undefined;
  private time = 0;

  constructor(
    readonly canvas: HTMLCanvasElement,
    private readonly onStroke: (lane: Lane, points: ContourPoints) => void,
  ) {
    this.surface = new CanvasSurface(canvas);
    canvas.addEventListener('pointerdown', (e) => {
      const lane = this.laneAt(this.surface.point(e).y);
      if (!lane) return;
      canvas.setPointerCapture(e.pointerId);
      this.stroke = { lane, points: [] };
      this.extend(e);
    });
    canvas.addEventListener('pointermove', (e) => {
      if (this.stroke) this.extend(e);
    });
    const finish = (e: PointerEvent): void => {
      const stroke = this.stroke;
      if (!stroke) return;
      this.stroke = undefined;
      if (canvas.hasPointerCapture(e.pointerId)) canvas.releasePointerCapture(e.pointerId);
      if (stroke.points.length > 0) this.onStroke(stroke.lane, stroke.points);
    };
    canvas.addEventListener('pointerup', finish);
    canvas.addEventListener('pointercancel', finish);
  }

  setContours(pitch: ContourPoints, velocity: ContourPoints): void {
    this.contours = { pitch, velocity };
  }

  /** Forgets the notes (a new network). */
  clear(): void {
    this.count = this.head = 0;
  }

  /** Keeps the notes a state lists. */
  collect(time: number, state: Float32Array, layout: RingStateLayout): void {
    if (time < this.lastCollected) this.count = this.head = 0;
    this.lastCollected = time;
    const n = state[RingStateLayout.FIRINGS]!;
    for (let k = 0; k < n; k++) {
      const at = layout.firings + k * RingStateLayout.FIRING_FIELDS;
      this.nPitch[this.head] = state[at + 2]!;
      this.nVelocity[this.head] = state[at + 3]!;
      this.nTime[this.head] = state[at + 4]!;
      this.head = (this.head + 1) % CAPACITY;
      if (this.count < CAPACITY) this.count++;
    }
  }

  /** Lane rectangles in CSS pixels. */
  private lanes(): Record<Lane, { top: number; height: number }> {
    const h = this.canvas.clientHeight;
    const top = 22;
    const gap = 10;
    const laneH = (h - top - gap - 8) / 2;
    return { pitch: { top, height: laneH * 1.15 }, velocity: { top: top + laneH * 1.15 + gap, height: laneH * 0.85 } };
  }

  private laneAt(y: number): Lane | undefined {
    const l = this.lanes();
    for (const lane of ['pitch', 'velocity'] as const) if (y >= l[lane].top && y <= l[lane].top + l[lane].height) return lane;
    return undefined;
  }

  /** Engine time at canvas x (CSS pixels) with the playhead at `time`. */
  timeAtX(x: number, time = this.time): number {
    const w = this.canvas.clientWidth;
    return time - PAST_SECONDS + (x / w) * (PAST_SECONDS + FUTURE_SECONDS);
  }

  /** The value of a lane at canvas y (CSS pixels). */
  valueAtY(lane: Lane, y: number): number {
    const l = this.lanes()[lane];
    const [lo, hi] = RANGES[lane];
    const f = 1 - (y - l.top) / l.height;
    return Math.min(hi, Math.max(lo, lo + f * (hi - lo)));
  }

  private extend(e: PointerEvent): void {
    const stroke = this.stroke!;
    const { x, y } = this.surface.point(e);
    const t = this.timeAtX(x);
    const last = stroke.points[stroke.points.length - 1];
    // Time only moves forward along a stroke: a backward move is ignored.
    if (last && t <= last[0] + 0.02) return;
    stroke.points.push([t, Math.round(this.valueAtY(stroke.lane, y) * 10) / 10]);
  }

  draw(time: number): void {
    this.time = time;
    const g = this.surface.begin();
    if (!g) return;
    const { width: W, height: H, dpr } = this.surface;
    g.fillStyle = '#0e1116';
    g.fillRect(0, 0, W, H);
    const t0 = time - PAST_SECONDS;
    const span = PAST_SECONDS + FUTURE_SECONDS;
    const xOf = (t: number): number => ((t - t0) / span) * W;
    const lanes = this.lanes();
    g.textBaseline = 'top';
    g.font = font(11, dpr);
    g.fillStyle = '#8b94a3';
    g.fillText('guiding contours · draw ahead of the playhead to lead the flocks', 10 * dpr, 5 * dpr);
    for (const lane of ['pitch', 'velocity'] as const) {
      const top = lanes[lane].top * dpr;
      const h = lanes[lane].height * dpr;
      const [lo, hi] = RANGES[lane];
      const yOf = (v: number): number => top + h * (1 - (v - lo) / (hi - lo));
      g.fillStyle = '#12161d';
      g.fillRect(0, top, W, h);
      // Octaves (pitch) or quarters (velocity).
      g.fillStyle = '#1b212b';
      g.font = font(9, dpr);
      g.textBaseline = 'bottom';
      if (lane === 'pitch') {
        for (let p = 36; p < hi; p += 12) {
          g.fillRect(0, yOf(p), W, dpr);
          g.fillStyle = '#4a5363';
          g.fillText(pitchName(p), 4 * dpr, yOf(p) - dpr);
          g.fillStyle = '#1b212b';
        }
      } else {
        for (const v of [32, 64, 96]) g.fillRect(0, yOf(v), W, dpr);
      }
      // Notes played.
      const first = (this.head - this.count + CAPACITY) % CAPACITY;
      for (let k = 0; k < this.count; k++) {
        const i = (first + k) % CAPACITY;
        const t = this.nTime[i]!;
        if (t < t0 || t > time) continue;
        const v = lane === 'pitch' ? this.nPitch[i]! : this.nVelocity[i]!;
        g.fillStyle = pitchColour(this.nPitch[i]!);
        g.globalAlpha = lane === 'pitch' ? 0.85 : 0.6;
        g.fillRect(xOf(t) - 1.5 * dpr, yOf(v) - 1.5 * dpr, 3 * dpr, 3 * dpr);
      }
      g.globalAlpha = 1;
      // The contour, held beyond its last point; dimmer in the past.
      const points = this.contours[lane];
      if (points.length > 0) {
        g.lineWidth = 2 * dpr;
        g.strokeStyle = lane === 'pitch' ? '#e6eaf0' : '#c9a6ff';
        g.beginPath();
        g.moveTo(0, yOf(valueAt(points, t0)));
        for (const [t, v] of points) if (t > t0 && t < t0 + span) g.lineTo(xOf(t), yOf(v));
        g.lineTo(W, yOf(valueAt(points, t0 + span)));
        g.stroke();
      }
      if (this.stroke?.lane === lane && this.stroke.points.length > 0) {
        g.strokeStyle = '#f2c94c';
        g.lineWidth = 3 * dpr;
        g.beginPath();
        this.stroke.points.forEach(([t, v], i) => (i === 0 ? g.moveTo(xOf(t), yOf(v)) : g.lineTo(xOf(t), yOf(v))));
        g.stroke();
      }
      g.fillStyle = '#8b94a3';
      g.font = font(10, dpr, 600);
      g.textBaseline = 'top';
      g.textAlign = 'right';
      g.fillText(lane, W - 8 * dpr, top + 4 * dpr);
      g.textAlign = 'left';
    }
    // The playhead.
    g.fillStyle = '#f2f5fa';
    g.fillRect(Math.round(xOf(time)) - dpr, lanes.pitch.top * dpr, 2 * dpr, H - lanes.pitch.top * dpr - 8 * dpr);
  }
}

/** A contour's value at t: linear between points, held beyond the ends. */
function valueAt(points: ContourPoints, t: number): number {
  if (t <= points[0]![0]) return points[0]![1];
  for (let i = 1; i < points.length; i++) {
    const [t1, v1] = points[i]!;
    if (t <= t1) {
      const [t0, v0] = points[i - 1]!;
      return t1 === t0 ? v1 : v0 + ((v1 - v0) * (t - t0)) / (t1 - t0);
    }
  }
  return points[points.length - 1]![1];
}
