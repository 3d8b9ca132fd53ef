import { beforeAll, describe, expect, it } from 'vitest';
import { selectBackend, tf } from './backend.js';
import { initParameters, layersOf, mlpForwardJs, mlpLayout, parameterTensors, type Activation } from './mlp.js';
import { mlpForwardWithDerivatives, trainPinn } from './pinn.js';
import { timeInputs, type TimeBlock } from './pinn-inputs.js';
import { createRandom } from '../math/random.js';
import type { NumericMatrix } from './feature-matrix.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

const t2 = (m: NumericMatrix) => tf.tensor2d(Float32Array.from(m.data), [m.rows, m.cols]);

/** q and its derivatives along t (and x) from the tfjs forward propagation, for rows of inputs. */
function propagated(theta: Float64Array, activation: Activation, blocks: TimeBlock[], times: number[], x?: number[]) {
  const frames = times.map((_, i) => i);
  const u = timeInputs(blocks, times, frames, x);
  const layout = mlpLayout([u.values.cols, 8, 8, 2], activation);
  let out: { q: number[][]; d: Array<{ first: number[][]; second: number[][] }> } | undefined;
  tf.tidy(() => {
    const tangents = [{ first: t2(u.tangents.t!.first), second: t2(u.tangents.t!.second) }];
    if (x) tangents.push({ first: t2(u.tangents.x!.first), second: t2(u.tangents.x!.second) });
    const r = mlpForwardWithDerivatives(layersOf(parameterTensors(theta, layout), layout), layout, t2(u.values), tangents);
    out = { q: r.q.arraySync(), d: r.d.map((p) => ({ first: p.first.arraySync(), second: p.second.arraySync() })) };
  });
  return out!;
}

/** The same network in float64 with the inputs recomputed at shifted t or x: central differences. */
function finiteDifferences(theta: Float64Array, activation: Activation, blocks: TimeBlock[], t: number, along: 't' | 'x', x?: number) {
  const h = 1e-3;
  const q = (tt: number, xx?: number): Float64Array => {
    const u = timeInputs(blocks, [tt], [0], xx === undefined ? undefined : [xx]).values;
    return mlpForwardJs(theta, mlpLayout([u.cols, 8, 8, 2], activation), u.data, 1);
  };
  const [m, c, p] = along === 't' ? [q(t - h, x), q(t, x), q(t + h, x)] : [q(t, x! - h), q(t, x), q(t, x! + h)];
  return {
    first: Array.from(c, (_, k) => (p[k]! - m[k]!) / (2 * h)),
    second: Array.from(c, (_, k) => (p[k]! - 2 * c[k]! + m[k]!) / (h * h)),
  };
}

describe('forward propagation of derivatives through the network', () => {
  // Inputs: a clock over 10 s, Fourier features of a 10 s span, so q(t) oscillates like the worm-driven nets.
  const blocks: TimeBlock[] = [
    { kind: 'clock', startSeconds: 0, spanSeconds: 10 },
    { kind: 'fourier', spanSeconds: 10, harmonics: 3 },
  ];
  const times = [0.7, 2.5, 4.1, 8.8];

  for (const activation of ['tanh', 'sin'] as const) {
    it(`gives q′ and q″ equal to central finite differences (${activation})`, () => {
      const theta = initParameters(mlpLayout([8, 8, 8, 2], activation), createRandom(3));
      const r = propagated(theta, activation, blocks, times);
      times.forEach((t, i) => {
        const fd = finiteDifferences(theta, activation, blocks, t, 't');
        for (let k = 0; k < 2; k++) {
          const s1 = Math.max(1, Math.abs(fd.first[k]!));
          const s2 = Math.max(1, Math.abs(fd.second[k]!));
          expect(Math.abs(r.d[0]!.first[i]![k]! - fd.first[k]!) / s1).toBeLessThan(2e-4);
          expect(Math.abs(r.d[0]!.second[i]![k]! - fd.second[k]!) / s2).toBeLessThan(2e-3);
        }
      });
    });
  }

  it('differentiates along x and t independently for the PDE (space × time inputs)', () => {
    const theta = initParameters(mlpLayout([9, 8, 8, 2], 'tanh'), createRandom(4));
    const xs = [0.1, 0.4, 0.6, 0.95];
    const r = propagated(theta, 'tanh', blocks, times, xs);
    times.forEach((t, i) => {
      const fdt = finiteDifferences(theta, 'tanh', blocks, t, 't', xs[i]);
      const fdx = finiteDifferences(theta, 'tanh', blocks, t, 'x', xs[i]);
      for (let k = 0; k < 2; k++) {
        expect(r.d[0]!.second[i]![k]!).toBeCloseTo(fdt.second[k]!, 3);
        expect(r.d[1]!.first[i]![k]!).toBeCloseTo(fdx.first[k]!, 4);
        expect(r.d[1]!.second[i]![k]!).toBeCloseTo(fdx.second[k]!, 3);
      }
    });
  });

  it('agrees with nested tf.grad where tfjs gets that right (sin activation, one input)', () => {
    const layout = mlpLayout([1, 6, 1], 'sin');
    const params = parameterTensors(initParameters(layout, createRandom(5)), layout);
    const theta = layersOf(params, layout);
    const ts = [-0.8, -0.1, 0.3, 0.9];
    const f = (t: tf.Tensor): tf.Tensor => tf.sum(mlpForwardWithDerivatives(theta, layout, tf.reshape(t, [1, 1]) as tf.Tensor2D, []).q);
    for (const t0 of ts) {
      const second = tf.grad(tf.grad(f))(tf.scalar(t0)).dataSync()[0]!;
      const ours = tf.tidy(() =>
        mlpForwardWithDerivatives(theta, layout, tf.tensor2d([[t0]]), [{ first: tf.tensor2d([[1]]), second: tf.tensor2d([[0]]) }]).d[0]!.second.dataSync()[0]!,
      );
      expect(ours).toBeCloseTo(second, 4);
    }
    tf.dispose(params);
  });
});

