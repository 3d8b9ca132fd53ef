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
 * `block{l}/bias` [C], `head/kernel` [C, outputs], `head/bias` [outputs]. A kernel row k·Cin + c multiplies
 * channel c at time n − (K − 1 − k)·d.
 */
export function tcnSegments(config: TcnConfig): TcnSegment[] {
  const { inputs, channels: C, kernel: K, blocks, outputs } = config;
  const shapes: Array<[string, number[]]> = [['input/kernel', [K * inputs, C]], ['input/bias', [C]]];
  for (let l = 0; l < blocks; l++) shapes.push([`block${l}/kernel`, [K * C, C]], [`block${l}/bias`, [C]]);
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

/** Receptive field in samples: 1 + (K − 1)·(1 + Σ 2^l). */
export function receptiveField(config: TcnConfig): number {
  return 1 + (config.kernel - 1) * (1 + (2 ** config.blocks - 1));
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
  return config;
}

/**
 * The same network one sample at a time in plain JavaScript (float32 weights, float64 sums): `push(input)` returns
 * the outputs at that sample. Each layer keeps the last (K − 1)·d + 1 of its inputs in a ring buffer; nothing is
 * allocated after construction.
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
  }

  /** Back to the start of a run (silence before it). */
  reset(): void {
    for (const r of this.rings) r.fill(0);
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
    const hw = this.segs[2 + 2 * blocks]!.offset;
    const hb = this.segs[3 + 2 * blocks]!.offset;
    for (let j = 0; j < outputs; j++) {
      let s = th[hb + j]!;
      for (let c = 0; c < C; c++) s += this.act[c]! * th[hw + c * outputs + j]!;
      this.out[j] = s;
    }
    return this.out;
  }
}
