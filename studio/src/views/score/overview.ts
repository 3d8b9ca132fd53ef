/**
 * The whole piece in one strip under the roll: every note as a short mark, the part of the piece the roll shows,
 * and the playhead. The notes are drawn once into an offscreen canvas when the score or size changes; a frame
 * only copies it and draws two rectangles. Clicking or dragging seeks.
 */
import { scoreEnd, type Score } from 'neuromusic/score';
import { voiceColor } from './colors.js';
import { rollRange } from './piano-roll.js';

export class Overview {
  private score: Score | undefined;
  private duration = 0;
  private cache: HTMLCanvasElement | undefined;
  private width = 0;
  private height = 0;

  constructor(readonly canvas: HTMLCanvasElement, onSeek: (time: number) => void) {
    const seekTo = (e: PointerEvent): void => {
      if (this.duration <= 0) return;
      const box = canvas.getBoundingClientRect();
      onSeek(Math.max(0, Math.min(1, (e.clientX - box.left) / box.width)) * this.duration);
    };
    canvas.addEventListener('pointerdown', (e) => {
      canvas.setPointerCapture(e.pointerId);
      seekTo(e);
    });
    canvas.addEventListener('pointerup', (e) => canvas.releasePointerCapture(e.pointerId));
  }

  setScore(score: Score): void {
    this.score = score;
    this.duration = scoreEnd(score);
    this.cache = undefined;
  }

  draw(time: number, windowStart: number, windowEnd: number): void {
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(this.canvas.clientWidth * dpr);
    const h = Math.round(this.canvas.clientHeight * dpr);
    if (w !== this.width || h !== this.height) {
      this.canvas.width = this.width = w;
      this.canvas.height = this.height = h;
      this.cache = undefined;
    }
    const g = this.canvas.getContext('2d');
    if (!g || w === 0 || h === 0) return;
    this.cache ??= this.render(w, h);
    g.drawImage(this.cache, 0, 0);
    if (this.duration <= 0) return;
    const x = (t: number): number => (t / this.duration) * w;
    g.fillStyle = 'rgba(242, 245, 250, 0.12)';
    g.fillRect(x(windowStart), 0, Math.max(2, x(windowEnd) - x(windowStart)), h);
    g.fillStyle = '#f2f5fa';
    g.fillRect(Math.round(x(time) - dpr), 0, 2 * dpr, h);
  }

  private render(w: number, h: number): HTMLCanvasElement {
    const c = document.createElement('canvas');
    c.width = w;
    c.height = h;
    const g = c.getContext('2d')!;
    g.fillStyle = '#10131a';
    g.fillRect(0, 0, w, h);
    if (!this.score || this.duration <= 0) return c;
    const { low, high } = rollRange(this.score.notes);
    const rowH = h / (high - low + 1);
    for (const n of this.score.notes) {
      g.fillStyle = voiceColor(n.voice);
      g.globalAlpha = 0.4 + 0.6 * n.velocity;
      g.fillRect((n.onset / this.duration) * w, (high - n.pitch) * rowH, Math.max(1, (n.duration / this.duration) * w), Math.max(1, rowH));
    }
    g.globalAlpha = 1;
    return c;
  }
}
