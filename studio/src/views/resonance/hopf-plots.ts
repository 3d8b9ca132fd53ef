/**
 * The Hopf oscillator's two plots, drawn from the equations (hopf-curves.ts): the bifurcation diagram (limit-cycle
 * amplitude against α, stable branches solid, unstable dashed, the rest state r = 0 solid while α < 0, the chosen α
 * marked with its attractors) and the resonance curve (every steady 1:1 amplitude against the forcing frequency, the
 * natural frequency at 1 Hz, under the chosen forcing F).
 */
import { CanvasSurface, font } from '../canvas.js';
import { amplitudeCeiling, attractors, bifurcationBranch, regimeName, steadyAmplitudes, type HopfShape } from './hopf-curves.js';

const ALPHA_RANGE: [number, number] = [-1, 1];
/** Forcing frequencies (Hz) of the resonance curve, around the natural 1 Hz. */
const FORCING_RANGE: [number, number] = [0.5, 1.5];

export interface HopfSettings extends HopfShape {
  forcing: number;
}

interface Frame {
  g: CanvasRenderingContext2D;
  dpr: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export class HopfPlots {
  private readonly bifurcation: CanvasSurface;
  private readonly resonance: CanvasSurface;
  private drawnFor = '';

  constructor(bifurcation: HopfCanvas, resonance: HopfCanvas) {
    this.bifurcation = new CanvasSurface(bifurcation);
    this.resonance = new CanvasSurface(resonance);
  }

  /** Redraws when the settings or the canvases' sizes changed. */
  draw(p: HopfSettings): void {
    const key = `${p.alpha},${p.beta1},${p.beta2},${p.epsilon},${p.forcing},${this.bifurcation.canvas.clientWidth}x${this.bifurcation.canvas.clientHeight},${this.resonance.canvas.clientWidth}x${this.resonance.canvas.clientHeight},${window.devicePixelRatio}`;
    if (key === this.drawnFor) return;
    this.drawnFor = key;
    this.drawBifurcation(p);
    this.drawResonance(p);
  }

  private frame(surface: CanvasSurface, title: string, subtitle: string): Frame | undefined {
    const g = surface.begin();
    if (!g) return undefined;
    const { width: w, height: h, dpr } = surface;
    g.fillStyle = '#0e1116';
    g.fillRect(0, 0, w, h);
    g.font = font(11, dpr, 600);
    g.fillStyle = '#7d8796';
    g.textAlign = 'left';
    g.textBaseline = 'top';
    g.fillText(title, 8 * dpr, 6 * dpr);
    g.font = font(11, dpr);
    g.fillStyle = '#c9d1dc';
    g.fillText(subtitle, 8 * dpr, 22 * dpr);
    return { g, dpr, left: 44 * dpr, right: w - 12 * dpr, top: 42 * dpr, bottom: h - 30 * dpr };
  }

  private axes(f: Frame, xRange: [number, number], yMax: number, xLabel: string, xTicks: number[]): void {
    const { g, dpr, left, right, top, bottom } = f;
    g.strokeStyle = '#2a3340';
    g.lineWidth = dpr;
    g.beginPath();
    g.moveTo(left, top);
    g.lineTo(left, bottom);
    g.lineTo(right, bottom);
    g.stroke();
    g.font = font(10, dpr);
    g.fillStyle = '#7d8796';
    g.textAlign = 'center';
    g.textBaseline = 'top';
    for (const x of xTicks) {
      const px = left + ((x - xRange[0]) / (xRange[1] - xRange[0])) * (right - left);
      g.fillRect(px - dpr / 2, bottom, dpr, 4 * dpr);
      g.fillText(String(x), px, bottom + 5 * dpr);
    }
    g.textAlign = 'right';
    g.fillText(xLabel, right, bottom + 16 * dpr);
    g.textBaseline = 'middle';
    for (const y of [0, yMax / 2, yMax]) {
      const py = bottom - (y / yMax) * (bottom - top);
      g.fillText(y.toFixed(2), left - 5 * dpr, py);
    }
    g.save();
    g.translate(10 * dpr, (top + bottom) / 2);
    g.rotate(-Math.PI / 2);
    g.textAlign = 'center';
    g.fillText('amplitude r', 0, 0);
    g.restore();
  }

  private drawBifurcation(p: HopfSettings): void {
    const ceiling = amplitudeCeiling(p.epsilon, 1.6);
    const f = this.frame(this.bifurcation, 'Hopf bifurcation: limit-cycle amplitude against α', regimeName(p));
    if (!f) return;
    const { g, dpr, left, right, top, bottom } = f;
    const yMax = ceiling;
    this.axes(f, ALPHA_RANGE, yMax, 'α', [-1, -0.5, 0, 0.5, 1]);
    const X = (a: number): number => left + ((a - ALPHA_RANGE[0]) / (ALPHA_RANGE[1] - ALPHA_RANGE[0])) * (right - left);
    const Y = (r: number): number => bottom - (r / yMax) * (bottom - top);
    // Rest: r = 0, stable for α < 0.
    g.lineWidth = 2.5 * dpr;
    g.strokeStyle = '#5fb3e8';
    g.beginPath();
    g.moveTo(X(-1), Y(0));
    g.lineTo(X(0), Y(0));
    g.stroke();
    g.setLineDash([5 * dpr, 4 * dpr]);
    g.strokeStyle = '#8894a4';
    g.beginPath();
    g.moveTo(X(0), Y(0));
    g.lineTo(X(1), Y(0));
    g.stroke();
    // The limit cycles, split into runs of equal stability.
    const branch = bifurcationBranch(p, 600, ceiling).filter((b) => b.alpha >= ALPHA_RANGE[0] - 0.5 && b.alpha <= ALPHA_RANGE[1] + 0.5);
    let i = 0;
    g.save();
    g.beginPath();
    g.rect(left, top - 4 * dpr, right - left, bottom - top + 4 * dpr);
    g.clip();
    while (i < branch.length) {
      const stable = branch[i]!.stable;
      g.setLineDash(stable ? [] : [5 * dpr, 4 * dpr]);
      g.strokeStyle = stable ? '#5fb3e8' : '#8894a4';
      g.beginPath();
      g.moveTo(X(branch[i]!.alpha), Y(branch[i]!.r));
      let j = i + 1;
      while (j < branch.length && branch[j]!.stable === stable) {
        g.lineTo(X(branch[j]!.alpha), Y(branch[j]!.r));
        j++;
      }
      if (j < branch.length) g.lineTo(X(branch[j]!.alpha), Y(branch[j]!.r));
      g.stroke();
      i = j;
    }
    g.restore();
    g.setLineDash([]);
    // The chosen α and where the oscillator settles there.
    g.strokeStyle = 'rgba(232, 102, 95, 0.6)';
    g.lineWidth = dpr;
    g.beginPath();
    g.moveTo(X(p.alpha), top);
    g.lineTo(X(p.alpha), bottom);
    g.stroke();
    g.fillStyle = '#e8665f';
    for (const r of attractors(p, ceiling)) {
      g.beginPath();
      g.arc(X(p.alpha), Y(r), 5 * dpr, 0, 2 * Math.PI);
      g.fill();
    }
    this.legend(g, dpr, right, top, [['#5fb3e8', 'stable', false], ['#8894a4', 'unstable', true], ['#e8665f', `attractors at α = ${p.alpha.toFixed(2)}`, false]]);
  }

  private drawResonance(p: HopfSettings): void {
    const ceiling = amplitudeCeiling(p.epsilon, 1.6);
    const f = this.frame(this.resonance, `Resonance: steady amplitude against forcing frequency (natural 1 Hz, F = ${p.forcing.toFixed(3)})`, 'every 1:1 steady state; more than one where the response folds over (hysteresis)');
    if (!f) return;
    const { g, dpr, left, right, top, bottom } = f;
    const samples = Math.max(60, Math.round((right - left) / (2 * dpr)));
    const points: Array<[number, number]> = [];
    let top1 = 0;
    for (let i = 0; i <= samples; i++) {
      const hz = FORCING_RANGE[0] + ((FORCING_RANGE[1] - FORCING_RANGE[0]) * i) / samples;
      for (const r of steadyAmplitudes(p, 2 * Math.PI * (1 - hz), p.forcing, ceiling)) {
        points.push([hz, r]);
        top1 = Math.max(top1, r);
      }
    }
    const yMax = Math.max(0.05, Math.min(ceiling, top1 * 1.1));
    this.axes(f, FORCING_RANGE, yMax, 'forcing Hz', [0.5, 0.75, 1, 1.25, 1.5]);
    const X = (hz: number): number => left + ((hz - FORCING_RANGE[0]) / (FORCING_RANGE[1] - FORCING_RANGE[0])) * (right - left);
    const Y = (r: number): number => bottom - (Math.min(r, yMax) / yMax) * (bottom - top);
    g.fillStyle = '#5fb3e8';
    for (const [hz, r] of points) g.fillRect(X(hz) - 1.5 * dpr, Y(r) - 1.5 * dpr, 3 * dpr, 3 * dpr);
    g.strokeStyle = 'rgba(232, 102, 95, 0.6)';
    g.lineWidth = dpr;
    g.beginPath();
    g.moveTo(X(1), top);
    g.lineTo(X(1), bottom);
    g.stroke();
  }

  private legend(g: CanvasRenderingContext2D, dpr: number, right: number, top: number, items: Array<[string, string, boolean]>): void {
    g.font = font(10, dpr);
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    items.forEach(([colour, label, dashed], k) => {
      const y = top + 6 * dpr + k * 14 * dpr;
      g.fillStyle = '#c9d1dc';
      g.fillText(label, right - 28 * dpr, y);
      g.strokeStyle = colour;
      g.lineWidth = 2 * dpr;
      g.setLineDash(dashed ? [4 * dpr, 3 * dpr] : []);
      g.beginPath();
      g.moveTo(right - 22 * dpr, y);
      g.lineTo(right - 4 * dpr, y);
      g.stroke();
    });
    g.setLineDash([]);
  }
}

type HopfCanvas = HTMLCanvasElement;
