/**
 * The trained surrogate as the duet's drummer ({@link DuetDrummerModel}): the engine steps it on its own grid
 * (256 Hz by default) with the stimulus the ASHLE drummer would hear; the network runs at its training rate
 * (64 Hz) on the stimulus sampled at its sample times, and between its samples the phase advances at the network's
 * latest instantaneous frequency (the unwrapped phase difference of its last two samples), so that beats fall
 * between samples as smoothly as ASHLE's.
 *
 * A spontaneous rate f0 other than the one the network learned (2 Hz) is met by a change of time unit: ASHLE's
 * oscillator equations are all multiplied by the oscillator's frequency, so a drummer at f0 hearing tempo T behaves
 * (up to the frequency-learning time scale) like one at f0′ hearing T·f0′/f0; the network is fed at
 * sampleHz·f0/f0′ real samples a second and its frequency output scaled by f0/f0′.
 */
import type { DuetDrummerModel } from '../../engines/duet/engine.js';
import { AMP_CENTER, AMP_SCALE, FREQ_SCALE_HZ } from './encoding.js';
import { surrogateStream, type SurrogateModel } from './model.js';
import type { TcnStream } from './tcn-stream.js';

const TWO_PI = 2 * Math.PI;

/**
 * A duet drummer driven by a trained surrogate.
 * @example
 * const model = { config: DEFAULT_TCN, theta: initTcn(DEFAULT_TCN, createRandom(0)), ashle: { spontaneousHz: 2 } };
 * const duet = new DuetEngine({ seed: 1, drummerModel: new SurrogateDrummer(model) });
 * duet.step(2, { note: () => undefined }).timeSeconds; // → 2
 */
export class SurrogateDrummer implements DuetDrummerModel {
  readonly label = 'TCN surrogate of ASHLE';
  phase = 0;
  amplitude = 1;
  frequencyHz: number;
  private readonly net: TcnStream;
  private readonly trainedF0: number;
  private readonly sampleHz: number;
  private readonly input = new Float32Array(3);
  private t = 0;
  private nextSample = 0;
  private samples = 0;
  private lastPhase = 0;
  private lastTime = 0;
  private instantHz: number;

  constructor(model: SurrogateModel) {
    this.net = surrogateStream(model);
    this.trainedF0 = model.ashle.spontaneousHz;
    this.sampleHz = model.config.sampleHz;
    this.frequencyHz = this.trainedF0;
    this.instantHz = this.trainedF0;
  }

  reset(f0Hz: number): void {
    this.net.reset();
    this.t = 0;
    this.nextSample = 0;
    this.samples = 0;
    this.phase = 0;
    this.lastPhase = 0;
    this.lastTime = 0;
    this.amplitude = 1;
    this.frequencyHz = f0Hz;
    this.instantHz = f0Hz;
  }

  step(h: number, xr: number, xi: number, f0Hz: number): void {
    const end = this.t + h;
    const warp = f0Hz / this.trainedF0;
    while (this.nextSample < end - 1e-12) {
      this.input[0] = xr;
      this.input[1] = xi;
      this.input[2] = 1;
      const out = this.net.push(this.input);
      const p = Math.atan2(out[1]!, out[0]!);
      if (this.samples > 0) {
        let d = p - (this.lastPhase - TWO_PI * Math.round(this.lastPhase / TWO_PI));
        d -= TWO_PI * Math.round(d / TWO_PI);
        const dt = this.nextSample - this.lastTime;
        // The phase moves forward by less than half a cycle a sample at these rates; clamp the estimate to 0.25–4 f0.
        this.instantHz = Math.min(4 * f0Hz, Math.max(0.25 * f0Hz, d / (TWO_PI * dt)));
        this.lastPhase += d;
      } else this.lastPhase = p;
      this.lastTime = this.nextSample;
      this.samples++;
      this.amplitude = Math.max(0, AMP_CENTER + AMP_SCALE * out[3]!);
      this.frequencyHz = (this.trainedF0 + FREQ_SCALE_HZ * out[2]!) * warp;
      this.nextSample += 1 / (this.sampleHz * warp);
    }
    this.t = end;
    const p = this.lastPhase + TWO_PI * this.instantHz * (end - this.lastTime);
    this.phase = p - TWO_PI * Math.round(p / TWO_PI);
  }
}
