/**
 * Four biomarker indices from EEG band powers, online (a tracker fed blocks of samples) and offline (a series
 * over a whole recording). Each window (default 2 s, a new one every 1/8 s) gets a Welch spectrum per channel
 * (1-s Hann segments, half overlap: three segments, 1 Hz bins), band powers by the rectangle rule (bands.ts),
 * and from them, with powers summed over the index's channels and natural logarithms:
 *
 * | index | raw value | channels (EPOC positions) | source |
 * | --- | --- | --- | --- |
 * | engagement | ln β − ln(α + θ) | FC5 FC6 P7 P8 | Pope, Bogart & Bartolome 1995, Biol. Psychol. 40:187 (their Cz Pz P3 P4 are not on the headset: the nearest central and parietal sites) |
 * | relaxation | ln α − ln P(1–45 Hz), posterior relative alpha | O1 O2 P7 P8 | Berger 1929; Barry et al. 2007, Clin. Neurophysiol. 118:2765 (alpha over posterior sites in quiet, eyes-closed wakefulness) |
 * | stress | ln high-β(20–30 Hz) − ln α, frontal | F3 F4 FC5 FC6 | frontal beta up and alpha down under acute stress (review: Giannakakis et al. 2022, IEEE Trans. Affect. Comput. 13:440); no single standard exists — this is our choice |
 * | attention | ln β − ln θ, frontal (the theta/beta ratio, inverted) | F3 F4 FC5 FC6 | Putman et al. 2014, Biol. Psychol. 100:1; Angelidis et al. 2016, Biol. Psychol. 121:49 (a lower frontal θ/β goes with better attentional control) |
 *
 * The frontal indices leave out AF3/AF4, the headset's sites nearest the eyes: a blink (a 200–400 ms pulse of
 * 100–200 µV) puts power up to ≈ 10 Hz, into theta and alpha, and would swamp both ratios there.
 *
 * Logs make the ratios symmetric and their changes additive. Every raw index is then normalised against a
 * baseline of the same recording: z = (raw − mean) / max(sd, sdFloor) over the baseline windows, so 0 is "as at
 * baseline" and the mapping to the duet works across people, headsets and montages. The floor (default 0.05 in
 * natural-log units, a 5 % change in a power ratio) keeps a very steady baseline from blowing small changes up.
 * Channels are matched by label, case-insensitively; an index uses the channels of its set that the recording
 * has (map another montage onto the EPOC positions first) and fails loudly when it has none.
 */
import type { BiomarkerIndices, EegRecording } from './types.js';
import { BIOMARKER_NAMES } from './types.js';
import { WelchEstimator } from './welch.js';
import { BAND_NAMES, bandTable, type BandName } from './bands.js';

/** The index names. */
export type BiomarkerName = keyof BiomarkerIndices;

/**
 * The channels each index sums its band powers over (EPOC positions; see the table in this module's comment).
 *
 * @example
 * INDEX_CHANNELS.relaxation; // → ['O1', 'O2', 'P7', 'P8']
 */
export const INDEX_CHANNELS: Readonly<Record<BiomarkerName, readonly string[]>> = Object.freeze({
  stress: ['F3', 'F4', 'FC5', 'FC6'],
  attention: ['F3', 'F4', 'FC5', 'FC6'],
  engagement: ['FC5', 'FC6', 'P7', 'P8'],
  relaxation: ['O1', 'O2', 'P7', 'P8'],
});

/** Settings of the window analysis. */
export interface BiomarkerOptions {
  /** Analysis window in seconds (default 2). */
  windowSeconds?: number;
  /** Seconds between windows (default 1/8). */
  hopSeconds?: number;
  /** Welch segment inside a window, seconds (default 1: 1 Hz bins, three half-overlapping segments in 2 s). */
  segmentSeconds?: number;
  /** Channels per index (default {@link INDEX_CHANNELS}). */
  channels?: Partial<Record<BiomarkerName, readonly string[]>>;
  /** Smallest baseline standard deviation used in the z-score, natural-log units (default 0.05). */
  sdFloor?: number;
}

/** The defaults of {@link BiomarkerOptions}. */
export const BIOMARKER_DEFAULTS = Object.freeze({ windowSeconds: 2, hopSeconds: 1 / 8, segmentSeconds: 1, sdFloor: 0.05 });

