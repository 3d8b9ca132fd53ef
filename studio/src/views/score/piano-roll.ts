/**
 * A scrolling piano roll on a canvas: time runs right to left past a fixed playhead, pitch goes up, a keyboard on
 * the left lights the keys that sound, bar and beat lines come from the score's tempo map and time signatures.
 * Only the notes in the visible window are drawn (found by binary search over the onsets), so the cost of a
 * frame does not grow with the length of the piece.
 */
import { beatGrid, scoreEnd, pitchName, type NoteEvent, type Score } from 'neuromusic/score';
import { voiceColor } from './colors.js';
import { firstOnsetAtOrAfter } from '../../note-search.js';

/** Width of the keyboard strip, CSS pixels. */
const KEYBOARD_PX = 46;
/** Where the playhead sits, as a fraction of the roll's width. */
const PLAYHEAD_AT = 0.25;
const BLACK_KEYS = new Set([1, 3, 6, 8, 10]);

export interface RollRange {
  low: number;
  high: number;
}

/** The pitch rows to show: the score's range plus two semitones each side, at least two octaves. */
export function rollRange(notes: readonly NoteEvent[]): RollRange {
  if (notes.length === 0) return { low: 48, high: 72 };
  let low = 127;
  let high = 0;
  for (const n of notes) {
    low = Math.min(low, n.pitch);
    high = Math.max(high, n.pitch);
  }
  low = Math.max(0, low - 2);
  high = Math.min(127, high + 2);
  while (high - low < 24) {
    if (low > 0) low--;
    if (high < 127 && high - low < 24) high++;
  }
  return { low, high };
}

export class PianoRoll {
  /** Seconds visible across the roll (the wheel zooms between 2 and 40). */
  secondsVisible = 10;
  private notes: NoteEvent[] = [];
  private longest = 0;
  private range: RollRange = { low: 48, high: 72 };
  private beats: { time: number; downbeat: boolean }[] = [];
  private readonly sounding = new Int16Array(128);
  private width = 0;
  private height = 0;
  private dpr = 1;

  constructor(readonly canvas: HTMLCanvasElement) {}

  setScore(score: Score): void {
    this.notes = score.notes;
    this.longest = score.notes.reduce((m, n) => Math.max(m, n.duration), 0);
    this.range = rollRange(score.notes);
    this.beats = beatGrid(score.tempos, score.timeSignatures, scoreEnd(score) + 1);
  }

  /** Engine time under canvas x (CSS pixels), with the playhead at `time`. */
  timeAtX(x: number, time: number): number {
    const rollWidth = this.canvas.clientWidth - KEYBOARD_PX;
    return time + (x - KEYBOARD_PX - PLAYHEAD_AT * rollWidth) * (this.secondsVisible / rollWidth);
  }

  /** Matches the canvas's pixel size to its box. */
  private fit(): void {
    const dpr = window.devicePixelRatio || 1;
    const w = Math.round(this.canvas.clientWidth * dpr);
    const h = Math.round(this.canvas.clientHeight * dpr);
    if (w !== this.width || h !== this.height || dpr !== this.dpr) {
      this.canvas.width = this.width = w;
      this.canvas.height = this.height = h;
      this.dpr = dpr;
    }
  }

