/** The level meter: RMS as a bar and peak as a tick, on a −60…0 dBFS scale, green to red. */
import type { Level } from '../diagnostics-api.js';

const FLOOR_DB = -60;

/** Position 0–1 of a linear level on the meter's dB scale. */
export function meterPosition(level: number): number {
  if (!(level > 0)) return 0;
  return Math.min(1, Math.max(0, (20 * Math.log10(level) - FLOOR_DB) / -FLOOR_DB));
}

export function drawMeter(canvas: HTMLCanvasElement, level: Level): void {
  const g = canvas.getContext('2d');
  if (!g) return;
  const w = canvas.width;
  const h = canvas.height;
  g.fillStyle = '#1b1f27';
  g.fillRect(0, 0, w, h);
  const rms = meterPosition(level.rms) * w;
  const gradient = g.createLinearGradient(0, 0, w, 0);
  gradient.addColorStop(0, '#3fbf7f');
  gradient.addColorStop(0.8, '#e0c341');
  gradient.addColorStop(1, '#e0504a');
  g.fillStyle = gradient;
  g.fillRect(0, 2, rms, h - 4);
  const peak = meterPosition(level.peak) * w;
  g.fillStyle = level.peak >= 0.99 ? '#ff5c5c' : '#e8ecf2';
  g.fillRect(Math.max(0, peak - 1), 0, 2, h);
}