/** Baseline statistics of the raw indices. */
export interface BiomarkerBaseline {
  mean: BiomarkerIndices;
  sd: BiomarkerIndices;
  /** How many windows the baseline holds. */
  windows: number;
}

const BAND = Object.fromEntries(BAND_NAMES.map((n, i) => [n, i])) as Record<BandName, number>;

/**
 * The per-window core shared by the tracker and the offline series: Welch spectra of the channels the indices
 * need, band powers, and the four raw (un-normalised) indices. Allocates on construction only.
 *
 * @example
 * const core = new BiomarkerWindow(128, ['O1', 'F3', 'FC5', 'P8']);
 * core.windowSamples; // → 256
 * core.usedLabels; // → ['F3', 'FC5', 'P8', 'O1']
 */
export class BiomarkerWindow {
  /** Samples per window. */
  readonly windowSamples: number;
  /** Samples between windows. */
  readonly hopSamples: number;
  /** Input channel numbers the analysis reads (in the order of {@link BiomarkerWindow.usedLabels}). */
  readonly usedChannels: number[];
  /** Labels of the channels read. */
  readonly usedLabels: string[];
  private readonly welch: WelchEstimator;
  private readonly psd: Float64Array;
  private readonly table: Array<[number, number]>;
  private readonly df: number;
  /** Band powers, one row of BAND_NAMES.length per used channel. */
  readonly bandPowers: Float64Array;
  private readonly members: Record<BiomarkerName, number[]>;

  constructor(
    readonly sampleRate: number,
    labels: readonly string[],
    options: BiomarkerOptions = {},
  ) {
    const o = { ...BIOMARKER_DEFAULTS, ...options };
    if (!(sampleRate > 0)) throw new RangeError(`biomarkers: sample rate must be positive, got ${sampleRate}`);
    this.windowSamples = Math.round(o.windowSeconds * sampleRate);
    this.hopSamples = Math.round(o.hopSeconds * sampleRate);
    const segment = Math.round(o.segmentSeconds * sampleRate);
    if (!(this.hopSamples >= 1)) throw new RangeError(`biomarkers: the hop of ${o.hopSeconds} s is under one sample at ${sampleRate} Hz`);
    if (!(segment >= 2 && segment <= this.windowSamples)) {
      throw new RangeError(`biomarkers: a Welch segment of ${o.segmentSeconds} s must fit in the ${o.windowSeconds} s window`);
    }
    this.welch = new WelchEstimator(sampleRate, segment);
    this.psd = new Float64Array(this.welch.frequencies.length);
    this.table = bandTable(this.welch.frequencies);
    this.df = sampleRate / segment;
    const wanted = { ...INDEX_CHANNELS, ...options.channels };
    const upper = labels.map((l) => l.trim().toUpperCase());
    const used: number[] = [];
    const members = {} as Record<BiomarkerName, number[]>;
    for (const name of BIOMARKER_NAMES) {
      const list: number[] = [];
      for (const ch of wanted[name]) {
        const at = upper.indexOf(ch.trim().toUpperCase());
        if (at < 0) continue;
        if (!used.includes(at)) used.push(at);
        list.push(used.indexOf(at));
      }
      if (list.length === 0) {
        throw new RangeError(
          `biomarkers: the ${name} index needs one of ${wanted[name].join(' ')}, and the recording has only ${labels.join(' ') || 'no channels'} (map its montage onto the EPOC positions first)`,
        );
      }
      members[name] = list;
    }
    this.members = members;
    this.usedChannels = used;
    this.usedLabels = used.map((i) => labels[i]!);
    this.bandPowers = new Float64Array(used.length * BAND_NAMES.length);
  }

