/**
 * Raster images for plots too dense for vector marks (a piano roll of 46 × 13,000 cells, a kymograph, a weight
 * matrix over time): values → colour-mapped RGBA → PNG (deflate by fflate) → data URI, drawn by a Vega-Lite
 * `image` mark under ordinary axes.
 */
import { zlibSync } from 'fflate';
import type { PlotSpec } from './plot.js';

/** Viridis (matplotlib's perceptually uniform map), 9 anchors, linearly interpolated. */
const VIRIDIS = [
  [68, 1, 84], [71, 44, 122], [59, 81, 139], [44, 113, 142], [33, 144, 141],
  [39, 173, 129], [92, 200, 99], [170, 220, 50], [253, 231, 37],
];
/** Diverging blue–white–red for signed values (weights, correlations). */
const BLUE_RED = [[33, 102, 172], [103, 169, 207], [209, 229, 240], [247, 247, 247], [253, 219, 199], [239, 138, 98], [178, 24, 43]];
/** White to black, for binary rolls. */
const GREYS = [[255, 255, 255], [0, 0, 0]];

export type Colormap = 'viridis' | 'blue-red' | 'greys';
const MAPS: Record<Colormap, number[][]> = { viridis: VIRIDIS, 'blue-red': BLUE_RED, greys: GREYS };

/** RGB of a value in [0, 1] on a colour map. */
export function colormapRgb(t: number, map: Colormap = 'viridis'): [number, number, number] {
  const stops = MAPS[map];
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (stops.length - 1);
  const i = Math.min(stops.length - 2, Math.floor(x));
  const f = x - i;
  const a = stops[i]!;
  const b = stops[i + 1]!;
  return [0, 1, 2].map((k) => Math.round(a[k]! + f * (b[k]! - a[k]!))) as [number, number, number];
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array, from: number, to: number): number {
  let c = 0xffffffff;
  for (let i = from; i < to; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * Encodes RGBA pixels (row-major, top row first) as a PNG file.
 * @example
 * const png = encodePng(new Uint8Array([255, 0, 0, 255]), 1, 1);
 */
export function encodePng(rgba: Uint8Array, width: number, height: number): Uint8Array {
  if (rgba.length !== width * height * 4) throw new RangeError('RGBA buffer size does not match width × height');
  const raw = new Uint8Array((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    raw.set(rgba.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  }
  const idat = zlibSync(raw, { level: 6 });
  const chunks: Array<[string, Uint8Array]> = [
    ['IHDR', new Uint8Array([...u32(width), ...u32(height), 8, 6, 0, 0, 0])],
    ['IDAT', idat],
    ['IEND', new Uint8Array(0)],
  ];
  const size = 8 + chunks.reduce((s, [, d]) => s + 12 + d.length, 0);
  const out = new Uint8Array(size);
  out.set([137, 80, 78, 71, 13, 10, 26, 10]);
  let p = 8;
  for (const [type, data] of chunks) {
    out.set(u32(data.length), p);
    for (let i = 0; i < 4; i++) out[p + 4 + i] = type.charCodeAt(i);
    out.set(data, p + 8);
    out.set(u32(crc32(out, p + 4, p + 8 + data.length)), p + 8 + data.length);
    p += 12 + data.length;
  }
  return out;
}

function u32(n: number): number[] {
  return [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
}

/** Base64 data URI of PNG bytes (works in Node and browsers). */
export function pngDataUri(png: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < png.length; i += 0x8000) bin += String.fromCharCode(...png.subarray(i, i + 0x8000));
  return `data:image/png;base64,${btoa(bin)}`;
}

/** Options for {@link heatmapPng}. */
export interface HeatmapOptions {
  colormap?: Colormap;
  /** Value mapped to the bottom / top of the colour map (default: data min / max; symmetric for blue-red). */
  min?: number;
  max?: number;
  /** Longest image side in pixels; columns are max-pooled down to it (default 2000). */
  maxColumns?: number;
  /** Draw row 0 at the bottom (default true: low pitches at the bottom of a piano roll). */
  rowZeroAtBottom?: boolean;
}

/**
 * A rows × cols matrix (row-major) as a colour-mapped PNG. Wide matrices are reduced by taking the value of largest
 * magnitude in each pixel's span, so short events stay visible.
 */
export function heatmapPng(values: ArrayLike<number>, rows: number, cols: number, options: HeatmapOptions = {}): Uint8Array {
  const map = options.colormap ?? 'viridis';
  const width = Math.max(1, Math.min(cols, options.maxColumns ?? 2000));
  let lo = options.min ?? Infinity;
  let hi = options.max ?? -Infinity;
  if (options.min === undefined || options.max === undefined) {
    for (let i = 0; i < rows * cols; i++) {
      const v = values[i]!;
      if (!Number.isFinite(v)) continue;
      if (options.min === undefined) lo = Math.min(lo, v);
      if (options.max === undefined) hi = Math.max(hi, v);
    }
  }
  if (map === 'blue-red' && options.min === undefined && options.max === undefined) {
    const m = Math.max(Math.abs(lo), Math.abs(hi));
    lo = -m;
    hi = m;
  }
  if (!(hi > lo)) hi = lo + 1;
  const rgba = new Uint8Array(width * rows * 4);
  for (let r = 0; r < rows; r++) {
    const y = options.rowZeroAtBottom === false ? r : rows - 1 - r;
    for (let x = 0; x < width; x++) {
      const c0 = Math.floor((x * cols) / width);
      const c1 = Math.max(c0 + 1, Math.floor(((x + 1) * cols) / width));
      let v = values[r * cols + c0]!;
      for (let c = c0 + 1; c < c1; c++) {
        const w = values[r * cols + c]!;
        if (Math.abs(w) > Math.abs(v)) v = w;
      }
      const [R, G, B] = colormapRgb((v - lo) / (hi - lo), map);
      const p = (y * width + x) * 4;
      rgba[p] = R;
      rgba[p + 1] = G;
      rgba[p + 2] = B;
      rgba[p + 3] = 255;
    }
  }
  return encodePng(rgba, width, rows);
}

/**
 * A Vega-Lite layer that draws a PNG over the data range [x0, x1] × [y0, y1] with ordinary axes.
 * @example
 * const png = encodePng(new Uint8Array(2 * 2 * 4).fill(255), 2, 2);
 * const spec = imagePlotSpec(pngDataUri(png), { x: [0, 267], y: [28, 82], xTitle: 'time (s)', yTitle: 'pitch' });
 */
export function imagePlotSpec(
  uri: string,
  range: { x: [number, number]; y: [number, number]; xTitle: string; yTitle: string; width?: number; height?: number; title?: string },
): PlotSpec {
  return {
    width: range.width ?? 900,
    height: range.height ?? 260,
    ...(range.title ? { title: range.title } : {}),
    data: { values: [{ x0: range.x[0], x1: range.x[1], y0: range.y[0], y1: range.y[1], url: uri }] },
    mark: { type: 'image', aspect: false },
    encoding: {
      x: { field: 'x0', type: 'quantitative', title: range.xTitle, scale: { domain: range.x, nice: false, zero: false } },
      x2: { field: 'x1' },
      y: { field: 'y0', type: 'quantitative', title: range.yTitle, scale: { domain: range.y, nice: false, zero: false } },
      y2: { field: 'y1' },
      url: { field: 'url', type: 'nominal' },
    },
  } as PlotSpec;
}
