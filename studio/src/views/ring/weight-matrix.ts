/**
 * The weight matrix W[a][b] (row a = sender, column b = receiver) as a heat map on a log scale from the weights'
 * floor to the largest weight now (the ceiling, one threshold, is rarely approached: a fixed scale up to it would
 * show one colour), drawn into an N × N image scaled up without smoothing.
 */
import { CanvasSurface, font } from '../canvas.js';

/** Viridis at five stops (matplotlib's), interpolated linearly. */
const STOPS: Array<[number, number, number]> = [[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]];

/** RGB of a value 0–1 on the colour scale. */
export function viridis(x: number): [number, number, number] {
  const t = Math.min(1, Math.max(0, x)) * (STOPS.length - 1);
  const i = Math.min(STOPS.length - 2, Math.floor(t));
  const f = t - i;
  const a = STOPS[i]!;
  const b = STOPS[i + 1]!;
  return [a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f];
}

export class WeightMatrix {
  private readonly surface: CanvasSurface;
  private image: ImageData | undefined;
  private readonly offscreen = document.createElement('canvas');
  private nodes = 0;
  private min = 1;
  private ceiling = 2;
  private shownMax = 2;
  private fresh = false;

  constructor(canvas: HTMLCanvasElement) {
    this.surface = new CanvasSurface(canvas);
  }

  setNetwork(nodes: number, minWeight: number, maxWeight: number): void {
    this.nodes = nodes;
    this.min = minWeight;
    this.ceiling = maxWeight;
    this.offscreen.width = this.offscreen.height = nodes;
    this.image = new ImageData(nodes, nodes);
    this.fresh = false;
  }

  /** Takes the matrix from a state that carries one (at `offset`, N × N, row = sender; the diagonal is 0). */
  update(state: Float32Array, offset: number): void {
    const image = this.image;
    if (!image) return;
    const n = this.nodes;
    let top = this.min * 1.01;
    for (let a = 0; a < n; a++) for (let b = 0; b < n; b++) if (a !== b) top = Math.max(top, state[offset + a * n + b]!);
    this.shownMax = Math.min(top, this.ceiling);
    const lo = Math.log(this.min);
    const span = Math.log(this.shownMax) - lo;
    const px = image.data;
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        const k = 4 * (a * n + b);
        if (a === b) {
          px[k] = px[k + 1] = px[k + 2] = 20;
        } else {
          const w = state[offset + a * n + b]!;
          const [r, g, bl] = viridis((Math.log(Math.max(w, this.min)) - lo) / span);
          px[k] = r;
          px[k + 1] = g;
          px[k + 2] = bl;
        }
        px[k + 3] = 255;
      }
    }
    this.offscreen.getContext('2d')!.putImageData(image, 0, 0);
    this.fresh = true;
  }

  draw(): void {
    const g = this.surface.begin();
    if (!g) return;
    const { width: W, height: H, dpr } = this.surface;
    g.fillStyle = '#0e1116';
    g.fillRect(0, 0, W, H);
    g.textBaseline = 'top';
    g.font = font(11, dpr);
    g.fillStyle = '#8b94a3';
    g.fillText('weights W[sender][receiver]', 10 * dpr, 8 * dpr);
    if (!this.fresh) return;
    const top = 28 * dpr;
    const side = Math.max(0, Math.min(W - 20 * dpr, H - top - 30 * dpr));
    const x = (W - side) / 2;
    g.imageSmoothingEnabled = false;
    g.drawImage(this.offscreen, x, top, side, side);
    // The scale: floor to ceiling.
    const barY = top + side + 8 * dpr;
    for (let i = 0; i < side; i += dpr) {
      const [r, gg, b] = viridis(i / side);
      g.fillStyle = `rgb(${r | 0}, ${gg | 0}, ${b | 0})`;
      g.fillRect(x + i, barY, dpr + 0.5, 6 * dpr);
    }
    g.fillStyle = '#8b94a3';
    g.font = font(10, dpr);
    g.textAlign = 'left';
    g.fillText(`floor ${this.min.toFixed(2)}`, x, barY + 9 * dpr);
    g.textAlign = 'right';
    g.fillText(`${this.shownMax.toFixed(2)} max now (log scale; ceiling ${this.ceiling.toFixed(0)})`, x + side, barY + 9 * dpr);
    g.textAlign = 'left';
  }
}