  /**
   * Analyses one window. `windows[j]` holds the samples of used channel j (input channel usedChannels[j]),
   * `windowSamples` of them from `start`. Writes the raw indices into `out`.
   */
  analyse(windows: readonly ArrayLike<number>[], start: number, out: BiomarkerIndices): void {
    const nb = BAND_NAMES.length;
    for (let j = 0; j < this.usedChannels.length; j++) {
      this.welch.estimate(windows[j]!, start, this.windowSamples, this.psd);
      for (let b = 0; b < nb; b++) {
        const [first, end] = this.table[b]!;
        let sum = 0;
        for (let k = first; k < end; k++) sum += this.psd[k]!;
        this.bandPowers[j * nb + b] = sum * this.df;
      }
    }
    out.engagement = Math.log(this.sum('engagement', BAND.beta)) - Math.log(this.sum('engagement', BAND.alpha) + this.sum('engagement', BAND.theta));
    out.relaxation = Math.log(this.sum('relaxation', BAND.alpha)) - Math.log(this.sum('relaxation', BAND.total));
    out.stress = Math.log(this.sum('stress', BAND.highBeta)) - Math.log(this.sum('stress', BAND.alpha));
    out.attention = Math.log(this.sum('attention', BAND.beta)) - Math.log(this.sum('attention', BAND.theta));
  }

  private sum(index: BiomarkerName, band: number): number {
    const nb = BAND_NAMES.length;
    let s = 0;
    for (const j of this.members[index]) s += this.bandPowers[j * nb + band]!;
    return s;
  }
}

function zeroIndices(): BiomarkerIndices {
  return { stress: 0, attention: 0, engagement: 0, relaxation: 0 };
}

/** z = (raw − mean) / max(sd, floor), index by index, into `out`. */
function normalise(raw: BiomarkerIndices, baseline: BiomarkerBaseline, sdFloor: number, out: BiomarkerIndices): void {
  for (const name of BIOMARKER_NAMES) out[name] = (raw[name] - baseline.mean[name]) / Math.max(baseline.sd[name], sdFloor);
}

/** Options of {@link BiomarkerTracker}. */
export interface BiomarkerTrackerOptions extends BiomarkerOptions {
  /** Samples per second of the input. */
  sampleRate: number;
  /** One label per input channel (EPOC positions). */
  labels: readonly string[];
  /**
   * The baseline: windows ending within the first `baselineSeconds` of input (default 10). Until it is complete
   * the indices stay 0 and {@link BiomarkerTracker.ready} is false. Or give a baseline measured before.
   */
  baselineSeconds?: number;
  baseline?: BiomarkerBaseline;
}

/**
 * The online tracker: fed blocks of samples (any length, e.g. 16 samples = 1/8 s at 128 Hz), it keeps the last
 * window of every channel it needs in a ring buffer and, at every hop, recomputes the indices. Everything is
 * allocated in the constructor; {@link BiomarkerTracker.push} allocates nothing.
 *
 * @example
 * const twin = new EegTwin({ seed: 1, script: 'neutral 12s' });
 * const tracker = new BiomarkerTracker({ sampleRate: 128, labels: [...EPOC_CHANNELS], baselineSeconds: 10 });
 * for (let t = 0; t < 12 * 8; t++) tracker.push(twin.next(16));
 * tracker.ready; // → true
 */
export class BiomarkerTracker {
  /** The normalised indices, updated in place at each hop (0 until the baseline is complete). */
  readonly indices: BiomarkerIndices = zeroIndices();
  /** The raw indices of the last window. */
  readonly raw: BiomarkerIndices = zeroIndices();
  private readonly core: BiomarkerWindow;
  private readonly rings: Float64Array[];
  private readonly unrolled: Float64Array[];
  private readonly sdFloor: number;
  private readonly baselineWindows: number;
  private readonly inputChannels: number;
  private write = 0;
  private filled = 0;
  private sinceHop = 0;
  private windowsSeen = 0;
  private baselineStats: BiomarkerBaseline | undefined;
  private readonly acc = { n: 0, mean: zeroIndices(), m2: zeroIndices() };

  constructor(options: BiomarkerTrackerOptions) {
    this.core = new BiomarkerWindow(options.sampleRate, options.labels, options);
    const w = this.core.windowSamples;
    this.rings = this.core.usedChannels.map(() => new Float64Array(w));
    this.unrolled = this.core.usedChannels.map(() => new Float64Array(w));
    this.sdFloor = options.sdFloor ?? BIOMARKER_DEFAULTS.sdFloor;
    const baselineSeconds = options.baselineSeconds ?? 10;
    // Windows ending at or before baselineSeconds: the first ends at windowSamples, then one per hop.
    this.baselineWindows = Math.floor((Math.round(baselineSeconds * options.sampleRate) - w) / this.core.hopSamples) + 1;
    if (options.baseline) this.baselineStats = options.baseline;
    else if (this.baselineWindows < 2) {
      throw new RangeError(`biomarkers: a baseline of ${baselineSeconds} s holds fewer than two ${w / options.sampleRate}-s windows`);
    }
    this.inputChannels = options.labels.length;
  }

