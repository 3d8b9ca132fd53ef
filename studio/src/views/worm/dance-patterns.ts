/**
 * The piece's musical patterns while the worm dances: an indicator per pattern, glowing with its excitability
 * (brightness ∝ max_j |Pearson(pattern, Z_worm[:, j])|, relative to the most excitable pattern; lit while the
 * pattern plays; its circular-shift p-value beside it), and the pattern timeline — the piece's cluster timeline, a
 * band coloured frame by frame, with the playhead. A click on the timeline seeks there.
 *
 * The indicators are DOM elements (their state is an attribute: `data-lit`, read by the browser tests) updated only
 * when the pattern playing changes; the timeline's band is drawn once into an offscreen canvas and copied each frame.
 */
import { el } from '../../app/dom.js';
import { CanvasSurface, font } from '../canvas.js';
import { formatPValue } from 'neuromusic/worm';
import type { DanceDescription } from '../../engines/worm/messages.js';

/** Smallest brightness of a lit indicator, so that the least excitable pattern still shows when it plays. */
const MIN_LIT = 0.3;

export class DancePatterns {
  readonly element: HTMLElement;
  private readonly indicators: HTMLElement;
  private readonly surface: CanvasSurface;
  private readonly canvas: HTMLCanvasElement;
  private description: DanceDescription | undefined;
  private items: HTMLElement[] = [];
  private lit = -1;
  private band: HTMLCanvasElement | undefined;
  private bandKey = '';

  constructor(seek: (time: number) => void) {
    this.indicators = el('div', { class: 'dance-indicators', role: 'list', 'aria-label': 'Musical patterns, glowing with their excitability' });
    this.canvas = el('canvas', { class: 'worm-pattern-timeline', 'aria-label': 'Pattern timeline of the piece (click to seek)' });
    this.surface = new CanvasSurface(this.canvas);
    this.element = el('div', { class: 'worm-patterns' }, this.indicators, this.canvas);
    this.canvas.addEventListener('click', (e) => {
      const d = this.description;
      if (!d) return;
      const box = this.canvas.getBoundingClientRect();
      const { x0, x1 } = this.bandSpan(box.width, 1);
      seek(Math.max(0, Math.min(1, (e.clientX - box.left - x0) / (x1 - x0))) * d.duration);
    });
  }

  /** A new dance: one indicator per pattern, brightest for the most excitable. */
  setDance(d: DanceDescription): void {
    this.description = d;
    this.band = undefined;
    this.lit = -1;
    const top = Math.max(1e-9, ...d.patterns.map((p) => p.excitability));
    this.items = d.patterns.map((p) => {
      const level = p.excitability / top;
      const item = el('div', {
        class: 'dance-indicator', role: 'listitem', 'data-pattern': p.id, 'data-lit': 'false', 'data-level': level.toFixed(3),
        title: `${p.label}: excitability |r| = ${p.excitability.toFixed(3)} (rank ${p.rank}), p = ${formatPValue(p.pValue, d.rotations)}; ${(100 * p.share).toFixed(0)} % of the piece`,
      },
      el('span', { class: 'dot' }),
      el('span', { class: 'name' }, p.label),
      el('span', { class: 'value' }, `|r| ${p.excitability.toFixed(2)}`),
      el('span', { class: 'p' }, `p ${formatPValue(p.pValue, d.rotations)}`));
      item.style.setProperty('--colour', p.color);
      item.style.setProperty('--level', (MIN_LIT + (1 - MIN_LIT) * level).toFixed(3));
      return item;
    });
    this.indicators.replaceChildren(...this.items);
  }

  clear(): void {
    this.description = undefined;
    this.items = [];
    this.lit = -1;
    this.indicators.replaceChildren();
  }

  /** Lights the indicator of pattern `pattern` (−1: none) and draws the timeline with the playhead at `time`. */
  draw(pattern: number, time: number): void {
    if (pattern !== this.lit) {
      this.items[this.lit]?.setAttribute('data-lit', 'false');
      this.items[pattern]?.setAttribute('data-lit', 'true');
      this.lit = pattern;
    }
    const g = this.surface.begin();
    if (!g) return;
    const { width: W, height: H, dpr } = this.surface;
    g.fillStyle = '#0e1116';
    g.fillRect(0, 0, W, H);
    const d = this.description;
    g.font = font(11, dpr);
    g.textBaseline = 'top';
    g.fillStyle = '#8b94a3';
    g.fillText(d ? `pattern timeline · ${d.patterns.length} patterns of ${d.title}` : 'pattern timeline', 10 * dpr, 5 * dpr);
    if (!d) return;
    const { x0, x1, y0, y1 } = this.bandSpan(W, dpr, H);
    const key = `${W}x${H}`;
    if (!this.band || this.bandKey !== key) {
      this.band = this.renderBand(d, Math.max(1, Math.round(x1 - x0)), Math.max(1, Math.round(y1 - y0)));
      this.bandKey = key;
    }
    g.drawImage(this.band, x0, y0);
    const x = x0 + (x1 - x0) * Math.min(1, Math.max(0, time / d.duration));
    g.fillStyle = '#f2f5fa';
    g.fillRect(Math.round(x - dpr), y0 - 3 * dpr, 2 * dpr, y1 - y0 + 6 * dpr);
    g.textAlign = 'right';
    g.fillStyle = '#8b94a3';
    g.fillText(`${time.toFixed(1)} / ${d.duration.toFixed(1)} s`, W - 10 * dpr, 5 * dpr);
    g.textAlign = 'left';
  }

  /** Where the band lies on the canvas (device pixels). */
  private bandSpan(W: number, dpr: number, H = 0): { x0: number; x1: number; y0: number; y1: number } {
    return { x0: 10 * dpr, x1: W - 10 * dpr, y0: 22 * dpr, y1: Math.max(26 * dpr, H - 8 * dpr) };
  }

  /** The cluster timeline as a band: one column per pixel, coloured by the pattern of its frames' majority. */
  private renderBand(d: DanceDescription, width: number, height: number): HTMLCanvasElement {
    const band = document.createElement('canvas');
    band.width = width;
    band.height = height;
    const g = band.getContext('2d')!;
    const counts = new Uint32Array(d.patterns.length);
    let runStart = 0;
    let runPattern = -1;
    const flush = (end: number): void => {
      if (runPattern < 0) return;
      g.fillStyle = d.patterns[runPattern]!.color;
      g.fillRect(runStart, 0, end - runStart, height);
    };
    for (let x = 0; x < width; x++) {
      const f0 = Math.floor((x / width) * d.frames);
      const f1 = Math.max(f0 + 1, Math.floor(((x + 1) / width) * d.frames));
      counts.fill(0);
      let best = d.labels[f0] ?? 0;
      for (let f = f0; f < f1 && f < d.frames; f++) {
        const p = d.labels[f]!;
        if (++counts[p]! > counts[best]!) best = p;
      }
      if (best !== runPattern) {
        flush(x);
        runStart = x;
        runPattern = best;
      }
    }
    flush(width);
    return band;
  }
}
