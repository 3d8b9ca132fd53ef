/**
 * One sounding piano note as a bank of decaying partials, advanced by the two-term recursion of a damped
 * sinusoid, x[n] = 2r·cos(ω)·x[n−1] − r²·x[n−2] (x[n] = A·rⁿ·sin(ωn)): two multiplies and a subtraction per
 * partial per sample, no sin or exp in the loop. Each partial stops at the sample where it falls below the
 * floor, computed in closed form when the note starts or is released.
 *
 * Real-time rule: all memory is allocated in the constructor; `start`, `release` and `render` allocate nothing, so
 * the same voice serves the offline renderer and the AudioWorklet.
 *
 *   partials (A, ω, r) ──► Σ ──► out[from … from+count)
 *        ▲ note-off: r → r·e^(−σ_damp/sr), state rescaled so the waveform stays continuous
 */
import {
  DEFAULT_PIANO_MODEL, hammerRolloff, inharmonicity, partialDecay, velocityGain, type PianoModel,
} from './piano-model.js';
import { pitchToHz } from '../score/pitch.js';

const TWO_PI = 2 * Math.PI;
/** Aftersound detuning between unison strings, in cents (gives a slow beat). */
const UNISON_DETUNE_CENTS = 0.35;
/** The prompt sound decays this many times faster than the aftersound (Weinreich 1977 reports 2–10×). */
const PROMPT_TO_AFTERSOUND = 4;

export class ModalVoice {
  readonly sampleRate: number;
  readonly model: PianoModel;
  /** Number of live components (partials, plus the aftersound copies of the low partials). */
  count = 0;
  /** Samples rendered since the note started. */
  position = 0;
  /** Sample index of the note-off, or Infinity while held. */
  releaseAt = Infinity;
  /** Sample index after which the whole note is silent. */
  endAt = 0;
  pitch = 60;
  private readonly coef: Float64Array; // 2r·cos ω
  private readonly rr: Float64Array; // r²
  private readonly r: Float64Array;
  private readonly omega: Float64Array;
  private readonly sigma: Float64Array; // decay while held, 1/s
  private readonly x1: Float64Array; // x[n−1]
  private readonly x2: Float64Array; // x[n−2]
  private readonly stopAt: Float64Array; // sample index where the component falls below the floor
  private readonly order: Int32Array; // live components, longest-lived first
  private floor = 0;

  constructor(sampleRate: number, model: PianoModel = DEFAULT_PIANO_MODEL) {
    if (!(sampleRate >= 8000 && sampleRate <= 384000)) throw new RangeError(`sample rate must be 8–384 kHz, got ${sampleRate}`);
    this.sampleRate = sampleRate;
    this.model = model;
    const size = model.maxPartials + model.twoStagePartials;
    this.coef = new Float64Array(size);
    this.rr = new Float64Array(size);
    this.r = new Float64Array(size);
    this.omega = new Float64Array(size);
    this.sigma = new Float64Array(size);
    this.x1 = new Float64Array(size);
    this.x2 = new Float64Array(size);
    this.stopAt = new Float64Array(size);
    this.order = new Int32Array(size);
  }

  /** Strikes the key: sets every partial's amplitude, frequency and decay. */
  start(pitch: number, velocity: number): void {
    const m = this.model;
    const sr = this.sampleRate;
    const f1 = pitchToHz(pitch);
    const b = inharmonicity(pitch, m);
    const h = hammerRolloff(velocity);
    const gain = velocityGain(velocity);
    this.pitch = pitch;
    this.position = 0;
    this.releaseAt = Infinity;
    let k = 0;
    let peak = 0;
    for (let n = 1; n <= m.maxPartials; n++) {
      const hz = n * f1 * Math.sqrt(1 + b * n * n);
      if (hz >= m.nyquistFraction * sr) break;
      const shape = Math.abs(Math.sin(n * Math.PI * m.strikePosition)) / n;
      const amp = gain * shape * Math.exp(-(n - 1) * h);
      const sigma = partialDecay(pitch, hz, m);
      if (n <= m.twoStagePartials) {
        // Prompt sound: most of the energy, fast decay. Aftersound: the rest, slow decay, slightly detuned.
        const after = m.aftersoundShare;
        k = this.setComponent(k, amp * (1 - after), hz, sigma * Math.sqrt(PROMPT_TO_AFTERSOUND));
        k = this.setComponent(k, amp * after, hz * Math.pow(2, UNISON_DETUNE_CENTS / 1200), sigma / Math.sqrt(PROMPT_TO_AFTERSOUND));
      } else {
        k = this.setComponent(k, amp, hz, sigma);
      }
      peak = Math.max(peak, amp);
    }
    this.count = k;
    this.floor = peak * Math.pow(10, m.floorDb / 20);
    let end = 0;
    for (let i = 0; i < k; i++) {
      // A·e^(−σt) reaches the floor at t = ln(A/floor)/σ; a component starting below it is not rendered.
      const a = this.x1[i]! / (this.r[i]! * Math.sin(this.omega[i]!) || 1);
      const life = Math.abs(a) > this.floor ? (Math.log(Math.abs(a) / this.floor) / this.sigma[i]!) * sr : 0;
      this.stopAt[i] = Math.ceil(life);
      end = Math.max(end, this.stopAt[i]!);
    }
    this.endAt = end;
  }

