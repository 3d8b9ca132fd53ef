/**
 * The worm on its plate: the body (49 midline points, drawn as a tapered tube in its behaviour's colour, with the
 * dorsal and ventral muscles glowing along its sides as they contract) and the locomotion trail of its centroid,
 * coloured by what the worm was doing there. The camera follows the worm; a millimetre grid shows it moving.
 * World coordinates are millimetres with y up, so a left turn (counter-clockwise seen from above) looks like one.
 */
import { CanvasSurface, font } from '../canvas.js';
import { BEHAVIOUR_COLOURS, DORSAL_RGB, VENTRAL_RGB } from './palette.js';
import { muscleQuadrant } from 'neuromusic/worm';
import { BEHAVIOUR_ORDER, WormStateLayout } from '../../engines/worm/messages.js';

/** Trail points kept (one every TRAIL_EVERY_S of engine time: 5 minutes). */
const TRAIL_POINTS = 3000;
const TRAIL_EVERY_S = 0.1;
/** Millimetres visible across the smaller side of the canvas. */
const VIEW_MM = 2.4;
/** Largest body radius (mm): C. elegans is about 80 µm across (BBC 2012). */
const RADIUS_MM = 0.04;
const DORSAL = `rgb(${DORSAL_RGB.join(', ')})`;
const VENTRAL = `rgb(${VENTRAL_RGB.join(', ')})`;

/** What a frame of the arena shows besides the body itself. */
export interface ArenaLabels {
  behaviour: string;
  detail: string;
}

export class WormArena {
  private readonly surface: CanvasSurface;
  private readonly trailX = new Float32Array(TRAIL_POINTS);
  private readonly trailY = new Float32Array(TRAIL_POINTS);
  private readonly trailB = new Uint8Array(TRAIL_POINTS);
  private trailCount = 0;
  /** Colours of the body and its trail, by index: behaviours (the worm plays) or musical patterns (it dances). */
  private palette: readonly string[] = BEHAVIOUR_ORDER.map((b) => BEHAVIOUR_COLOURS[b]);
  private trailHead = 0;
  private lastTrailTime = -Infinity;
  private camX = NaN;
  private camY = NaN;
  private lastNow = 0;
  /** Per muscle: segment (0–23) and side (0 dorsal, 1 ventral). */
  private muscleSegment = new Int8Array(0);
  private muscleSide = new Uint8Array(0);
  private readonly dorsal = new Float32Array(24);
  private readonly ventral = new Float32Array(24);
  // Outline scratch, per midline point.
  private nx = new Float32Array(0);
  private ny = new Float32Array(0);

  constructor(canvas: HTMLCanvasElement) {
    this.surface = new CanvasSurface(canvas);
  }

  /** The muscles' names in state order (from the engine's description). */
  setMuscles(names: readonly string[]): void {
    this.muscleSegment = Int8Array.from(names, (n) => muscleQuadrant(n).segment - 1);
    this.muscleSide = Uint8Array.from(names, (n) => (muscleQuadrant(n).quadrant[0] === 'D' ? 0 : 1));
  }

  /**
   * The colours that `track` and `draw` index (default: the behaviours in BEHAVIOUR_ORDER); the trail is forgotten.
   * @example
   * arena.setPalette(patterns.map((p) => p.color)); // the body coloured by the musical pattern playing
   */
  setPalette(colours: readonly string[] | undefined): void {
    this.palette = colours ?? BEHAVIOUR_ORDER.map((b) => BEHAVIOUR_COLOURS[b]);
    this.resetTrail();
  }

  /** Forgets the trail (the playhead went back). */
  resetTrail(): void {
    this.trailCount = 0;
    this.trailHead = 0;
    this.lastTrailTime = -Infinity;
  }

  /** Adds the centroid at engine time `time` to the trail (at most one point per TRAIL_EVERY_S), in palette colour `colour`. */
  track(time: number, x: number, y: number, colour: number): void {
    // Back in time, or a jump forward (a seek: states come every 16–20 ms): a new trail, not a straight line.
    if (time < this.lastTrailTime || time - this.lastTrailTime > 1) this.resetTrail();
    if (time - this.lastTrailTime < TRAIL_EVERY_S) return;
    this.lastTrailTime = time;
    this.trailX[this.trailHead] = x;
    this.trailY[this.trailHead] = y;
    this.trailB[this.trailHead] = colour;
    this.trailHead = (this.trailHead + 1) % TRAIL_POINTS;
    if (this.trailCount < TRAIL_POINTS) this.trailCount++;
  }

