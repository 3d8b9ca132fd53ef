import { describe, expect, it } from 'vitest';
import { MotionTracker, lumaFromRgba, motionCsv, motionFeatures, MOTION_COLUMNS } from './motion.js';
import { createRandom } from '../../math/random.js';

const W = 64;
const H = 48;

/** A frame of value `bg` with a bright rectangle [x0, x1) × [y0, y1). */
function rect(x0: number, y0: number, x1: number, y1: number, bg = 30, fg = 230): Uint8Array {
  const f = new Uint8Array(W * H).fill(bg);
  for (let y = y0; y < y1; y++) f.fill(fg, y * W + x0, y * W + x1);
  return f;
}

describe('MotionTracker', () => {
  it('gives zero energy and a held centre (0.5, 0.5) for identical frames', () => {
    const m = motionFeatures([rect(8, 8, 16, 16), rect(8, 8, 16, 16), rect(8, 8, 16, 16)], { width: W, height: H, fps: 30 });
    expect(Array.from(m.energy)).toEqual([0, 0, 0]);
    expect(Array.from(m.rawX)).toEqual([0.5, 0.5, 0.5]);
    expect(Array.from(m.rawY)).toEqual([0.5, 0.5, 0.5]);
  });

  it('puts the centroid on the cells that changed, and holds it when motion stops (hand-computed)', () => {
    // A 16×16 square appears on cells (cols 5–6, rows 1–2) of the 8-pixel grid: centre x = 48/64, y from the top 16/48.
    const frames = [rect(0, 0, 0, 0), rect(40, 8, 56, 24), rect(40, 8, 56, 24)];
    const m = motionFeatures(frames, { width: W, height: H, fps: 30 });
    expect(m.rawX[1]).toBeCloseTo(48 / 64, 12);
    expect(m.rawY[1]).toBeCloseTo(1 - 16 / 48, 12);
    expect(m.movingFraction[1]).toBeCloseTo(4 / 48, 12); // 8 × 6 cells
    // Energy: four cells of mean difference 200 over a clean floor (σ̂ = 0 → τ = 0.5 level), averaged over 48 cells.
    expect(m.energy[1]).toBeCloseTo((4 * (200 - 0.5)) / 48 / 255, 12);
    expect(m.energy[2]).toBe(0);
    expect(m.rawX[2]).toBe(m.rawX[1]);
  });

  it('holds the centroid when fewer cells change than noise alone would lift over the floor', () => {
    // 48 cells, k = 3: N·p = 0.13 false alarms, so at least 0.13 + 4·√0.13 + 2 ≈ 3.6 cells must change.
    const m = motionFeatures([rect(0, 0, 0, 0), rect(0, 0, 24, 8), rect(0, 0, 56, 8)], { width: W, height: H, fps: 30 });
    expect(m.energy[1]).toBeGreaterThan(0);
    expect([m.rawX[1], m.rawY[1]]).toEqual([0.5, 0.5]); // 3 cells: held
    expect(m.rawX[2]).toBeCloseTo(40 / 64, 12); // 4 cells (x 24–56) changed: it moves
  });

  it('estimates the sensor noise σ from the MAD of neighbour differences of the frame difference', () => {
    for (const sigma of [2, 5, 12]) {
      const r = createRandom(sigma);
      const frame = (): Uint8Array => Uint8Array.from({ length: 320 * 240 }, () => Math.round(128 + r.normal(0, sigma)));
      const tracker = new MotionTracker({ width: 320, height: 240, fps: 30 });
      tracker.push(frame());
      const f = tracker.push(frame());
      // Rounding to integers adds 1/12 level² of variance to each pixel.
      expect(f.noiseSigma / Math.sqrt(sigma * sigma + 1 / 12)).toBeGreaterThan(0.95);
      expect(f.noiseSigma / Math.sqrt(sigma * sigma + 1 / 12)).toBeLessThan(1.05);
      expect(f.movingFraction).toBeLessThan(0.01); // 3σ: 0.27 % of cells by chance
    }
  });

  it('keeps the noise estimate when most of the picture moves (a plain MAD of D would not)', () => {
    const r = createRandom(2);
    const make = (shift: number): Uint8Array => {
      const f = new Uint8Array(320 * 240);
      for (let y = 0; y < 240; y++) for (let x = 0; x < 320; x++) f[y * 320 + x] = Math.round(128 + 60 * Math.sin((2 * Math.PI * (x - shift)) / 64) + r.normal(0, 4));
      return f;
    };
    const tracker = new MotionTracker({ width: 320, height: 240, fps: 30 });
    tracker.push(make(0));
    const f = tracker.push(make(3));
    expect(f.noiseSigma).toBeGreaterThan(3.5);
    expect(f.noiseSigma).toBeLessThan(5);
    expect(f.movingFraction).toBeGreaterThan(0.7);
  });

  it('reuses one output object, and reset brings back the first run exactly', () => {
    const frames = Array.from({ length: 20 }, (_, k) => rect(k, 10, k + 10, 20));
    const tracker = new MotionTracker({ width: W, height: H, fps: 30 });
    const first = tracker.push(frames[0]!);
    expect(tracker.push(frames[1]!)).toBe(first);
    tracker.reset();
    const again = frames.map((f) => ({ ...tracker.push(f) }));
    const offline = motionFeatures(frames, { width: W, height: H, fps: 30 });
    for (const c of MOTION_COLUMNS) expect(Float64Array.from(again, (f) => f[c])).toEqual(offline[c]);
  });

  it('smooths the energy with a one-pole of the given time constant', () => {
    const frames = [rect(0, 0, 0, 0), rect(0, 0, 32, 48), rect(0, 0, 32, 48), rect(0, 0, 32, 48)];
    const m = motionFeatures(frames, { width: W, height: H, fps: 10 }, { smoothingSeconds: 0.2 });
    const a = 1 - Math.exp(-1 / (10 * 0.2));
    expect(m.energySmoothed[1]).toBeCloseTo(a * m.energy[1]!, 14);
    expect(m.energySmoothed[2]).toBeCloseTo((1 - a) * m.energySmoothed[1]!, 14);
  });

  it('refuses frames of the wrong size and bad options', () => {
    const tracker = new MotionTracker({ width: W, height: H, fps: 30 });
    expect(() => tracker.push(new Uint8Array(10))).toThrow(/64×48 frame has 3072 luma bytes, got 10/);
    expect(() => new MotionTracker({ width: W, height: H, fps: 0 })).toThrow(/frame rate/);
    expect(() => new MotionTracker({ width: W, height: H, fps: 30 }, { blockSize: 0 })).toThrow(/blockSize/);
  });
});

