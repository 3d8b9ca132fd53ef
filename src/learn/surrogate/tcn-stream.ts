/**
 * The surrogate's network without TensorFlow.js: its configuration, the layout of its parameter vector θ, and
 * {@link TcnStream}, the plain-JavaScript forward pass one sample at a time (the duet drummer's, the studio's). The
 * architecture and the tfjs training pass are in tcn.ts (docs/design/surrogate.md).
 */
/** The architecture. */
export interface TcnConfig {
  /** Input channels (stimulus re, im, and the "playing" channel: 1 from the start of the run). */
  inputs: number;
  /** Hidden channels. */
  channels: number;
  /** Kernel size K. */
  kernel: number;
  /** Residual blocks; block l has dilation 2^l. */
  blocks: number;
  /** Outputs: cos φ, sin φ, normalised frequency, normalised amplitude. */
  outputs: number;
  /** The sample rate the network was trained at (Hz). */
  sampleHz: number;
  /**
   * Heads of the causal self-attention layer after the blocks (absent or 0: none, the shipped network). They divide
   * the channels.
   */
  attentionHeads?: number;
  /** Frames each attention output sees: its own and the W − 1 before it (needed with attention). */
  attentionWindow?: number;
}

/** The attention window of a network with attention (frames), or 0 without. */
export function attentionOf(config: TcnConfig): { heads: number; window: number } {
  const heads = config.attentionHeads ?? 0;
  return heads > 0 ? { heads, window: config.attentionWindow ?? 0 } : { heads: 0, window: 0 };
}

/** The shipped architecture: 32 channels, kernel 5, 7 blocks (dilations 1…64): a receptive field of 513 samples (8 s at 64 Hz). */
export const DEFAULT_TCN: TcnConfig = { inputs: 3, channels: 32, kernel: 5, blocks: 7, outputs: 4, sampleHz: 64 };

/** One named weight tensor of θ. */
export interface TcnSegment {
  name: string;
  shape: number[];
  offset: number;
  size: number;
}

/**
 * The named segments of θ: `input/kernel` [K·inputs, C], `input/bias` [C], `block{l}/kernel` [K·C, C],
 * `block{l}/bias` [C], then with attention (H heads, window W) `attention/query`, `attention/key`,
 * `attention/value`, `attention/output` [C, C], `attention/position` [W, H] (a learned bias per head for each lag
 * 0…W − 1), `attention/norm/gamma` and `attention/norm/beta` [C], and last `head/kernel` [C, outputs],
 * `head/bias` [outputs]. A kernel row k·Cin + c multiplies channel c at time n − (K − 1 − k)·d; head h of the
 * attention owns channels h·C/H … (h + 1)·C/H − 1 of the query, key and value.
 */
export function tcnSegments(config: TcnConfig): TcnSegment[] {
  const { inputs, channels: C, kernel: K, blocks, outputs } = config;
  const shapes: Array<[string, number[]]> = [['input/kernel', [K * inputs, C]], ['input/bias', [C]]];
  for (let l = 0; l < blocks; l++) shapes.push([`block${l}/kernel`, [K * C, C]], [`block${l}/bias`, [C]]);
  const att = attentionOf(config);
  if (att.heads > 0) {
    for (const m of ['query', 'key', 'value', 'output']) shapes.push([`attention/${m}`, [C, C]]);
    shapes.push(['attention/position', [att.window, att.heads]], ['attention/norm/gamma', [C]], ['attention/norm/beta', [C]]);
  }
  shapes.push(['head/kernel', [C, outputs]], ['head/bias', [outputs]]);
  let offset = 0;
  return shapes.map(([name, shape]) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const s = { name, shape, offset, size };
    offset += size;
    return s;
  });
}

/** Number of parameters. */
export function tcnParameterCount(config: TcnConfig): number {
  const s = tcnSegments(config);
  const last = s[s.length - 1]!;
  return last.offset + last.size;
}

/** Receptive field in samples: 1 + (K − 1)·(1 + Σ 2^l), plus W − 1 with attention over W frames. */
export function receptiveField(config: TcnConfig): number {
  const att = attentionOf(config);
  return 1 + (config.kernel - 1) * (1 + (2 ** config.blocks - 1)) + (att.heads > 0 ? att.window - 1 : 0);
}

