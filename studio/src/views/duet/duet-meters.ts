/**
 * The EEG chain's numbers as bars: the four biomarker indices (z-scores against the baseline, centred on 0) and the
 * four controls they steer (λ2, ρ, tempo, density), each on the range the mapping table allows, its resting value
 * marked, with the last four seconds behind it as a faint trace.
 */
import { CanvasSurface, font } from '../canvas.js';
import { DuetStateLayout as L } from '../../engines/duet/messages.js';

interface Meter {
  label: string;
  at: number;
  min: number;
  max: number;
  rest: number;
  colour: string;
  format: (v: number) => string;
}

const z = (v: number): string => `${v >= 0 ? '+' : '−'}${Math.abs(v).toFixed(1)} σ`;
const INDICES: Meter[] = [
  { label: 'stress', at: L.STRESS, min: -3, max: 3, rest: 0, colour: '#e8665f', format: z },
  { label: 'attention', at: L.ATTENTION, min: -3, max: 3, rest: 0, colour: '#e8c85f', format: z },
  { label: 'engagement', at: L.ENGAGEMENT, min: -3, max: 3, rest: 0, colour: '#9be85f', format: z },
  { label: 'relaxation', at: L.RELAXATION, min: -3, max: 3, rest: 0, colour: '#5fc8e8', format: z },
];
// The ranges of DEFAULT_MAPPING_TABLE (src/engines/duet/mapping.ts): each control's atLow … atHigh.
const CONTROLS: Meter[] = [
  { label: 'λ2 (drummer elasticity)', at: L.LAMBDA2, min: 0.5, max: 3, rest: 2, colour: '#5fc8e8', format: (v) => `${v.toFixed(2)} /s` },
  { label: 'ρ (Lorenz)', at: L.RHO, min: 20, max: 45, rest: 28, colour: '#e8665f', format: (v) => v.toFixed(1) },
  { label: 'tempo', at: L.TEMPO, min: 0.85, max: 1.2, rest: 1, colour: '#e8c85f', format: (v) => `×${v.toFixed(3)}` },
  { label: 'density', at: L.DENSITY, min: 0.25, max: 0.85, rest: 0.5, colour: '#9be85f', format: (v) => `${(100 * v).toFixed(0)} %` },
];

export class DuetMeters {
  private readonly surface: CanvasSurface;

  constructor(canvas: HTMLCanvasElement) {
    this.surface = new CanvasSurface(canvas);
  }

  /** Draws the state at the playhead and, faint, the states of the last seconds (`history`, oldest first). */
  draw(state: Float32Array | undefined, history: readonly Float32Array[]): void {
    const g = this.surface.begin();
    if (!g) return;
    const { width: w, height: h, dpr } = this.surface;
    g.fillStyle = '#0e1116';
    g.fillRect(0, 0, w, h);
    const rows = INDICES.length + CONTROLS.length + 2;
    const rowH = h / rows;
    g.font = font(11, dpr, 600);
    g.textBaseline = 'middle';
    g.fillStyle = '#7d8796';
    g.fillText(state && state[L.READY] === 0 ? 'biomarkers (first window filling…)' : 'biomarkers (z vs baseline)', 8 * dpr, rowH * 0.5);
    INDICES.forEach((m, i) => this.meter(g, m, state, history, (i + 1) * rowH, rowH, w, dpr));
    g.fillStyle = '#7d8796';
    g.font = font(11, dpr, 600);
    g.fillText('controls', 8 * dpr, rowH * (INDICES.length + 1.5));
    CONTROLS.forEach((m, i) => this.meter(g, m, state, history, (INDICES.length + 2 + i) * rowH, rowH, w, dpr));
  }

  private meter(g: CanvasRenderingContext2D, m: Meter, state: Float32Array | undefined, history: readonly Float32Array[], top: number, rowH: number, w: number, dpr: number): void {
    const x0 = 8 * dpr;
    const barLeft = Math.min(w * 0.42, 170 * dpr);
    const barRight = w - 64 * dpr;
    const span = barRight - barLeft;
    const xOf = (v: number): number => barLeft + (span * (Math.max(m.min, Math.min(m.max, v)) - m.min)) / (m.max - m.min);
    const mid = top + rowH / 2;
    const barH = Math.min(14 * dpr, rowH * 0.6);
    g.font = font(11, dpr);
    g.fillStyle = '#c9d1dc';
    g.fillText(m.label, x0, mid);
    g.fillStyle = '#171c24';
    g.fillRect(barLeft, mid - barH / 2, span, barH);
    // The last seconds, faint: the trace of the value along the bar's height, oldest at the top.
    if (history.length > 1) {
      g.strokeStyle = `${m.colour}55`;
      g.lineWidth = dpr;
      g.beginPath();
      history.forEach((s, k) => {
        const x = xOf(s[m.at]!);
        const y = mid - barH / 2 + (barH * k) / (history.length - 1);
        if (k === 0) g.moveTo(x, y);
        else g.lineTo(x, y);
      });
      g.stroke();
    }
    const rest = xOf(m.rest);
    if (state) {
      const v = state[m.at]!;
      g.fillStyle = m.colour;
      const x = xOf(v);
      g.fillRect(Math.min(rest, x), mid - barH / 4, Math.max(dpr, Math.abs(x - rest)), barH / 2);
      g.fillRect(x - dpr, mid - barH / 2, 2 * dpr, barH);
      g.fillStyle = '#c9d1dc';
      g.fillText(m.format(v), barRight + 6 * dpr, mid);
    }
    g.fillStyle = '#7d8796';
    g.fillRect(rest - dpr / 2, mid - barH / 2 - 2 * dpr, dpr, barH + 4 * dpr);
  }
}