  private setComponent(k: number, amp: number, hz: number, sigma: number): number {
    const sr = this.sampleRate;
    const w = (TWO_PI * hz) / sr;
    const r = Math.exp(-sigma / sr);
    this.omega[k] = w;
    this.r[k] = r;
    this.sigma[k] = sigma;
    this.coef[k] = 2 * r * Math.cos(w);
    this.rr[k] = r * r;
    // x[0] = 0 and x[1] = A·r·sin ω: the recursion continues from there.
    this.x2[k] = 0;
    this.x1[k] = amp * r * Math.sin(w);
    return k + 1;
  }

  /**
   * Releases the key now, at the voice's current position: the damper adds decay from here on (keys above the
   * damped range keep ringing) and `endAt` becomes the sample where the release has died away. A second call does
   * nothing.
   */
  release(): void {
    if (this.releaseAt !== Infinity) return;
    this.releaseAt = this.position;
    this.applyDamper();
  }

  private applyDamper(): void {
    const m = this.model;
    const sr = this.sampleRate;
    const maxTail = this.position + Math.ceil(m.maxReleaseSeconds * sr);
    const damped = this.pitch <= m.highestDampedPitch;
    let end = 0;
    for (let i = 0; i < this.count; i++) {
      if (this.stopAt[i]! <= this.position) continue;
      // Felt damps high partials harder: extra decay grows gently with frequency.
      const hz = (this.omega[i]! * sr) / TWO_PI;
      const extra = damped ? m.damperDecay * (1 + hz / 2000) : 0;
      const sigma = this.sigma[i]! + extra;
      const r2 = Math.exp(-sigma / sr);
      // Keep x[n−1] (the latest sample) and rescale x[n−2] so the sequence continues with the new rate.
      this.x2[i] = (this.x2[i]! * this.r[i]!) / r2;
      this.r[i] = r2;
      this.coef[i] = 2 * r2 * Math.cos(this.omega[i]!);
      this.rr[i] = r2 * r2;
      // Current amplitude ≈ |(x1, x2)| envelope: A_now = A·rⁿ; remaining life from it.
      const remaining = this.envelopeNow(i);
      const life = remaining > this.floor ? (Math.log(remaining / this.floor) / sigma) * sr : 0;
      this.stopAt[i] = Math.min(maxTail, this.position + Math.ceil(life));
      end = Math.max(end, this.stopAt[i]!);
    }
    this.endAt = Math.min(Math.max(end, this.position), maxTail);
  }

  /** Amplitude of component i at the current position, from its two state samples. */
  private envelopeNow(i: number): number {
    // For x[n] = a·sin(ωn + φ) (over one step the decay is negligible), a² = (x1² + x2² − 2·x1·x2·cos ω)/sin²ω.
    const w = this.omega[i]!;
    const x1 = this.x1[i]!;
    const x2 = this.x2[i]! * this.r[i]!;
    const s = Math.sin(w);
    return Math.sqrt(Math.max(0, x1 * x1 + x2 * x2 - 2 * x1 * x2 * Math.cos(w))) / Math.abs(s || 1);
  }

  /** True once every partial has fallen below the floor (or the release time has run out). */
  get finished(): boolean {
    return this.position >= this.endAt;
  }

