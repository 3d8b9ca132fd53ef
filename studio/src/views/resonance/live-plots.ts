/**
 * The Resonance view's live canvases. The bank: its amplitudes over log frequency as a moving spectrum (the last
 * seconds scrolling left, brighter for larger amplitude, the profile averaged over the last second at the right),
 * the pulse marked, a lamp that flashes on each tracked beat. The tapper: the metronome's phase and ASHLE's motor phase as hands on one dial
 * (each flashing on its click or tap), and every tap's asynchrony over the last 30 s.
 */
import { CanvasSurface, font } from '../canvas.js';
import { RESONANCE_BANK, ResonanceStateLayout as L } from '../../engines/resonance/messages.js';

const FLASH_SECONDS = 0.12;
const SPECTRUM_SECONDS = 8;
const ASYNCHRONY_SECONDS = 30;

function background(s: CanvasSurface): CanvasRenderingContext2D | undefined {
  const g = s.begin();
  if (!g) return undefined;
  g.fillStyle = '#0e1116';
  g.fillRect(0, 0, s.width, s.height);
  return g;
}

function title(g: CanvasRenderingContext2D, text: string, dpr: number, x = 8 * dpr): void {
  g.font = font(11, dpr, 600);
  g.fillStyle = '#7d8796';
  g.textAlign = 'left';
  g.textBaseline = 'top';
  g.fillText(text, x, 6 * dpr);
}

/** Colour of an amplitude relative to the scale (0 → background, 1 → bright). */
function heat(v: number): string {
  const x = Math.max(0, Math.min(1, v));
  return `rgb(${Math.round(14 + 80 * x + 150 * x * x)}, ${Math.round(17 + 160 * x)}, ${Math.round(22 + 210 * Math.sqrt(x))})`;
}

export class BankSpectrum {
  private readonly surface: CanvasSurface;
  /** The largest amplitude seen (the colour scale), decaying slowly so a quiet passage still shows. */
  private scale = 1e-3;

  constructor(canvas: HTMLCanvasElement, private frequenciesHz: readonly number[] = []) {
    this.surface = new CanvasSurface(canvas);
  }

  setFrequencies(f: readonly number[]): void {
    this.frequenciesHz = f;
  }

  draw(time: number, history: readonly Float32Array[], now: Float32Array | undefined): void {
    const s = this.surface;
    const g = background(s);
    if (!g) return;
    const { width: w, height: h, dpr } = s;
    title(g, 'GrFNN listening: oscillator amplitude over log frequency (time →)', dpr);
    const f = this.frequenciesHz;
    const n = RESONANCE_BANK.count;
    if (!now || now[L.AUDIO] !== 1 || f.length !== n) {
      g.font = font(12, dpr);
      g.fillStyle = '#7d8796';
      g.textAlign = 'center';
      g.textBaseline = 'middle';
      g.fillText('Open a WAV file (or drop one here) for the bank to listen to; press play.', w / 2, h / 2);
      return;
    }
    const left = 48 * dpr;
    const profileW = 90 * dpr;
    const right = w - profileW - 16 * dpr;
    const top = 26 * dpr;
    const bottom = h - 22 * dpr;
    const rowH = (bottom - top) / n;
    const Y = (hz: number): number => bottom - ((Math.log(hz / RESONANCE_BANK.lowHz) / Math.log(RESONANCE_BANK.highHz / RESONANCE_BANK.lowHz)) * (bottom - top));
    let peak = 0;
    for (const st of history) for (let k = 0; k < n; k++) peak = Math.max(peak, st[L.HEADER + k]!);
    this.scale = Math.max(peak, this.scale * 0.995, 1e-4);
    // The waterfall: one column per state.
    const colW = Math.max(dpr, ((right - left) / SPECTRUM_SECONDS) / 50 + 0.5);
    for (const st of history) {
      const x = right - ((time - st[L.TIME]!) / SPECTRUM_SECONDS) * (right - left);
      if (x < left) continue;
      for (let k = 0; k < n; k++) {
        g.fillStyle = heat(st[L.HEADER + k]! / this.scale);
        g.fillRect(x, bottom - (k + 1) * rowH, colW, rowH + 0.5);
      }
    }
    // The profile: each oscillator's amplitude averaged over the last second.
    const px0 = right + 10 * dpr;
    let meanPeak = 1e-6;
    for (let k = 0; k < n; k++) meanPeak = Math.max(meanPeak, now[L.HEADER + n + k]!);
    g.strokeStyle = '#5fb3e8';
    g.lineWidth = 2 * dpr;
    g.beginPath();
    for (let k = 0; k < n; k++) {
      const x = px0 + (now[L.HEADER + n + k]! / meanPeak) * (profileW - 14 * dpr);
      const y = bottom - (k + 0.5) * rowH;
      if (k === 0) g.moveTo(x, y);
      else g.lineTo(x, y);
    }
    g.stroke();
    // Frequency axis.
    g.font = font(10, dpr);
    g.fillStyle = '#7d8796';
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    for (const hz of [0.5, 1, 2, 4, 8]) g.fillText(`${hz} Hz`, left - 5 * dpr, Y(hz));
    // The pulse, and the beat lamp.
    const pulse = now[L.PULSE_HZ]!;
    if (Number.isFinite(pulse)) {
      g.strokeStyle = '#e8665f';
      g.lineWidth = dpr;
      g.setLineDash([4 * dpr, 3 * dpr]);
      g.beginPath();
      g.moveTo(left, Y(pulse));
      g.lineTo(right + profileW, Y(pulse));
      g.stroke();
      g.setLineDash([]);
      g.fillStyle = '#ffd1cc';
      g.textAlign = 'left';
      g.fillText(`pulse ${pulse.toFixed(2)} Hz · ${(60 * pulse).toFixed(0)} bpm`, left + 6 * dpr, Y(pulse) - 8 * dpr);
    }
    const lit = Math.max(0, 1 - now[L.BEAT_AGE]! / FLASH_SECONDS);
    g.fillStyle = `rgba(232, 102, 95, ${0.2 + 0.8 * lit})`;
    g.beginPath();
    g.arc(w - 22 * dpr, 16 * dpr, (7 + 5 * lit) * dpr, 0, 2 * Math.PI);
    g.fill();
  }
}

