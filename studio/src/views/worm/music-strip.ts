/**
 * Muscles becoming music: at the left the 95 body-wall muscles (four quadrants × 24 along the body, head at the
 * left) glowing with their activation, each quadrant in the colour of its voice; at the right the notes they
 * struck in the last seconds, pitch against time, running into the playhead. The registers go up from DL to VR,
 * as WormNoteMapper assigns them.
 */
import { CanvasSurface, font } from '../canvas.js';
import { muscleQuadrant, REGISTER_ORDER } from 'neuromusic/worm';
import { voiceColor } from '../score/colors.js';
import { STATE_NOTES, WormStateLayout } from '../../engines/worm/messages.js';

/** Seconds of notes shown. */
const SECONDS = 6;
/** Notes kept for the lane. */
const CAPACITY = 512;

export class MusicStrip {
  private readonly surface: CanvasSurface;
  /** Per muscle: row (0 = top = highest register) and column (segment 0–23). */
  private row = new Int8Array(0);
  private col = new Int8Array(0);
  private readonly times = new Float64Array(CAPACITY);
  private readonly pitches = new Float32Array(CAPACITY);
  private readonly voices = new Uint8Array(CAPACITY);
  private readonly velocities = new Float32Array(CAPACITY);
  private count = 0;
  private head = 0;
  private lastTime = -Infinity;
  /** The note lane's caption: what strikes the notes. */
  noteCaption = 'notes they strike';

  constructor(canvas: HTMLCanvasElement) {
    this.surface = new CanvasSurface(canvas);
  }

  setMuscles(names: readonly string[]): void {
    const where = names.map(muscleQuadrant);
    this.row = Int8Array.from(where, (w) => REGISTER_ORDER.length - 1 - REGISTER_ORDER.indexOf(w.quadrant));
    this.col = Int8Array.from(where, (w) => w.segment - 1);
  }

  /** Forgets the notes (a new performance). */
  clear(): void {
    this.count = this.head = 0;
    this.lastTime = -Infinity;
  }

  /** Takes the notes a state lists (states arrive in engine-time order; an earlier one means a seek). */
  collect(time: number, state: Float32Array, layout: WormStateLayout): void {
    if (time < this.lastTime) this.count = this.head = 0;
    this.lastTime = time;
    const n = Math.min(STATE_NOTES, state[WormStateLayout.NOTE_COUNT]!);
    for (let k = 0; k < n; k++) {
      const at = layout.notes + 3 * k;
      this.times[this.head] = time;
      this.pitches[this.head] = state[at]!;
      this.voices[this.head] = state[at + 1]!;
      this.velocities[this.head] = state[at + 2]!;
      this.head = (this.head + 1) % CAPACITY;
      if (this.count < CAPACITY) this.count++;
    }
  }

  draw(state: Float32Array | undefined, layout: WormStateLayout | undefined, time: number): void {
    const g = this.surface.begin();
    if (!g) return;
    const { width: W, height: H, dpr } = this.surface;
    g.fillStyle = '#0e1116';
    g.fillRect(0, 0, W, H);
    const top = 24 * dpr;
    const pad = 10 * dpr;
    const gridW = Math.min(W * 0.42, 340 * dpr);
    const gridX = 34 * dpr;
    const rowH = (H - top - pad) / 4;
    const cellW = (gridW - gridX) / 24;
    g.textBaseline = 'top';
    g.font = font(11, dpr);
    g.fillStyle = '#8b94a3';
    g.fillText('muscles · head ◂ ▸ tail', 10 * dpr, 6 * dpr);
    g.fillText(this.noteCaption, gridW + 18 * dpr, 6 * dpr);
    g.textBaseline = 'middle';
    g.font = font(10, dpr, 600);
    for (let r = 0; r < 4; r++) {
      const voice = REGISTER_ORDER.length - 1 - r;
      g.fillStyle = voiceColor(voice);
      g.fillText(REGISTER_ORDER[voice]!, 8 * dpr, top + (r + 0.5) * rowH);
    }
    if (state && layout) {
      for (let m = 0; m < this.row.length; m++) {
        const a = Math.min(1, Math.max(0, state[layout.muscles + m]!));
        const r = this.row[m]!;
        g.fillStyle = voiceColor(REGISTER_ORDER.length - 1 - r, a > 0.35);
        g.globalAlpha = 0.08 + 0.92 * a;
        g.fillRect(gridX + this.col[m]! * cellW + dpr, top + r * rowH + dpr, cellW - 2 * dpr, rowH - 2 * dpr);
      }
      g.globalAlpha = 1;
    }
    // The note lane: the last SECONDS up to the playhead at its right edge; pitch 24–103 (the mapper's range).
    const laneX = gridW + 18 * dpr;
    const laneW = W - laneX - pad;
    const low = 22;
    const high = 106;
    g.fillStyle = '#12161d';
    g.fillRect(laneX, top, laneW, H - top - pad);
    const first = (this.head - this.count + CAPACITY) % CAPACITY;
    for (let k = 0; k < this.count; k++) {
      const i = (first + k) % CAPACITY;
      const t = this.times[i]!;
      if (t > time || t < time - SECONDS) continue;
      const x = laneX + laneW * (1 - (time - t) / SECONDS);
      const y = top + (H - top - pad) * (1 - (this.pitches[i]! - low) / (high - low));
      const fresh = time - t < 0.15;
      g.fillStyle = voiceColor(this.voices[i]!, fresh);
      g.globalAlpha = 0.35 + 0.65 * this.velocities[i]!;
      g.beginPath();
      g.arc(x, y, (fresh ? 4.5 : 3) * dpr, 0, 2 * Math.PI);
      g.fill();
    }
    g.globalAlpha = 1;
  }
}
