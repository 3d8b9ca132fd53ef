/**
 * TensorFlow.js for neuromusic's learners: the backend is chosen by measurement (or by the caller) between the
 * pure-JavaScript `cpu` backend and the WebAssembly (`wasm`, SIMD) backend, both of which run unchanged in Node
 * and in the browser (`@tensorflow/tfjs-node` cannot be installed here and would not run in a browser).
 *
 * Two facts measured on this machine shape the code (bench/RESULTS.md section "learn"):
 * - wasm is 3–12× faster than cpu for our network sizes (bench/RESULTS.md, "learn"), and
 * - wasm's matMul with transpose flags is slower than a plain matMul, while backpropagation through x·W asks for
 *   exactly those (dx = dy·Wᵀ, dW = xᵀ·dy). {@link matMul} is x·W with a custom gradient that transposes
 *   explicitly and then multiplies plainly: the same numbers; about as fast on 256-row minibatches and about 2×
 *   faster on full batches (bench/RESULTS.md, "learn").
 */
import * as tf from '@tensorflow/tfjs';
import * as wasmModule from '@tensorflow/tfjs-backend-wasm';
import { namedExport } from '../math/interop.js';

export { tf };

/** The backends neuromusic uses. */
export type BackendName = 'cpu' | 'wasm';

/** What {@link selectBackend} chose, and the timings it chose by. */
export interface BackendChoice {
  backend: BackendName;
  /** Milliseconds per training step of the probe network, per backend measured (empty when not measured). */
  msPerStep: Partial<Record<BackendName, number>>;
}

let chosen: BackendChoice | undefined;
let wasmPathsSet = false;

/**
 * Where the browser finds tfjs-backend-wasm's `.wasm` files (a URL prefix ending in '/'); Node finds them itself.
 * Call before the first {@link selectBackend} in a browser build.
 */
export function setWasmLocation(prefix: string): void {
  namedExport<(p: string) => void>(wasmModule, 'setWasmPaths')(prefix);
  wasmPathsSet = true;
}

async function activate(name: BackendName): Promise<boolean> {
  // tfjs warns in Node that tfjs-node would be faster; it cannot be installed here, so the advice is noise.
  if (!tf.env().getBool('PROD')) tf.enableProdMode();
  try {
    const ok = await tf.setBackend(name);
    await tf.ready();
    return ok && tf.getBackend() === name;
  } catch {
    return false;
  }
}

/**
 * Milliseconds per training step (forward, backward, read the gradient) of a probe network on a backend:
 * 1024 rows × 16 features → 64 → 32 → 1, tanh — the size of the MLP steps on a minibatch.
 */
export async function measureBackend(name: BackendName, steps = 8): Promise<number> {
  if (!(await activate(name))) return Infinity;
  const sizes = [16, 64, 32, 1];
  const x = tf.randomNormal([1024, 16], 0, 1, 'float32', 1);
  const y = tf.randomNormal([1024, 1], 0, 1, 'float32', 2);
  const ws = sizes.slice(1).map((n, i) => tf.variable(tf.randomNormal([sizes[i]!, n], 0, 0.2, 'float32', 3 + i)));
  const f = (): tf.Scalar => {
    let a = x as tf.Tensor2D;
    ws.forEach((w, i) => {
      a = matMul(a, w as tf.Tensor2D);
      if (i < ws.length - 1) a = tf.tanh(a);
    });
    return tf.losses.meanSquaredError(y, a) as tf.Scalar;
  };
  const run = (): void => {
    const { value, grads } = tf.variableGrads(f);
    for (const g of Object.values(grads)) g.dataSync();
    value.dispose();
    tf.dispose(grads);
  };
  run();
  run();
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) run();
  const ms = (performance.now() - t0) / steps;
  tf.dispose([x, y, ...ws]);
  return ms;
}

/**
 * Makes `cpu`, `wasm` or (with 'auto', the default) the faster of the two by measurement the active tfjs
 * backend. The automatic choice is measured once per process and remembered.
 * @example
 * const { backend, msPerStep } = await selectBackend(); // e.g. { backend: 'wasm', msPerStep: { cpu: …, wasm: … } }
 */
export async function selectBackend(preference: 'auto' | BackendName = 'auto'): Promise<BackendChoice> {
  if (preference !== 'auto') {
    if (!(await activate(preference))) {
      throw new Error(`tfjs backend "${preference}" could not start${preference === 'wasm' && !wasmPathsSet ? ' (in a browser, call setWasmLocation first)' : ''}`);
    }
    return { backend: preference, msPerStep: chosen?.msPerStep ?? {} };
  }
  if (chosen) {
    await activate(chosen.backend);
    return chosen;
  }
  const msPerStep: Partial<Record<BackendName, number>> = {};
  for (const name of ['wasm', 'cpu'] as const) msPerStep[name] = await measureBackend(name);
  const backend: BackendName = (msPerStep.wasm ?? Infinity) <= (msPerStep.cpu ?? Infinity) ? 'wasm' : 'cpu';
  if (!(await activate(backend))) throw new Error('no tfjs backend could start');
  chosen = { backend, msPerStep };
  return chosen;
}

/**
 * x·W with a gradient written as plain products of explicit transposes (dx = dy·Wᵀ, dW = xᵀ·dy), which the
 * wasm backend computes faster than its transposed-flag matMul. Same values as `tf.matMul`.
 */
const explicitTransposeMatMul: (x: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D = tf.customGrad(
  (...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [x, w, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([x, w]);
    return {
      value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [
        tf.matMul(dy as tf.Tensor2D, tf.transpose(saved[1]!) as tf.Tensor2D),
        tf.matMul(tf.transpose(saved[0]!) as tf.Tensor2D, dy as tf.Tensor2D),
      ],
    };
  },
) as unknown as (x: tf.Tensor2D, w: tf.Tensor2D) => tf.Tensor2D;

let gradientMode: 'explicit' | 'flags' = 'explicit';

/**
 * How {@link matMul} backpropagates: 'explicit' transposes (default) or tfjs's own gradient with transpose flags.
 * For benchmarks that compare the two; the values are the same either way.
 */
export function setMatMulGradient(mode: 'explicit' | 'flags'): void {
  gradientMode = mode;
}

/**
 * x·W for the learners: tfjs's matMul whose gradient uses explicit transposes (see {@link setMatMulGradient}).
 * @example
 * tf.tidy(() => matMul(tf.tensor2d([[1, 2]]), tf.tensor2d([[3], [4]])).arraySync()); // → [[11]] — x: rows × n, w: n × m
 */
export function matMul(x: tf.Tensor2D, w: tf.Tensor2D): tf.Tensor2D {
  return gradientMode === 'explicit' ? explicitTransposeMatMul(x, w) : tf.matMul(x, w);
}