export class TapperPanel {
  private readonly surface: CanvasSurface;
  /** Taps' (time, asynchrony ms), the last 30 s. */
  private taps: Array<[number, number]> = [];
  private lastTapAt = -Infinity;

  constructor(canvas: HTMLCanvasElement) {
    this.surface = new CanvasSurface(canvas);
  }

  /** Notes each state's last tap (called for every state as it arrives). */
  collect(s: Float32Array): void {
    const tapAt = s[L.TIME]! - s[L.TAP_AGE]!;
    if (Number.isFinite(tapAt) && tapAt > this.lastTapAt + 1e-6 && Number.isFinite(s[L.ASYNCHRONY_MS]!)) {
      this.lastTapAt = tapAt;
      this.taps.push([tapAt, s[L.ASYNCHRONY_MS]!]);
      if (this.taps.length > 400) this.taps.splice(0, 100);
    }
  }

  clear(): void {
    this.taps = [];
    this.lastTapAt = -Infinity;
  }

  draw(time: number, s: Float32Array | undefined): void {
    const surface = this.surface;
    const g = background(surface);
    if (!g) return;
    const { width: w, height: h, dpr } = surface;
    const dialW = Math.min(w * 0.4, h);
    title(g, 'ASHLE tapping to the metronome', dpr);
    const cx = dialW / 2;
    const cy = h / 2 + 8 * dpr;
    const r = Math.max(10, Math.min(dialW, h) * 0.32);
    g.strokeStyle = '#2a3340';
    g.lineWidth = 2 * dpr;
    g.beginPath();
    g.arc(cx, cy, r, 0, 2 * Math.PI);
    g.stroke();
    if (s) {
      const hand = (phase: number, colour: string, age: number, length: number): void => {
        const a = -Math.PI / 2 + 2 * Math.PI * phase;
        const lit = Math.max(0, 1 - age / FLASH_SECONDS);
        g.strokeStyle = colour;
        g.lineWidth = (2 + 2 * lit) * dpr;
        g.beginPath();
        g.moveTo(cx, cy);
        g.lineTo(cx + length * Math.cos(a), cy + length * Math.sin(a));
        g.stroke();
        g.fillStyle = colour;
        g.beginPath();
        g.arc(cx + length * Math.cos(a), cy + length * Math.sin(a), (4 + 6 * lit) * dpr, 0, 2 * Math.PI);
        g.fill();
      };
      if (s[L.METRONOME_HZ]! > 0) hand(s[L.METRONOME_PHASE]!, '#5fb3e8', s[L.CLICK_AGE]!, r);
      hand(s[L.MOTOR_PHASE]!, '#e8665f', s[L.TAP_AGE]!, r * 0.75);
      g.font = font(11, dpr);
      g.textAlign = 'center';
      g.textBaseline = 'top';
      g.fillStyle = '#5fb3e8';
      g.fillText(s[L.METRONOME_HZ]! > 0 ? `metronome ${(60 * s[L.METRONOME_HZ]!).toFixed(0)} bpm` : 'metronome off', cx, cy + r + 8 * dpr);
      g.fillStyle = '#e8665f';
      g.fillText(`ASHLE f_m ${(60 * s[L.MOTOR_HZ]!).toFixed(1)} bpm`, cx, cy + r + 22 * dpr);
    }
    // Asynchrony of each tap, the last 30 s.
    const left = dialW + 40 * dpr;
    const right = w - 12 * dpr;
    const top = 30 * dpr;
    const bottom = h - 24 * dpr;
    if (right - left < 40 * dpr) return;
    const recent = this.taps.filter(([t]) => t <= time && t > time - ASYNCHRONY_SECONDS);
    let span = 50;
    for (const [, a] of recent) span = Math.max(span, Math.min(500, Math.abs(a) * 1.2));
    const X = (t: number): number => right - ((time - t) / ASYNCHRONY_SECONDS) * (right - left);
    const Y = (ms: number): number => (top + bottom) / 2 - (ms / span) * ((bottom - top) / 2);
    g.strokeStyle = '#2a3340';
    g.lineWidth = dpr;
    g.beginPath();
    g.moveTo(left, Y(0));
    g.lineTo(right, Y(0));
    g.stroke();
    g.font = font(10, dpr);
    g.fillStyle = '#7d8796';
    g.textAlign = 'right';
    g.textBaseline = 'middle';
    for (const ms of [-span, 0, span]) g.fillText(`${ms.toFixed(0)} ms`, left - 4 * dpr, Y(ms));
    g.textAlign = 'left';
    g.textBaseline = 'top';
    g.fillText('asynchrony of each tap (tap − nearest click), last 30 s', left, 18 * dpr);
    g.fillStyle = '#e8665f';
    for (const [t, a] of recent) {
      g.beginPath();
      g.arc(X(t), Y(Math.max(-span, Math.min(span, a))), 3 * dpr, 0, 2 * Math.PI);
      g.fill();
    }
  }
}