  draw(time: number): void {
    this.fit();
    const g = this.canvas.getContext('2d');
    if (!g || this.width === 0 || this.height === 0) return;
    const dpr = this.dpr;
    const W = this.width;
    const H = this.height;
    const x0 = KEYBOARD_PX * dpr;
    const rollW = W - x0;
    const pxPerSecond = rollW / this.secondsVisible;
    const playheadX = x0 + PLAYHEAD_AT * rollW;
    const tStart = time - (playheadX - x0) / pxPerSecond;
    const tEnd = tStart + this.secondsVisible;
    const { low, high } = this.range;
    const rowH = H / (high - low + 1);
    const xOf = (t: number): number => x0 + (t - tStart) * pxPerSecond;
    const yOf = (pitch: number): number => (high - pitch) * rowH;

    // Rows: black-key rows darker, a line under every C.
    g.fillStyle = '#161a21';
    g.fillRect(0, 0, W, H);
    g.fillStyle = '#12151b';
    for (let p = low; p <= high; p++) if (BLACK_KEYS.has(p % 12)) g.fillRect(x0, yOf(p), rollW, rowH);
    g.fillStyle = '#262c37';
    for (let p = low; p <= high; p++) if (p % 12 === 0) g.fillRect(x0, yOf(p) + rowH - dpr, rollW, dpr);

    // Beats and bars in view.
    let b = 0;
    while (b < this.beats.length && this.beats[b]!.time < tStart) b++;
    for (; b < this.beats.length && this.beats[b]!.time <= tEnd; b++) {
      const beat = this.beats[b]!;
      g.fillStyle = beat.downbeat ? '#343c4a' : '#1f242d';
      g.fillRect(Math.round(xOf(beat.time)), 0, beat.downbeat ? 2 * dpr : dpr, H);
    }

    // Notes in view; those under the playhead light up, and their keys with them.
    this.sounding.fill(-1);
    const notes = this.notes;
    const radius = Math.min(3 * dpr, rowH / 3);
    for (let i = firstOnsetAtOrAfter(notes, tStart - this.longest); i < notes.length; i++) {
      const n = notes[i]!;
      if (n.onset > tEnd) break;
      const end = n.onset + n.duration;
      if (end < tStart || n.pitch < low || n.pitch > high) continue;
      const on = n.onset <= time && time < end;
      if (on) this.sounding[n.pitch] = n.voice;
      const x = xOf(n.onset);
      const w = Math.max(2 * dpr, n.duration * pxPerSecond - dpr);
      const y = yOf(n.pitch) + 0.5;
      g.globalAlpha = on ? 1 : 0.35 + 0.55 * n.velocity;
      g.fillStyle = voiceColor(n.voice, on);
      g.beginPath();
      g.roundRect(x, y, w, Math.max(1, rowH - 1), radius);
      g.fill();
      if (on) {
        g.strokeStyle = '#ffffff';
        g.lineWidth = dpr;
        g.stroke();
      }
    }
    g.globalAlpha = 1;

    // What has been played is dimmed a little.
    g.fillStyle = 'rgba(10, 12, 16, 0.35)';
    g.fillRect(x0, 0, playheadX - x0, H);
    g.fillStyle = '#f2f5fa';
    g.fillRect(Math.round(playheadX - dpr), 0, 2 * dpr, H);

    this.drawKeyboard(g, x0, rowH, yOf);
  }

  private drawKeyboard(g: CanvasRenderingContext2D, width: number, rowH: number, yOf: (p: number) => number): void {
    const { low, high } = this.range;
    const dpr = this.dpr;
    g.fillStyle = '#0d0f13';
    g.fillRect(0, 0, width, this.height);
    for (let p = low; p <= high; p++) {
      const black = BLACK_KEYS.has(p % 12);
      const voice = this.sounding[p]!;
      g.fillStyle = voice >= 0 ? voiceColor(voice, true) : black ? '#2a2f38' : '#d9dde4';
      g.fillRect(0, yOf(p) + 0.5, black ? width * 0.62 : width - dpr, Math.max(1, rowH - 1));
    }
    if (rowH * 1.6 >= 9 * dpr) {
      g.fillStyle = '#3a4150';
      g.font = `${Math.round(Math.min(rowH * 1.4, 11 * dpr))}px system-ui, sans-serif`;
      g.textBaseline = 'bottom';
      for (let p = low; p <= high; p++) {
        if (p % 12 === 0 && this.sounding[p]! < 0) g.fillText(pitchName(p), width - 22 * dpr, yOf(p) + rowH);
      }
    }
  }
}