  /**
   * Adds the next `count` samples of the note into `out[from … from + count)` and advances the voice.
   * @example
   * const v = new ModalVoice(44100); v.start(60, 0.8);
   * const out = new Float64Array(44100); v.render(out, 0, 22050); v.release(); v.render(out, 22050, 22050);
   */
  render(out: Float64Array, from: number, count: number): void {
    this.renderSegment(out, from, count);
  }

  private renderSegment(out: Float64Array, from: number, count: number): void {
    const start = this.position;
    const order = this.order;
    const stops = this.stopAt;
    // Live components, longest-lived first, in groups of four: four independent recursions per loop run in
    // parallel in the CPU instead of waiting on one chain's multiply–subtract latency (about 4× faster).
    let live = 0;
    for (let i = 0; i < this.count; i++) if (stops[i]! > start) order[live++] = i;
    sortByStopDescending(order, live, stops);
    for (let g = 0; g < live; g += 4) this.renderGroup(out, from, count, g, Math.min(4, live - g));
    this.position = start + count;
  }

  /** Renders up to four components (order[g … g+n)) together, zeroing each at its own stop. */
  private renderGroup(out: Float64Array, from: number, count: number, g: number, n: number): void {
    const start = this.position;
    const o = this.order;
    const ia = o[g]!;
    const ib = n > 1 ? o[g + 1]! : -1;
    const ic = n > 2 ? o[g + 2]! : -1;
    const id = n > 3 ? o[g + 3]! : -1;
    const coef = this.coef;
    const rr = this.rr;
    const x1s = this.x1;
    const x2s = this.x2;
    const stops = this.stopAt;
    const ca = coef[ia]!, qa = rr[ia]!;
    let a1 = x1s[ia]!, a2 = x2s[ia]!;
    let cb = 0, qb = 0, b1 = 0, b2 = 0;
    let cc = 0, qc = 0, c1 = 0, c2 = 0;
    let cd = 0, qd = 0, d1 = 0, d2 = 0;
    if (ib >= 0) { cb = coef[ib]!; qb = rr[ib]!; b1 = x1s[ib]!; b2 = x2s[ib]!; }
    if (ic >= 0) { cc = coef[ic]!; qc = rr[ic]!; c1 = x1s[ic]!; c2 = x2s[ic]!; }
    if (id >= 0) { cd = coef[id]!; qd = rr[id]!; d1 = x1s[id]!; d2 = x2s[id]!; }
    // Segment ends: where a member stops (relative to `from`), or the end of the block.
    const end = (i: number): number => (i < 0 ? 0 : Math.min(count, stops[i]! - start));
    const ea = end(ia), eb = end(ib), ec = end(ic), ed = end(id);
    let j = 0;
    while (j < ea) {
      const segEnd = Math.min(ea, ed > j ? ed : ea, ec > j ? ec : ea, eb > j ? eb : ea);
      for (let k = from + j, e = from + segEnd; k < e; k++) {
        out[k]! += a1 + b1 + c1 + d1;
        const a0 = ca * a1 - qa * a2;
        const b0 = cb * b1 - qb * b2;
        const c0 = cc * c1 - qc * c2;
        const d0 = cd * d1 - qd * d2;
        a2 = a1; a1 = a0;
        b2 = b1; b1 = b0;
        c2 = c1; c1 = c0;
        d2 = d1; d1 = d0;
      }
      j = segEnd;
      // A member that reached its floor is silent from here on.
      if (j === ed && ed < count) { cd = qd = d1 = d2 = 0; }
      if (j === ec && ec < count) { cc = qc = c1 = c2 = 0; }
      if (j === eb && eb < count) { cb = qb = b1 = b2 = 0; }
    }
    x1s[ia] = a1; x2s[ia] = a2;
    if (ib >= 0) { x1s[ib] = b1; x2s[ib] = b2; }
    if (ic >= 0) { x1s[ic] = c1; x2s[ic] = c2; }
    if (id >= 0) { x1s[id] = d1; x2s[id] = d2; }
  }
}

/** Insertion sort of order[0 … n) by stop time, latest first (n ≤ 46: cheaper than a generic sort). */
function sortByStopDescending(order: Int32Array, n: number, stops: Float64Array): void {
  for (let i = 1; i < n; i++) {
    const v = order[i]!;
    const s = stops[v]!;
    let j = i - 1;
    while (j >= 0 && stops[order[j]!]! < s) {
      order[j + 1] = order[j]!;
      j--;
    }
    order[j + 1] = v;
  }
}
