/**
 * The three oscillators moving: the drummer's motor phase on its circle (one turn a beat, the sixteenths marked, the
 * beat at the top flashing as it passes), the listener's strongest resonance on its 0.5–8 Hz bank with the phase of
 * its mean field, and the Lorenz melodist's trajectory in the x–z plane (the butterfly), the last seconds as a trail.
 */
import { CanvasSurface, font } from '../canvas.js';
import { DuetStateLayout as L } from '../../engines/duet/messages.js';

/** The listener's bank (the duet's defaults: 0.5–8 Hz). */
const BANK_LOW_HZ = 0.5;
const BANK_HIGH_HZ = 8;

export class Oscillators {
  private readonly surface: CanvasSurface;

  constructor(canvas: HTMLCanvasElement) {
    this.surface = new CanvasSurface(canvas);
  }

  /** Draws the state at the playhead with the trail behind it (oldest first). */
  draw(state: Float32Array | undefined, trail: readonly Float32Array[]): void {
    const g = this.surface.begin();
    if (!g) return;
    const { width: w, height: h, dpr } = this.surface;
    g.fillStyle = '#0e1116';
    g.fillRect(0, 0, w, h);
    const third = w / 3;
    this.drummer(g, state, 0, third, h, dpr);
    this.listener(g, state, third, third, h, dpr);
    this.lorenz(g, state, trail, 2 * third, third, h, dpr);
  }

  private title(g: CanvasRenderingContext2D, text: string, x: number, dpr: number): void {
    g.font = font(11, dpr, 600);
    g.fillStyle = '#7d8796';
    g.textBaseline = 'top';
    g.textAlign = 'left';
    g.fillText(text, x + 8 * dpr, 6 * dpr);
  }

  private drummer(g: CanvasRenderingContext2D, s: Float32Array | undefined, x0: number, w: number, h: number, dpr: number): void {
    this.title(g, 'drummer (ASHLE)', x0, dpr);
    const cx = x0 + w / 2;
    const cy = h / 2 + 6 * dpr;
    const r = Math.max(10, Math.min(w, h) * 0.34);
    g.strokeStyle = '#2a3340';
    g.lineWidth = 2 * dpr;
    g.beginPath();
    g.arc(cx, cy, r, 0, 2 * Math.PI);
    g.stroke();
    // The beat position B = Φ/2π: one turn a beat, clockwise from the top.
    const beat = s ? s[L.BEAT]! : 0;
    const frac = beat - Math.floor(beat);
    for (let k = 0; k < 4; k++) {
      const a = -Math.PI / 2 + (k * Math.PI) / 2;
      const lit = k === 0 ? Math.max(0, 1 - frac * 6) : 0;
      g.fillStyle = k === 0 ? `rgba(232, 102, 95, ${0.45 + 0.55 * lit})` : '#3a4452';
      g.beginPath();
      g.arc(cx + r * Math.cos(a), cy + r * Math.sin(a), (k === 0 ? 6 + 6 * lit : 4) * dpr, 0, 2 * Math.PI);
      g.fill();
    }
    if (!s) return;
    const a = -Math.PI / 2 + 2 * Math.PI * frac;
    g.strokeStyle = '#e8665f';
    g.lineWidth = 2 * dpr;
    g.beginPath();
    g.moveTo(cx, cy);
    g.lineTo(cx + r * Math.cos(a), cy + r * Math.sin(a));
    g.stroke();
    g.fillStyle = '#ffd1cc';
    g.beginPath();
    g.arc(cx + r * Math.cos(a), cy + r * Math.sin(a), 5 * dpr, 0, 2 * Math.PI);
    g.fill();
    g.font = font(12, dpr);
    g.fillStyle = '#c9d1dc';
    g.textAlign = 'center';
    g.textBaseline = 'middle';
    g.fillText(`${(60 * s[L.DRUMMER_HZ]!).toFixed(1)} bpm`, cx, cy);
    g.fillText(`beat ${Math.floor(beat) + 1}`, cx, cy + 16 * dpr);
    g.textAlign = 'left';
  }