  /** Draws a frame; the body takes palette colour `colour` (default: its behaviour's). */
  draw(state: Float32Array | undefined, layout: WormStateLayout | undefined, now: number, labels: ArenaLabels | undefined, colour?: number): void {
    const g = this.surface.begin();
    if (!g) return;
    const { width: W, height: H, dpr } = this.surface;
    g.fillStyle = '#0e1116';
    g.fillRect(0, 0, W, H);
    if (!state || !layout) {
      this.lastNow = now;
      return;
    }
    const L = WormStateLayout;
    const cx = state[L.CENTROID_X]!;
    const cy = state[L.CENTROID_Y]!;
    // The camera eases toward the worm (time constant 0.4 s), and jumps when it is far behind (a seek).
    const scale = Math.min(W, H) / VIEW_MM;
    const dt = Math.min(0.25, Math.max(0, (now - this.lastNow) / 1000));
    this.lastNow = now;
    if (!Number.isFinite(this.camX) || Math.hypot(cx - this.camX, cy - this.camY) > VIEW_MM / 2) {
      this.camX = cx;
      this.camY = cy;
    } else {
      const k = 1 - Math.exp(-dt / 0.4);
      this.camX += (cx - this.camX) * k;
      this.camY += (cy - this.camY) * k;
    }
    const sx = (x: number): number => W / 2 + (x - this.camX) * scale;
    const sy = (y: number): number => H / 2 - (y - this.camY) * scale;

    this.drawGrid(g, W, H, scale, sx, sy, dpr);
    this.drawTrail(g, sx, sy, dpr);
    const fill = this.colour(colour ?? state[WormStateLayout.BEHAVIOUR]!);
    this.drawBody(g, state, layout, sx, sy, scale, dpr, fill);
    this.drawScaleBar(g, H, scale, dpr);
    if (labels) this.drawLabels(g, labels, dpr, fill);
  }

  private drawGrid(g: CanvasRenderingContext2D, W: number, H: number, scale: number, sx: (x: number) => number, sy: (y: number) => number, dpr: number): void {
    const step = 0.5;
    const x0 = this.camX - W / 2 / scale;
    const x1 = this.camX + W / 2 / scale;
    const y0 = this.camY - H / 2 / scale;
    const y1 = this.camY + H / 2 / scale;
    g.lineWidth = dpr;
    for (let x = Math.floor(x0 / step) * step; x <= x1; x += step) {
      g.strokeStyle = Math.abs(x / 1 - Math.round(x)) < 1e-6 ? '#1d232d' : '#161b23';
      g.beginPath();
      g.moveTo(Math.round(sx(x)) + 0.5, 0);
      g.lineTo(Math.round(sx(x)) + 0.5, H);
      g.stroke();
    }
    for (let y = Math.floor(y0 / step) * step; y <= y1; y += step) {
      g.strokeStyle = Math.abs(y - Math.round(y)) < 1e-6 ? '#1d232d' : '#161b23';
      g.beginPath();
      g.moveTo(0, Math.round(sy(y)) + 0.5);
      g.lineTo(W, Math.round(sy(y)) + 0.5);
      g.stroke();
    }
  }

  private drawTrail(g: CanvasRenderingContext2D, sx: (x: number) => number, sy: (y: number) => number, dpr: number): void {
    const n = this.trailCount;
    if (n < 2) return;
    g.lineWidth = 2.5 * dpr;
    g.lineCap = 'round';
    g.lineJoin = 'round';
    const first = (this.trailHead - n + TRAIL_POINTS) % TRAIL_POINTS;
    // One stroke per run of points with the same behaviour and fade band (older parts fainter): tens of strokes,
    // not thousands.
    const BANDS = 8;
    let key = -1;
    for (let k = 1; k < n; k++) {
      const a = (first + k - 1) % TRAIL_POINTS;
      const b = (first + k) % TRAIL_POINTS;
      const band = Math.min(BANDS - 1, Math.floor((k / n) * BANDS));
      const behaviour = this.trailB[b]!;
      const next = behaviour * BANDS + band;
      if (next !== key) {
        if (key >= 0) g.stroke();
        key = next;
        g.globalAlpha = 0.2 + 0.6 * ((band + 1) / BANDS);
        g.strokeStyle = this.colour(behaviour);
        g.beginPath();
        g.moveTo(sx(this.trailX[a]!), sy(this.trailY[a]!));
      }
      g.lineTo(sx(this.trailX[b]!), sy(this.trailY[b]!));
    }
    g.stroke();
    g.globalAlpha = 1;
  }

