import { describe, expect, it } from 'vitest';
import { DEFAULT_BODY, WormBody } from './body.js';
import { DEFAULT_PARAMS, rodDrag } from './params.js';
import { midlineCurvature } from './simulate.js';

const water = rodDrag(DEFAULT_PARAMS.environment, 0, 48);
const agar = rodDrag(DEFAULT_PARAMS.environment, 1, 48);

function meanCurvature(body: WormBody, from = 0.3, to = 0.7): number {
  const x = Array.from({ length: body.rods }, (_, i) => body.q[3 * i]!);
  const y = Array.from({ length: body.rods }, (_, i) => body.q[3 * i + 1]!);
  const k = new Float64Array(body.rods - 2);
  midlineCurvature(x, y, body.segmentLengthM, k);
  let s = 0;
  let n = 0;
  k.forEach((v, i) => {
    const pos = (i + 1) / body.segments;
    if (pos >= from && pos <= to) {
      s += v;
      n++;
    }
  });
  return s / n;
}

/** A head-to-tail travelling wave of activation at time t. */
function wave(body: WormBody, t: number, hz = 1, amplitude = 0.5): void {
  for (let i = 0; i < body.segments; i++) {
    const s = Math.sin(2 * Math.PI * (hz * t - i / body.segments / 0.8));
    body.dorsalActivation[i] = amplitude * Math.max(0, s);
    body.ventralActivation[i] = amplitude * Math.max(0, -s);
  }
}

