/**
 * The 14 EEG channels scrolling: the last five seconds up to the playhead, one lane per channel (EPOC order, left
 * hemisphere from the front, then the right from the back), drawn from the samples the duet's states carry.
 */
import { CanvasSurface, font } from '../canvas.js';
import { DUET_CHANNELS, DUET_EEG_RATE, DUET_STATE_RATE, DUET_STATE_SAMPLES, DuetStateLayout as L } from '../../engines/duet/messages.js';

/** Seconds shown. */
const SHOWN_SECONDS = 5;
/** Samples kept: the window shown plus the states that arrive ahead of the playhead. */
const KEEP = (SHOWN_SECONDS + 1) * DUET_EEG_RATE;
/** µV from a lane's centre to its edge. */
const LANE_MICROVOLTS = 60;
/** States between a sample's arrival and the state that carries it (see duet-run.ts). */
const DELAY_STATES = DUET_STATE_RATE / 8 + 1;

export class EegTraces {
  private readonly surface: CanvasSurface;
  private readonly ring = new Float32Array(DUET_CHANNELS * KEEP).fill(NaN);
  /** One past the newest sample index held (−1: none). */
  private newest = -1;
  private labels: string[] = [];

  constructor(canvas: HTMLCanvasElement) {
    this.surface = new CanvasSurface(canvas);
  }

  setLabels(labels: string[]): void {
    this.labels = labels;
  }

  /** Takes the samples a state carries (clear first when the engine went back). */
  collect(state: Float32Array): void {
    const first = state[L.EEG_FIRST]!;
    if (first < 0) return;
    for (let c = 0; c < DUET_CHANNELS; c++) {
      for (let j = 0; j < DUET_STATE_SAMPLES; j++) this.ring[c * KEEP + ((first + j) % KEEP)] = state[L.EEG + c * DUET_STATE_SAMPLES + j]!;
    }
    this.newest = Math.max(this.newest, first + DUET_STATE_SAMPLES);
  }

  clear(): void {
    this.ring.fill(NaN);
    this.newest = -1;
  }

  draw(time: number): void {
    const g = this.surface.begin();
    if (!g) return;
    const { width: w, height: h, dpr } = this.surface;
    g.fillStyle = '#0e1116';
    g.fillRect(0, 0, w, h);
    g.font = font(11, dpr);
    let gutter = 0;
    for (const label of this.labels) gutter = Math.max(gutter, g.measureText(label).width);
    const left = gutter + 12 * dpr;
    const lane = h / DUET_CHANNELS;
    // The newest sample heard at the playhead: sample n rides on state n/2 + DELAY_STATES.
    const end = Math.min(this.newest, Math.floor(DUET_STATE_SAMPLES * (time * DUET_STATE_RATE - DELAY_STATES)) + 1);
    const count = SHOWN_SECONDS * DUET_EEG_RATE;
    const dx = (w - left) / count;
    g.textBaseline = 'middle';
    // Second marks.
    g.strokeStyle = '#1b212b';
    g.lineWidth = 1;
    for (let n = Math.ceil((end - count) / DUET_EEG_RATE) * DUET_EEG_RATE; n < end; n += DUET_EEG_RATE) {
      const x = left + (n - (end - count)) * dx;
      g.beginPath();
      g.moveTo(x, 0);
      g.lineTo(x, h);
      g.stroke();
    }
    for (let c = 0; c < DUET_CHANNELS; c++) {
      const mid = (c + 0.5) * lane;
      g.fillStyle = '#7d8796';
      g.fillText(this.labels[c] ?? '', 6 * dpr, mid);
      g.strokeStyle = c < 7 ? '#5fa8e8' : '#e8a05f';
      g.lineWidth = Math.max(1, dpr);
      g.beginPath();
      let pen = false;
      const scale = (0.5 * lane) / LANE_MICROVOLTS;
      for (let k = 0; k < count; k++) {
        const n = end - count + k;
        const v = n >= 0 && n >= this.newest - KEEP ? this.ring[c * KEEP + (n % KEEP)]! : NaN;
        if (!Number.isFinite(v)) {
          pen = false;
          continue;
        }
        const y = mid - Math.max(-0.5 * lane, Math.min(0.5 * lane, v * scale));
        const x = left + k * dx;
        if (pen) g.lineTo(x, y);
        else g.moveTo(x, y);
        pen = true;
      }
      g.stroke();
    }
    g.fillStyle = '#7d8796';
    g.textBaseline = 'top';
    g.textAlign = 'right';
    g.fillText(`EEG, µV (±${LANE_MICROVOLTS} per lane) · last ${SHOWN_SECONDS} s`, w - 6 * dpr, 4 * dpr);
    g.textAlign = 'left';
  }
}