  private listener(g: CanvasRenderingContext2D, s: Float32Array | undefined, x0: number, w: number, h: number, dpr: number): void {
    this.title(g, 'listener (GrFNN)', x0, dpr);
    const left = x0 + 16 * dpr;
    const right = x0 + w - 16 * dpr;
    const axisY = h - 26 * dpr;
    const xOf = (hz: number): number => left + ((right - left) * Math.log(hz / BANK_LOW_HZ)) / Math.log(BANK_HIGH_HZ / BANK_LOW_HZ);
    g.strokeStyle = '#2a3340';
    g.lineWidth = dpr;
    g.beginPath();
    g.moveTo(left, axisY);
    g.lineTo(right, axisY);
    g.stroke();
    g.font = font(10, dpr);
    g.fillStyle = '#7d8796';
    g.textAlign = 'center';
    g.textBaseline = 'top';
    for (const hz of [0.5, 1, 2, 4, 8]) {
      g.fillRect(xOf(hz) - dpr / 2, axisY - 3 * dpr, dpr, 6 * dpr);
      g.fillText(`${hz} Hz`, xOf(hz), axisY + 5 * dpr);
    }
    if (!s) {
      g.textAlign = 'left';
      return;
    }
    // The drummer's tempo on the same axis, to see the listener lock to it.
    const drummerHz = s[L.DRUMMER_HZ]!;
    if (drummerHz >= BANK_LOW_HZ && drummerHz <= BANK_HIGH_HZ) {
      g.fillStyle = '#e8665f';
      g.beginPath();
      g.moveTo(xOf(drummerHz), axisY - 4 * dpr);
      g.lineTo(xOf(drummerHz) - 5 * dpr, axisY - 12 * dpr);
      g.lineTo(xOf(drummerHz) + 5 * dpr, axisY - 12 * dpr);
      g.fill();
    }
    const hz = s[L.LISTENER_HZ]!;
    const plv = s[L.LISTENER_PLV]!;
    const top = 30 * dpr;
    if (Number.isFinite(hz)) {
      const x = xOf(hz);
      g.strokeStyle = '#5fc8e8';
      g.lineWidth = 3 * dpr;
      g.beginPath();
      g.moveTo(x, axisY);
      g.lineTo(x, top + 30 * dpr);
      g.stroke();
      // The mean field's phase: a hand on a small dial at the top of the line.
      const r = Math.min(24 * dpr, (right - left) / 6);
      const ph = s[L.LISTENER_PHASE]!;
      g.lineWidth = dpr;
      g.beginPath();
      g.arc(x, top + 30 * dpr - r, r, 0, 2 * Math.PI);
      g.stroke();
      g.lineWidth = 2 * dpr;
      g.beginPath();
      g.moveTo(x, top + 30 * dpr - r);
      g.lineTo(x + r * Math.cos(-ph - Math.PI / 2), top + 30 * dpr - r + r * Math.sin(-ph - Math.PI / 2));
      g.stroke();
    }
    g.font = font(12, dpr);
    g.fillStyle = '#c9d1dc';
    g.textAlign = 'left';
    g.textBaseline = 'top';
    g.fillText(Number.isFinite(hz) ? `strongest ${hz.toFixed(2)} Hz · PLV ${plv.toFixed(2)}` : 'hears nothing yet', x0 + 8 * dpr, 22 * dpr);
  }

  private lorenz(g: CanvasRenderingContext2D, s: Float32Array | undefined, trail: readonly Float32Array[], x0: number, w: number, h: number, dpr: number): void {
    this.title(g, 'melodist (Lorenz x–z)', x0, dpr);
    // The ρ = 28 attractor spans x ±20, z 0–50; at ρ = 45 z reaches about 75.
    const zMax = Math.max(50, ...trail.map((t) => t[L.LORENZ_Z]! + 5));
    const pad = 14 * dpr;
    const xOf = (x: number): number => x0 + w / 2 + ((w / 2 - pad) * x) / 25;
    const yOf = (z: number): number => h - pad - ((h - 2 * pad - 14 * dpr) * z) / zMax;
    g.lineWidth = 1.5 * dpr;
    for (let k = 1; k < trail.length; k++) {
      const a = trail[k - 1]!;
      const b = trail[k]!;
      g.strokeStyle = `rgba(155, 232, 95, ${(0.1 + (0.8 * k) / trail.length).toFixed(3)})`;
      g.beginPath();
      g.moveTo(xOf(a[L.LORENZ_X]!), yOf(a[L.LORENZ_Z]!));
      g.lineTo(xOf(b[L.LORENZ_X]!), yOf(b[L.LORENZ_Z]!));
      g.stroke();
    }
    if (!s) return;
    g.fillStyle = '#e6ffd0';
    g.beginPath();
    g.arc(xOf(s[L.LORENZ_X]!), yOf(s[L.LORENZ_Z]!), 4 * dpr, 0, 2 * Math.PI);
    g.fill();
    g.font = font(12, dpr);
    g.fillStyle = '#c9d1dc';
    g.textBaseline = 'top';
    g.fillText(`ρ ${s[L.RHO]!.toFixed(1)}`, x0 + 8 * dpr, 22 * dpr);
  }
}