describe('WormBody (Boyle, Berri & Cohen 2012 mechanics)', () => {
  it('stays exactly at rest when straight and unactivated', () => {
    const body = new WormBody(DEFAULT_BODY, water);
    const q0 = Float64Array.from(body.q);
    for (let k = 0; k < 100; k++) body.step(0.002);
    body.q.forEach((v, i) => expect(Math.abs(v - q0[i]!)).toBeLessThan(1e-12)); // 1 pm: rounding of the rest lengths
  });

  it('bends toward the activated side: dorsal gives positive curvature, ventral negative', () => {
    const d = new WormBody(DEFAULT_BODY, water);
    d.dorsalActivation.fill(0.3);
    const v = new WormBody(DEFAULT_BODY, water);
    v.ventralActivation.fill(0.3);
    for (let k = 0; k < 200; k++) {
      d.step(0.002);
      v.step(0.002);
    }
    expect(meanCurvature(d)).toBeGreaterThan(1000); // 1/m
    expect(meanCurvature(v)).toBeLessThan(-1000);
    expect(d.dorsalLength[24]!).toBeLessThan(d.restLength[24]!);
    expect(d.ventralLength[24]!).toBeGreaterThan(d.restLength[24]!);
  });

  it('relaxes back to straight, its elastic energy decreasing monotonically', () => {
    // Energy of the passive springs, computed here from the rod states: ½k(L − L0)² over the lateral (k_PE) and
    // diagonal (k_DE) elements between the rods' dorsal (+R e(φ)) and ventral (−R e(φ)) ends.
    const kPE = (48 / 24) * DEFAULT_BODY.passiveStiffness24NPerM;
    const kDE = DEFAULT_BODY.diagonalToPassiveStiffness * kPE;
    const energy = (b: WormBody): number => {
      const end = (i: number, side: number): [number, number] => [
        b.q[3 * i]! + side * b.radius[i]! * Math.cos(b.q[3 * i + 2]!),
        b.q[3 * i + 1]! + side * b.radius[i]! * Math.sin(b.q[3 * i + 2]!),
      ];
      let e = 0;
      for (let i = 0; i < b.segments; i++) {
        for (const [sa, sb, k, l0] of [[1, 1, kPE, b.restLength[i]!], [-1, -1, kPE, b.restLength[i]!], [1, -1, kDE, b.diagonalRestLength[i]!], [-1, 1, kDE, b.diagonalRestLength[i]!]] as const) {
          const [ax, ay] = end(i, sa);
          const [bx, by] = end(i + 1, sb);
          e += 0.5 * k * (Math.hypot(bx - ax, by - ay) - l0) ** 2;
        }
      }
      return e;
    };
    const body = new WormBody(DEFAULT_BODY, agar);
    body.dorsalActivation.fill(0.4);
    for (let k = 0; k < 300; k++) body.step(0.002);
    body.dorsalActivation.fill(0);
    const e0 = energy(body);
    let prev = e0;
    for (let k = 0; k < 1000; k++) {
      body.step(0.002);
      const now = energy(body);
      expect(now).toBeLessThanOrEqual(prev);
      prev = now;
    }
    expect(prev).toBeLessThan(0.01 * e0);
    expect(Math.abs(meanCurvature(body))).toBeLessThan(50); // 1/m, from ≈ 7000 bent
  });

  it('is frame-indifferent: a rotated and shifted worm makes the rotated and shifted motion', () => {
    const a = new WormBody(DEFAULT_BODY, agar);
    const b = new WormBody(DEFAULT_BODY, agar);
    const alpha = 0.7;
    const [c, s] = [Math.cos(alpha), Math.sin(alpha)];
    for (let i = 0; i < b.rods; i++) {
      const x = b.q[3 * i]!;
      const y = b.q[3 * i + 1]!;
      b.q[3 * i] = c * x - s * y + 3e-4;
      b.q[3 * i + 1] = s * x + c * y - 1e-4;
      b.q[3 * i + 2] = b.q[3 * i + 2]! + alpha;
    }
    for (let k = 0; k < 500; k++) {
      wave(a, k * 0.002);
      wave(b, k * 0.002);
      a.step(0.002);
      b.step(0.002);
    }
    for (let i = 0; i < a.rods; i++) {
      const x = a.q[3 * i]!;
      const y = a.q[3 * i + 1]!;
      expect(b.q[3 * i]! - (c * x - s * y + 3e-4)).toBeCloseTo(0, 12);
      expect(b.q[3 * i + 1]! - (s * x + c * y - 1e-4)).toBeCloseTo(0, 12);
    }
  });

  it('converges at first order in the step (linearly implicit Euler)', () => {
    const run = (h: number): Float64Array => {
      const body = new WormBody(DEFAULT_BODY, water);
      const n = Math.round(1 / h);
      for (let k = 0; k < n; k++) {
        wave(body, (k + 1) * h, 2);
        body.step(h);
      }
      return Float64Array.from(body.q);
    };
    const ref = run(0.000125);
    const err = (q: Float64Array): number => Math.sqrt(q.reduce((s, v, i) => s + (i % 3 === 2 ? 0 : (v - ref[i]!) ** 2), 0));
    const e4 = err(run(0.004));
    const e2 = err(run(0.002));
    const e1 = err(run(0.001));
    expect(e4 / e2).toBeGreaterThan(1.6);
    expect(e4 / e2).toBeLessThan(2.6);
    expect(e2 / e1).toBeGreaterThan(1.6);
    expect(e2 / e1).toBeLessThan(2.6);
  });

  it('swims only with anisotropic drag (resistive-force theory: isotropic drag gives no net thrust)', () => {
    const travel = (drag: { alongBody: number; acrossBody: number }): number => {
      const body = new WormBody(DEFAULT_BODY, drag);
      const c0 = body.centroid({ x: 0, y: 0 });
      const start = { ...c0 };
      for (let k = 0; k < 2500; k++) {
        wave(body, k * 0.002);
        body.step(0.002);
      }
      const c = body.centroid({ x: 0, y: 0 });
      return Math.hypot(c.x - start.x, c.y - start.y);
    };
    const anisotropic = travel(agar);
    const isotropic = travel({ alongBody: agar.acrossBody, acrossBody: agar.acrossBody });
    expect(anisotropic).toBeGreaterThan(1e-4); // > 0.1 mm in 5 s
    expect(isotropic).toBeLessThan(0.1 * anisotropic);
  });
});