  private drawBody(
    g: CanvasRenderingContext2D, state: Float32Array, layout: WormStateLayout,
    sx: (x: number) => number, sy: (y: number) => number, scale: number, dpr: number, fill: string,
  ): void {
    const n = layout.rods;
    if (this.nx.length !== n) {
      this.nx = new Float32Array(n);
      this.ny = new Float32Array(n);
    }
    const X = (i: number): number => state[layout.midlineX + i]!;
    const Y = (i: number): number => state[layout.midlineY + i]!;
    // Unit normals pointing to the left of the head → tail direction: the dorsal side in the plane.
    for (let i = 0; i < n; i++) {
      const a = Math.max(0, i - 1);
      const b = Math.min(n - 1, i + 1);
      const tx = X(b) - X(a);
      const ty = Y(b) - Y(a);
      const len = Math.hypot(tx, ty) || 1;
      this.nx[i] = -ty / len;
      this.ny[i] = tx / len;
    }
    const radius = (i: number): number => RADIUS_MM * Math.sqrt(Math.sin(Math.PI * Math.min(0.985, Math.max(0.015, i / (n - 1)))));
    const edge = (i: number, side: number): [number, number] => [sx(X(i) + side * radius(i) * this.nx[i]!), sy(Y(i) + side * radius(i) * this.ny[i]!)];
    g.beginPath();
    for (let i = 0; i < n; i++) {
      const [x, y] = edge(i, 1);
      if (i === 0) g.moveTo(x, y);
      else g.lineTo(x, y);
    }
    for (let i = n - 1; i >= 0; i--) {
      const [x, y] = edge(i, -1);
      g.lineTo(x, y);
    }
    g.closePath();
    g.fillStyle = fill;
    g.globalAlpha = 0.85;
    g.fill();
    g.globalAlpha = 1;

    // Muscles: the dorsal and the ventral activation of each of the 24 muscle segments along its side.
    this.dorsal.fill(0);
    this.ventral.fill(0);
    for (let m = 0; m < this.muscleSegment.length; m++) {
      const a = state[layout.muscles + m]!;
      const seg = this.muscleSegment[m]!;
      const side = this.muscleSide[m] === 0 ? this.dorsal : this.ventral;
      if (a > side[seg]!) side[seg] = a;
    }
    g.lineCap = 'round';
    g.lineWidth = Math.max(2 * dpr, 0.022 * scale);
    for (const [side, values, colour] of [[1, this.dorsal, DORSAL], [-1, this.ventral, VENTRAL]] as const) {
      g.strokeStyle = colour;
      for (let seg = 0; seg < 24; seg++) {
        const level = values[seg]!;
        if (level < 0.05) continue;
        const i0 = Math.round((seg * (n - 1)) / 24);
        const i1 = Math.round(((seg + 1) * (n - 1)) / 24);
        g.globalAlpha = Math.min(1, level);
        g.beginPath();
        for (let i = i0; i <= i1; i++) {
          const [x, y] = edge(i, side * 0.8);
          if (i === i0) g.moveTo(x, y);
          else g.lineTo(x, y);
        }
        g.stroke();
      }
    }
    g.globalAlpha = 1;
    // The head: a bright dot at the first point.
    g.fillStyle = '#f2f5fa';
    g.beginPath();
    g.arc(sx(X(0)), sy(Y(0)), Math.max(2.5 * dpr, 0.018 * scale), 0, 2 * Math.PI);
    g.fill();
  }

  private drawScaleBar(g: CanvasRenderingContext2D, H: number, scale: number, dpr: number): void {
    const x = 16 * dpr;
    const y = H - 16 * dpr;
    g.fillStyle = '#8b94a3';
    g.fillRect(x, y, scale, 2 * dpr);
    g.font = font(11, dpr);
    g.textBaseline = 'bottom';
    g.fillText('1 mm', x, y - 4 * dpr);
  }

  /** A palette colour (grey for an index outside it). */
  private colour(index: number): string {
    return this.palette[index] ?? BEHAVIOUR_COLOURS.pause;
  }

  private drawLabels(g: CanvasRenderingContext2D, labels: ArenaLabels, dpr: number, fill: string): void {
    g.textBaseline = 'top';
    g.font = font(15, dpr, 650);
    g.fillStyle = fill;
    g.fillText(labels.behaviour, 16 * dpr, 14 * dpr);
    g.font = font(12, dpr);
    g.fillStyle = '#8b94a3';
    g.fillText(labels.detail, 16 * dpr, 36 * dpr);
  }
}