describe('motionCsv', () => {
  it('writes a header and one row per frame, an empty cell where there is no frequency', () => {
    const m = motionFeatures([rect(0, 0, 0, 0), rect(40, 8, 56, 24)], { width: W, height: H, fps: 30 });
    const lines = motionCsv(m).trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]!.split(',')).toHaveLength(MOTION_COLUMNS.length);
    const row = lines[2]!.split(',');
    expect(Number(row[0])).toBeCloseTo(1 / 30, 6);
    expect(Number(row[5])).toBeCloseTo(48 / 64, 6);
    expect(row[9]).toBe('');
  });
});

describe('lumaFromRgba', () => {
  it('weights R, G, B by BT.601 (0.299, 0.587, 0.114) to within half a level, grey stays grey', () => {
    const r = createRandom(3);
    const rgba = Uint8Array.from({ length: 4000 }, () => r.int(256));
    const luma = lumaFromRgba(rgba, new Uint8Array(1000));
    for (let i = 0; i < 1000; i++) {
      const exact = 0.299 * rgba[4 * i]! + 0.587 * rgba[4 * i + 1]! + 0.114 * rgba[4 * i + 2]!;
      expect(Math.abs(luma[i]! - exact)).toBeLessThanOrEqual(1);
    }
    for (const v of [0, 1, 127, 128, 254, 255]) expect(lumaFromRgba([v, v, v, 0], new Uint8Array(1))[0]).toBe(v);
    expect(() => lumaFromRgba(new Uint8Array(7), new Uint8Array(2))).toThrow(/does not hold 2 pixels/);
  });
});