  /** True once the baseline is known (the indices are z-scores from then on). */
  get ready(): boolean {
    return this.baselineStats !== undefined;
  }

  /** The baseline statistics (undefined while still collecting). */
  get baseline(): BiomarkerBaseline | undefined {
    return this.baselineStats;
  }

  /** Windows analysed so far. */
  get windows(): number {
    return this.windowsSeen;
  }

  /**
   * Appends a block (one array per input channel, all of one length) and returns true when the indices were
   * updated during it.
   */
  push(block: readonly ArrayLike<number>[]): boolean {
    if (block.length !== this.inputChannels) throw new RangeError(`biomarkers: a block needs ${this.inputChannels} channels, got ${block.length}`);
    const n = block[0]?.length ?? 0;
    for (const ch of block) if (ch.length !== n) throw new RangeError('biomarkers: the channels of a block differ in length');
    const w = this.core.windowSamples;
    const used = this.core.usedChannels;
    let updated = false;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < used.length; j++) this.rings[j]![this.write] = block[used[j]!]![i]!;
      this.write = this.write + 1 === w ? 0 : this.write + 1;
      if (this.filled < w) this.filled++;
      this.sinceHop++;
      if (this.filled === w && (this.windowsSeen === 0 || this.sinceHop >= this.core.hopSamples)) {
        this.analyse();
        updated = true;
      }
    }
    return updated;
  }

  /** Forgets all input and (unless it was given) the baseline. */
  reset(baseline?: BiomarkerBaseline): void {
    for (const r of this.rings) r.fill(0);
    this.write = 0;
    this.filled = 0;
    this.sinceHop = 0;
    this.windowsSeen = 0;
    this.baselineStats = baseline;
    this.acc.n = 0;
    Object.assign(this.acc.mean, zeroIndices());
    Object.assign(this.acc.m2, zeroIndices());
    Object.assign(this.indices, zeroIndices());
  }

  private analyse(): void {
    const w = this.core.windowSamples;
    for (let j = 0; j < this.rings.length; j++) {
      const ring = this.rings[j]!;
      const out = this.unrolled[j]!;
      // Oldest sample first: from the write position to the end, then the start (no subarray views: no garbage).
      let k = 0;
      for (let i = this.write; i < w; i++) out[k++] = ring[i]!;
      for (let i = 0; i < this.write; i++) out[k++] = ring[i]!;
    }
    this.core.analyse(this.unrolled, 0, this.raw);
    this.sinceHop = 0;
    this.windowsSeen++;
    if (!this.baselineStats) {
      // Welford's running mean and variance over the baseline windows.
      const a = this.acc;
      a.n++;
      for (const name of BIOMARKER_NAMES) {
        const d = this.raw[name] - a.mean[name];
        a.mean[name] += d / a.n;
        a.m2[name] += d * (this.raw[name] - a.mean[name]);
      }
      if (a.n === this.baselineWindows) {
        const sd = zeroIndices();
        for (const name of BIOMARKER_NAMES) sd[name] = Math.sqrt(a.m2[name] / (a.n - 1));
        this.baselineStats = { mean: { ...a.mean }, sd, windows: a.n };
      } else return;
    }
    normalise(this.raw, this.baselineStats, this.sdFloor, this.indices);
  }
}

/** The indices over a whole recording. */
export interface BiomarkerSeries {
  /** End time of each window, seconds from the start (the moment an online tracker would know it). */
  times: Float64Array;
  /** Raw indices per window. */
  raw: Record<BiomarkerName, Float64Array>;
  /** Indices normalised against the baseline windows. */
  indices: Record<BiomarkerName, Float64Array>;
  baseline: BiomarkerBaseline;
  /** Mean normalised indices over each annotation (windows whose centre lies in [onset, onset + duration)). */
  segments: Array<{ text: string; onset: number; duration: number; windows: number; mean: BiomarkerIndices }>;
  /** The labels of the channels the indices read. */
  channels: string[];
}

