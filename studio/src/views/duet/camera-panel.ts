/**
 * The camera as the duet hears it: the picture with the centroid of the moving mass marked (its ring grows with the
 * envelope the listener hears), the height that sets the melodist's register as a bar beside it, and the motion
 * energy of the last six seconds as a trace below; the camera's frame rate and the lens-to-sound latency in a line.
 */
import { CanvasSurface, font } from '../canvas.js';
import type { CameraInput, CameraSample } from './camera.js';

/** Seconds of motion energy the trace shows. */
const TRACE_SECONDS = 6;
/** Samples the trace keeps (over 40 frames a second for TRACE_SECONDS). */
const TRACE_SAMPLES = 256;

/** What the line under the title says. */
export interface CameraFigures {
  fps: number;
  processMs: number;
  /** Median lens-to-sound latency of the last frames measured, ms (NaN: none yet, or paused). */
  latencyMs: number;
}

export class CameraPanel {
  private readonly surface: CanvasSurface;
  private readonly times = new Float64Array(TRACE_SAMPLES);
  private readonly energy = new Float64Array(TRACE_SAMPLES);
  private readonly envelope = new Float64Array(TRACE_SAMPLES);
  private count = 0;

  constructor(canvas: HTMLCanvasElement) {
    this.surface = new CanvasSurface(canvas);
  }

  /** Keeps a frame's energy for the trace. */
  collect(sample: CameraSample): void {
    const i = this.count % TRACE_SAMPLES;
    this.times[i] = sample.readyMs;
    this.energy[i] = sample.energy;
    this.envelope[i] = sample.envelope;
    this.count++;
  }

  clear(): void {
    this.count = 0;
  }

  draw(camera: CameraInput, figures: CameraFigures, nowMs: number): void {
    const g = this.surface.begin();
    if (!g) return;
    const { width: w, height: h, dpr } = this.surface;
    g.fillStyle = '#0e1116';
    g.fillRect(0, 0, w, h);
    const pad = 8 * dpr;
    const head = 20 * dpr;
    const traceH = Math.max(30 * dpr, h * 0.26);
    g.font = font(11, dpr, 600);
    g.textBaseline = 'top';
    g.textAlign = 'left';
    g.fillStyle = '#7d8796';
    g.fillText('camera', pad, 6 * dpr);
    g.font = font(11, dpr);
    g.textAlign = 'right';
    const latency = Number.isFinite(figures.latencyMs) ? `lens → sound ${figures.latencyMs.toFixed(0)} ms` : 'lens → sound —';
    g.fillText(`${figures.fps.toFixed(1)} fps · ${figures.processMs.toFixed(1)} ms a frame · ${latency}`, w - pad, 6 * dpr);

    // The picture, 4:3, as large as fits above the trace, with the register bar at its right.
    const barW = 10 * dpr;
    const boxH = h - head - traceH - 2 * pad;
    const boxW = w - 3 * pad - barW;
    const ph = Math.max(0, Math.min(boxH, (boxW * 3) / 4));
    const pw = (ph * 4) / 3;
    const px = pad + (boxW - pw) / 2;
    const py = head + pad / 2;
    const s = camera.latest;
    if (ph > 0 && camera.running && s.frame >= 0) {
      g.drawImage(camera.picture, px, py, pw, ph);
      // The moving mass: x from the left, y from the bottom.
      const mx = px + s.x * pw;
      const my = py + (1 - s.y) * ph;
      g.strokeStyle = '#e8c85f';
      g.lineWidth = 2 * dpr;
      g.beginPath();
      g.arc(mx, my, (5 + 28 * s.envelope) * dpr, 0, 2 * Math.PI);
      g.moveTo(mx - 10 * dpr, my);
      g.lineTo(mx + 10 * dpr, my);
      g.moveTo(mx, my - 10 * dpr);
      g.lineTo(mx, my + 10 * dpr);
      g.stroke();
    } else if (ph > 0) {
      g.fillStyle = '#151a22';
      g.fillRect(px, py, pw, ph);
      g.fillStyle = '#7d8796';
      g.textAlign = 'center';
      g.textBaseline = 'middle';
      g.fillText('no picture', px + pw / 2, py + ph / 2);
    }
    // The register: the height of the moving mass, which pulls the melodist's notes up or down.
    const bx = px + pw + pad;
    g.fillStyle = '#1c2330';
    g.fillRect(bx, py, barW, ph);
    if (camera.running) {
      g.fillStyle = '#9be85f';
      const by = py + (1 - s.y) * ph;
      g.fillRect(bx, by - 2 * dpr, barW, 4 * dpr);
    }

    // Motion energy over the last seconds, scaled to the trace's own peak, and in blue the envelope the listener
    // hears (the energy over its slower running peak: the same shape while the motion keeps its strength).
    const ty = h - traceH - pad / 2;
    g.fillStyle = '#151a22';
    g.fillRect(pad, ty, w - 2 * pad, traceH);
    const n = Math.min(this.count, TRACE_SAMPLES);
    let top = 0;
    for (let j = 0; j < n; j++) top = Math.max(top, this.energy[(this.count - 1 - j) % TRACE_SAMPLES]!);
    const xAt = (t: number): number => pad + (w - 2 * pad) * (1 - (nowMs - t) / (TRACE_SECONDS * 1000));
    const base = ty + traceH - 2 * dpr;
    const line = (values: Float64Array, scale: number, colour: string, fill?: string): void => {
      g.strokeStyle = colour;
      g.lineWidth = 1.5 * dpr;
      g.beginPath();
      let started = false;
      let firstX = 0;
      let lastX = 0;
      for (let j = n - 1; j >= 0; j--) {
        const i = (this.count - 1 - j) % TRACE_SAMPLES;
        const x = xAt(this.times[i]!);
        if (x < pad) continue;
        // The top 16 px are the labels'.
        const y = base - (traceH - 18 * dpr) * Math.min(1, values[i]! * scale);
        if (started) g.lineTo(x, y);
        else {
          g.moveTo(x, y);
          firstX = x;
        }
        lastX = x;
        started = true;
      }
      g.stroke();
      if (fill && started) {
        g.lineTo(lastX, base);
        g.lineTo(firstX, base);
        g.closePath();
        g.fillStyle = fill;
        g.fill();
      }
    };
    if (top > 0) line(this.energy, 1 / top, '#e8c85f', 'rgba(232, 200, 95, 0.25)');
    line(this.envelope, 1, 'rgba(95, 168, 232, 0.8)');
    g.textAlign = 'left';
    g.textBaseline = 'top';
    g.font = font(10, dpr);
    g.fillStyle = '#e8c85f';
    g.fillText(`motion energy (0 … ${top.toExponential(1)})`, pad + 4 * dpr, ty + 3 * dpr);
    g.fillStyle = '#5fa8e8';
    g.textAlign = 'right';
    g.fillText('heard: over its running peak', w - pad - 4 * dpr, ty + 3 * dpr);
  }
}