/** Checks a configuration. */
export function checkTcnConfig(config: TcnConfig): TcnConfig {
  const whole = (v: number, lo: number, hi: number, what: string): void => {
    if (!(Number.isInteger(v) && v >= lo && v <= hi)) throw new RangeError(`${what} must be a whole number in ${lo}–${hi}, got ${v}`);
  };
  whole(config.inputs, 1, 64, 'inputs');
  whole(config.channels, 1, 512, 'channels');
  whole(config.kernel, 2, 16, 'kernel');
  whole(config.blocks, 0, 12, 'blocks');
  whole(config.outputs, 1, 64, 'outputs');
  if (!(config.sampleHz > 0 && config.sampleHz <= 4096)) throw new RangeError(`sampleHz must be in (0, 4096], got ${config.sampleHz}`);
  if (config.attentionHeads !== undefined && config.attentionHeads !== 0) {
    whole(config.attentionHeads, 1, config.channels, 'attentionHeads');
    if (config.channels % config.attentionHeads !== 0) throw new RangeError(`attentionHeads (${config.attentionHeads}) must divide the channels (${config.channels})`);
    whole(config.attentionWindow ?? NaN, 1, 4096, 'attentionWindow');
  }
  return config;
}

/**
 * The same network one sample at a time in plain JavaScript (float32 weights, float64 sums): `push(input)` returns
 * the outputs at that sample. Each layer keeps the last (K − 1)·d + 1 of its inputs in a ring buffer, the attention
 * its last W keys and values; nothing is allocated after construction.
 * @example
 * const net = new TcnStream(initTcn(DEFAULT_TCN, createRandom(0)), DEFAULT_TCN);
 * net.push(Float32Array.of(1, 0, 1)).length; // → 4
 */
export class TcnStream {
  readonly config: TcnConfig;
  private readonly theta: Float32Array;
  private readonly segs: TcnSegment[];
  /** Per layer (input conv, then the blocks): history ring buffer [span × Cin], its span and the write index. */
  private readonly rings: Float32Array[];
  private readonly spans: number[];
  private readonly dilations: number[];
  private readonly widths: number[];
  private pos = 0;
  private readonly act: Float32Array;
  private readonly next: Float32Array;
  private readonly out: Float32Array;
  /** θ offsets of the head's kernel and bias. */
  private readonly headAt: number;
  private readonly att: { heads: number; window: number };
  /** Attention: θ offsets of its segments, the key and value rings [W × C], the query, the weights of one head. */
  private readonly attAt: number[] = [];
  private readonly keys: Float32Array;
  private readonly values: Float32Array;
  private readonly query: Float64Array;
  private readonly scores: Float64Array;
  private readonly mixed: Float64Array;

  constructor(theta: Float32Array, config: TcnConfig) {
    this.config = checkTcnConfig(config);
    if (theta.length !== tcnParameterCount(config)) throw new RangeError(`θ has ${theta.length} values, the network needs ${tcnParameterCount(config)}`);
    this.theta = theta;
    this.segs = tcnSegments(config);
    const K = config.kernel;
    this.dilations = [1, ...Array.from({ length: config.blocks }, (_, l) => 2 ** l)];
    this.widths = [config.inputs, ...Array.from({ length: config.blocks }, () => config.channels)];
    this.spans = this.dilations.map((d) => (K - 1) * d + 1);
    this.rings = this.spans.map((s, i) => new Float32Array(s * this.widths[i]!));
    this.act = new Float32Array(config.channels);
    this.next = new Float32Array(config.channels);
    this.out = new Float32Array(config.outputs);
    this.headAt = this.segs.length - 2;
    this.att = attentionOf(config);
    const C = config.channels;
    if (this.att.heads > 0) for (let i = 0; i < 7; i++) this.attAt.push(this.segs[2 + 2 * config.blocks + i]!.offset);
    this.keys = new Float32Array(this.att.window * C);
    this.values = new Float32Array(this.att.window * C);
    this.query = new Float64Array(C);
    this.scores = new Float64Array(this.att.window);
    this.mixed = new Float64Array(C);
  }

  /** Back to the start of a run (silence before it). */
  reset(): void {
    for (const r of this.rings) r.fill(0);
    this.keys.fill(0);
    this.values.fill(0);
    this.pos = 0;
  }

  /** Samples pushed since the start. */
  get samples(): number {
    return this.pos;
  }