/**
 * The indices over a whole recording, window by window (the same windows an online tracker sees), normalised
 * against the windows lying wholly inside `baselineSpan` = [startSeconds, endSeconds], with per-annotation
 * means. An annotation that holds no window centre gets `windows: 0` and NaN means.
 *
 * @example
 * const rec = eegTwinRecording({ seed: 2, script: 'neutral 10s, relaxed 20s' });
 * const s = biomarkerSeries(rec, [0, 10]);
 * s.segments[1].mean.relaxation > s.segments[0].mean.relaxation; // → true
 */
export function biomarkerSeries(recording: EegRecording, baselineSpan: readonly [number, number], options: BiomarkerOptions = {}): BiomarkerSeries {
  const { sampleRate, data, labels } = recording;
  if (data.length !== labels.length) throw new RangeError(`biomarkers: ${labels.length} labels for ${data.length} channels`);
  const core = new BiomarkerWindow(sampleRate, labels, options);
  const length = data[0]?.length ?? 0;
  for (const ch of data) if (ch.length !== length) throw new RangeError('biomarkers: the channels differ in length');
  const w = core.windowSamples;
  const count = length < w ? 0 : Math.floor((length - w) / core.hopSamples) + 1;
  if (count === 0) throw new RangeError(`biomarkers: the recording (${length / sampleRate} s) is shorter than one ${w / sampleRate}-s window`);
  const [b0, b1] = baselineSpan;
  if (!(b0 < b1)) throw new RangeError(`biomarkers: the baseline span [${b0}, ${b1}] s is empty`);
  const times = new Float64Array(count);
  const raw = Object.fromEntries(BIOMARKER_NAMES.map((n) => [n, new Float64Array(count)])) as Record<BiomarkerName, Float64Array>;
  const channels = core.usedChannels.map((c) => data[c]!);
  const one = zeroIndices();
  for (let i = 0; i < count; i++) {
    const start = i * core.hopSamples;
    core.analyse(channels, start, one);
    times[i] = (start + w) / sampleRate;
    for (const name of BIOMARKER_NAMES) raw[name][i] = one[name];
  }
  const inBaseline: number[] = [];
  for (let i = 0; i < count; i++) {
    const start = times[i]! - w / sampleRate;
    if (start >= b0 - 1e-9 && times[i]! <= b1 + 1e-9) inBaseline.push(i);
  }
  if (inBaseline.length < 2) {
    throw new RangeError(`biomarkers: the baseline span [${b0}, ${b1}] s holds ${inBaseline.length} whole ${w / sampleRate}-s window(s); it needs two`);
  }
  const mean = zeroIndices();
  const sd = zeroIndices();
  for (const name of BIOMARKER_NAMES) {
    let m = 0;
    for (const i of inBaseline) m += raw[name][i]!;
    m /= inBaseline.length;
    let v = 0;
    for (const i of inBaseline) v += (raw[name][i]! - m) ** 2;
    mean[name] = m;
    sd[name] = Math.sqrt(v / (inBaseline.length - 1));
  }
  const baseline: BiomarkerBaseline = { mean, sd, windows: inBaseline.length };
  const sdFloor = options.sdFloor ?? BIOMARKER_DEFAULTS.sdFloor;
  const indices = Object.fromEntries(BIOMARKER_NAMES.map((n) => [n, new Float64Array(count)])) as Record<BiomarkerName, Float64Array>;
  for (const name of BIOMARKER_NAMES) {
    for (let i = 0; i < count; i++) indices[name][i] = (raw[name][i]! - mean[name]) / Math.max(sd[name], sdFloor);
  }
  const half = w / sampleRate / 2;
  const segments = recording.annotations.map((a) => {
    const sum = zeroIndices();
    let n = 0;
    for (let i = 0; i < count; i++) {
      const centre = times[i]! - half;
      if (centre >= a.onset && centre < a.onset + a.duration) {
        n++;
        for (const name of BIOMARKER_NAMES) sum[name] += indices[name][i]!;
      }
    }
    for (const name of BIOMARKER_NAMES) sum[name] = n ? sum[name] / n : NaN;
    return { text: a.text, onset: a.onset, duration: a.duration, windows: n, mean: sum };
  });
  return { times, raw, indices, baseline, segments, channels: core.usedLabels };
}