describe('physics-informed training', () => {
  it('ODE: recovers ω, γ and the forcing gain of a damped driven oscillator from its trajectory', async () => {
    // q(t) = e^{−γt} cos(ω_d t) + A cos(Ωt − δ) solves q'' + 2γq' + ω²q = F cos(Ωt) with ω_d = √(ω² − γ²),
    // A = F / √((ω² − Ω²)² + (2γΩ)²), tan δ = 2γΩ / (ω² − Ω²).
    const omega = 2 * Math.PI * 1.0;
    const gamma = 0.6;
    const Omega = 2 * Math.PI * 0.6;
    const F = 20;
    const wd = Math.sqrt(omega ** 2 - gamma ** 2);
    const A = F / Math.hypot(omega ** 2 - Omega ** 2, 2 * gamma * Omega);
    const delta = Math.atan2(2 * gamma * Omega, omega ** 2 - Omega ** 2);
    const q = (t: number) => Math.exp(-gamma * t) * Math.cos(wd * t) + A * Math.cos(Omega * t - delta);
    const times = Array.from({ length: 201 }, (_, i) => i * 0.02); // 4 s
    // A clock alone leaves a small tanh net fighting its spectral bias; Fourier features of an 8 s span
    // (not periodic over the 4 s window) make the fit easy, and their time derivatives are exact.
    const blocks: TimeBlock[] = [
      { kind: 'clock', startSeconds: 0, spanSeconds: 4 },
      { kind: 'fourier', spanSeconds: 8, harmonics: 6 },
    ];
    const all = times.map((_, i) => i);
    const col = timeInputs(blocks, times, all);
    const pinn = await trainPinn(createRandom(1), {
      equation: { kind: 'ode', omega: 0.7 * omega, gamma: 0.3, trainable: true },
      data: { inputs: col.values, target: Float64Array.from(times, q) },
      collocation: { ...col, forcing: Float64Array.from(times, (t) => Math.cos(Omega * t)) },
      hidden: [24, 24],
      lambdaPhysics: 1,
      adamSteps: 200,
      learningRate: 0.01,
      batchSize: 201,
      collocationBatch: 201,
      lbfgsIterations: 200,
    });
    // Started 30 % low on ω and 50 % low on γ.
    expect(Math.abs(pinn.physics.omega! / omega - 1)).toBeLessThan(0.03);
    expect(Math.abs(pinn.physics.gamma / gamma - 1)).toBeLessThan(0.15);
    expect(Math.abs(pinn.physics.forcingGain / F - 1)).toBeLessThan(0.1);
    expect(pinn.final.data).toBeLessThan(1e-3);
    // The loss curves were recorded, and L-BFGS took the full-batch loss far below where Adam left it.
    const data = pinn.curves[1]!.loss;
    expect(data.length).toBeGreaterThan(5);
    expect(data[data.length - 1]!).toBeLessThan(0.1 * data[data.length - 2]!);
  }, 120_000);

  it('PDE: recovers the stiffness μ of a driven rod from q(x, t) on space × time collocation', async () => {
    // q*(x, t) = sin(πx) sin(2πt) + sin(2πx) cos(πt) solves ρ q_tt − μ q_xx + γ q_t = F for F computed from
    // its derivatives. The two modes have different ratios of q_tt to q_xx, so μ and the forcing gain are
    // identifiable (a single separable mode would let them trade off).
    const rho = 1;
    const mu = 2;
    const gamma = 0.5;
    const rng = createRandom(2);
    const times = Array.from({ length: 101 }, (_, i) => i * 0.01); // 1 s
    const n = 250;
    const frames = Array.from({ length: n }, () => rng.int(times.length));
    const xs = Array.from({ length: n }, () => rng.next());
    const blocks: TimeBlock[] = [
      { kind: 'clock', startSeconds: 0, spanSeconds: 1 },
      { kind: 'fourier', spanSeconds: 2, harmonics: 4 },
    ];
    const col = timeInputs(blocks, times, frames, xs);
    const P2 = Math.PI ** 2;
    const S1 = (x: number, t: number) => Math.sin(Math.PI * x) * Math.sin(2 * Math.PI * t);
    const S2 = (x: number, t: number) => Math.sin(2 * Math.PI * x) * Math.cos(Math.PI * t);
    const qStar = (x: number, t: number) => S1(x, t) + S2(x, t);
    const force = (x: number, t: number) => {
      const qtt = -4 * P2 * S1(x, t) - P2 * S2(x, t);
      const qxx = -P2 * S1(x, t) - 4 * P2 * S2(x, t);
      const qt = 2 * Math.PI * Math.sin(Math.PI * x) * Math.cos(2 * Math.PI * t) - Math.PI * Math.sin(2 * Math.PI * x) * Math.sin(Math.PI * t);
      return rho * qtt - mu * qxx + gamma * qt;
    };
    const pinn = await trainPinn(createRandom(3), {
      equation: { kind: 'pde', rho, mu: 1, gamma: 0.2, trainable: true },
      data: { inputs: col.values, target: Float64Array.from(frames, (f, i) => qStar(xs[i]!, times[f]!)) },
      collocation: { ...col, forcing: Float64Array.from(frames, (f, i) => force(xs[i]!, times[f]!)) },
      hidden: [24, 24],
      lambdaPhysics: 1,
      adamSteps: 150,
      learningRate: 0.01,
      batchSize: n,
      collocationBatch: n,
      lbfgsIterations: 150,
    });
    // Started at half the true μ. (γ·q_t is small beside the other terms here, so γ is left unchecked.)
    expect(Math.abs(pinn.physics.mu! / mu - 1)).toBeLessThan(0.1);
    expect(Math.abs(pinn.physics.forcingGain - 1)).toBeLessThan(0.1);
    // The equation holds at points the training never saw.
    const check = timeInputs(blocks, times, [10, 37, 64, 90], [0.2, 0.5, 0.7, 0.9]);
    const res = pinn.residual({ ...check, forcing: Float64Array.from([10, 37, 64, 90], (f, i) => force([0.2, 0.5, 0.7, 0.9][i]!, times[f]!)) });
    for (const r of res) expect(Math.abs(r)).toBeLessThan(0.15 * (rho * (2 * Math.PI) ** 2));
  }, 120_000);

  it('refuses inputs that do not fit the equation', async () => {
    const col = timeInputs([{ kind: 'clock', startSeconds: 0, spanSeconds: 1 }], [0, 0.5, 1], [0, 1, 2]);
    const base = { data: { inputs: col.values, target: Float64Array.of(0, 1, 0) }, collocation: { ...col, forcing: Float64Array.of(0, 0, 0) } };
    await expect(trainPinn(createRandom(0), { ...base, equation: { kind: 'pde', rho: 1, mu: 1, gamma: 0 } })).rejects.toThrow(/tangent 'x'/);
    await expect(trainPinn(createRandom(0), { ...base, equation: { kind: 'ode', omega: 0, gamma: 0 } })).rejects.toThrow(/ω > 0/);
    await expect(
      trainPinn(createRandom(0), { ...base, collocation: { ...col, forcing: Float64Array.of(0) }, equation: { kind: 'ode', omega: 1, gamma: 0 } }),
    ).rejects.toThrow(/forcing has 1 values/);
  });
});