  /** Feeds one input sample; returns the outputs (a view that the next call overwrites). */
  push(input: ArrayLike<number>): Float32Array {
    const { kernel: K, channels: C, blocks, outputs } = this.config;
    const th = this.theta;
    const n = this.pos++;
    for (let layer = 0; layer <= blocks; layer++) {
      const cin = this.widths[layer]!;
      const span = this.spans[layer]!;
      const ring = this.rings[layer]!;
      const src = layer === 0 ? input : this.act;
      const slot = (n % span) * cin;
      for (let c = 0; c < cin; c++) ring[slot + c] = src[c]!;
      const w = this.segs[2 * layer]!.offset;
      const b = this.segs[2 * layer + 1]!.offset;
      const d = this.dilations[layer]!;
      const next = this.next;
      for (let o = 0; o < C; o++) next[o] = th[b + o]!;
      for (let k = 0; k < K; k++) {
        const back = (K - 1 - k) * d;
        if (back > n) continue; // before the start: the padding's zeros
        const at = ((n - back) % span) * cin;
        for (let c = 0; c < cin; c++) {
          const v = ring[at + c]!;
          if (v === 0) continue;
          const row = w + (k * cin + c) * C;
          for (let o = 0; o < C; o++) next[o] += v * th[row + o]!;
        }
      }
      const act = this.act;
      if (layer === 0) for (let o = 0; o < C; o++) act[o] = next[o]! > 0 ? next[o]! : 0;
      else {
        for (let o = 0; o < C; o++) {
          const s = act[o]! + next[o]!;
          act[o] = s > 0 ? s : 0;
        }
      }
    }
    if (this.att.heads > 0) this.attend(n);
    const hw = this.segs[this.headAt]!.offset;
    const hb = this.segs[this.headAt + 1]!.offset;
    for (let j = 0; j < outputs; j++) {
      let s = th[hb + j]!;
      for (let c = 0; c < C; c++) s += this.act[c]! * th[hw + c * outputs + j]!;
      this.out[j] = s;
    }
    return this.out;
  }

  /**
   * The attention layer at sample n on the blocks' output in `act`, in place: per head a softmax over the last
   * min(n + 1, W) frames of (q·k)/√(C/H) + the lag's learned bias, the values mixed by it, the output projection
   * added to `act` (residual), then layer normalisation over the channels.
   */
  private attend(n: number): void {
    const C = this.config.channels;
    const { heads: H, window: W } = this.att;
    const dh = C / H;
    const th = this.theta;
    const [wq, wk, wv, wo, pos, gamma, beta] = this.attAt as [number, number, number, number, number, number, number];
    const act = this.act;
    const slot = (n % W) * C;
    const q = this.query;
    for (let o = 0; o < C; o++) {
      let sq = 0;
      let sk = 0;
      let sv = 0;
      for (let c = 0; c < C; c++) {
        const a = act[c]!;
        if (a === 0) continue;
        const r = c * C + o;
        sq += a * th[wq + r]!;
        sk += a * th[wk + r]!;
        sv += a * th[wv + r]!;
      }
      q[o] = sq;
      this.keys[slot + o] = sk;
      this.values[slot + o] = sv;
    }
    const lags = Math.min(n + 1, W);
    const scale = 1 / Math.sqrt(dh);
    const sc = this.scores;
    const mixed = this.mixed;
    for (let h = 0; h < H; h++) {
      let max = -Infinity;
      for (let lag = 0; lag < lags; lag++) {
        const at = ((n - lag) % W) * C + h * dh;
        let s = 0;
        for (let d = 0; d < dh; d++) s += q[h * dh + d]! * this.keys[at + d]!;
        s = s * scale + th[pos + lag * H + h]!;
        sc[lag] = s;
        if (s > max) max = s;
      }
      let sum = 0;
      for (let lag = 0; lag < lags; lag++) {
        const e = Math.exp(sc[lag]! - max);
        sc[lag] = e;
        sum += e;
      }
      for (let d = 0; d < dh; d++) mixed[h * dh + d] = 0;
      for (let lag = 0; lag < lags; lag++) {
        const p = sc[lag]! / sum;
        const at = ((n - lag) % W) * C + h * dh;
        for (let d = 0; d < dh; d++) mixed[h * dh + d] += p * this.values[at + d]!;
      }
    }
    const z = this.next;
    let mean = 0;
    for (let o = 0; o < C; o++) {
      let s = act[o]!;
      for (let c = 0; c < C; c++) s += mixed[c]! * th[wo + c * C + o]!;
      z[o] = s;
      mean += s;
    }
    mean /= C;
    let variance = 0;
    for (let o = 0; o < C; o++) variance += (z[o]! - mean) ** 2;
    const inv = 1 / Math.sqrt(variance / C + LAYER_NORM_EPSILON);
    for (let o = 0; o < C; o++) act[o] = (z[o]! - mean) * inv * th[gamma + o]! + th[beta + o]!;
  }
}

/** The ε of the attention's layer normalisation: x̂ = (x − mean)/√(var + ε). */
export const LAYER_NORM_EPSILON = 1e-5;
