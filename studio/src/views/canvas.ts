/**
 * A canvas that keeps its pixel size equal to its box times the device pixel ratio, for the views' drawings:
 * `begin()` resizes when the box changed and returns the context, in device pixels.
 */
export class CanvasSurface {
  width = 0;
  height = 0;
  dpr = 1;
  private g: CanvasRenderingContext2D | null = null;

  constructor(readonly canvas: HTMLCanvasElement) {}

  /** The 2-D context sized to the box, or undefined while the canvas has no size (hidden, not laid out). */
  begin(): CanvasRenderingContext2D | undefined {
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(this.canvas.clientWidth * dpr);
    const h = Math.round(this.canvas.clientHeight * dpr);
    if (w !== this.width || h !== this.height || dpr !== this.dpr) {
      this.canvas.width = this.width = w;
      this.canvas.height = this.height = h;
      this.dpr = dpr;
    }
    if (w === 0 || h === 0) return undefined;
    this.g ??= this.canvas.getContext('2d');
    return this.g ?? undefined;
  }

  /** A canvas-relative point of a pointer event, in CSS pixels. */
  point(e: PointerEvent | MouseEvent): { x: number; y: number } {
    const box = this.canvas.getBoundingClientRect();
    return { x: e.clientX - box.left, y: e.clientY - box.top };
  }
}

/** A CSS font string in device pixels. */
export function font(px: number, dpr: number, weight = 400): string {
  return `${weight} ${Math.round(px * dpr)}px system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif`;
}
