/**
 * From performance time to metrical time: seconds become quarter-note beats through the score's tempo map (or a
 * tempo estimated from the onsets), and onsets and offsets snap to a grid chosen beat by beat — straight
 * subdivisions (1, 2, 4, 8 per quarter) or triplets (3, 6 per quarter), whichever fits the beat's onsets best after a
 * penalty for complexity (Cemgil, Desain & Kappen 2000 weigh the same trade-off between fit and grid complexity).
 * The result is in ticks of {@link DIVISIONS} per quarter note, with a report of what the snapping changed.
 */
import { secondsToBeats } from '../score/tempo.js';
import type { NoteEvent, Score, TempoChange } from '../score/types.js';

/** Ticks per quarter note: 32nd notes (3) and triplet sixteenths (4) are whole numbers of ticks. */
export const DIVISIONS = 24;

/** Subdivisions of a quarter note the grid may use, and their complexity penalties (triplets cost more). */
const GRIDS: ReadonlyArray<{ per: number; cost: number }> = [
  { per: 1, cost: 0 },
  { per: 2, cost: 1 },
  { per: 4, cost: 2 },
  { per: 3, cost: 2.5 },
  { per: 8, cost: 4 },
  { per: 6, cost: 4.5 },
];
/** Weight of a grid's complexity against the squared onset error (in quarter notes²). */
const COMPLEXITY_WEIGHT = 0.0015;

/** A note in metrical time: start and end in ticks, with the note it came from. */
export interface QuantizedNote {
  start: number;
  end: number;
  note: NoteEvent;
}

/** What quantisation changed, so a user can judge how faithful the notation is to the performance. */
export interface QuantizationReport {
  notes: number;
  /** Where the tempo came from. */
  tempoSource: 'given' | 'estimated';
  /** The tempo used when estimated (or the first given tempo), beats per minute. */
  bpm: number;
  /** Mean and largest |shift| of onsets, in milliseconds of the original timing. */
  meanOnsetShiftMs: number;
  maxOnsetShiftMs: number;
  /** Share of notes whose onset moved by more than 10 ms. */
  onsetsMovedShare: number;
  /** Mean |change| of durations, milliseconds. */
  meanDurationChangeMs: number;
  /** Notes lengthened to one grid step because they snapped to nothing. */
  lengthenedNotes: number;
  /** Quarter-note beats set in triplets, and all beats that hold an onset. */
  tripletBeats: number;
  beatsWithOnsets: number;
}

/** How to find the metrical time. */
export interface QuantizeOptions {
  /** 'given' uses the score's tempo map; 'estimate' finds one tempo from the onsets; 'auto' (default) estimates only
   * when the score has a single tempo under which the onsets fit no grid. */
  tempo?: 'auto' | 'given' | 'estimate';
}

/** The metrical frame chosen for a score: the map from seconds to quarter notes and back. */
export interface MetricalFrame {
  /** Quarter notes at a time in seconds. */
  toBeats: (seconds: number) => number;
  /** The tempo map in quarter-note positions (for tempo marks). */
  tempoMarks: Array<{ beat: number; bpm: number }>;
  source: 'given' | 'estimated';
}

/**
 * The tempo of a performance with no usable tempo map: a 100 Hz onset-strength train (velocity-weighted, smoothed
 * 20 ms) is autocorrelated and the lag is chosen under a log-normal preference centred on 100 bpm (one octave wide),
 * as in Ellis (2007), "Beat tracking by dynamic programming"; the phase is the offset whose beats collect most onset
 * strength.
 */
export function estimateTempo(notes: readonly Pick<NoteEvent, 'onset' | 'velocity'>[]): { bpm: number; phase: number } {
  if (notes.length < 4) return { bpm: 120, phase: notes[0]?.onset ?? 0 };
  const rate = 100;
  const last = Math.max(...notes.map((n) => n.onset));
  const frames = Math.ceil(last * rate) + 20;
  const x = new Float64Array(frames);
  for (const n of notes) {
    const c = n.onset * rate;
    for (let k = -4; k <= 4; k++) {
      const f = Math.round(c) + k;
      if (f >= 0 && f < frames) x[f]! += (0.2 + n.velocity) * Math.exp(-0.5 * ((f - c) / 2) ** 2);
    }
  }
  let best = { score: -Infinity, lag: 50 };
  const minLag = Math.floor((60 / 220) * rate);
  const maxLag = Math.min(Math.ceil((60 / 40) * rate), frames - 2);
  const ac = (lag: number): number => {
    let s = 0;
    for (let i = lag; i < frames; i++) s += x[i]! * x[i - lag]!;
    return s / (frames - lag);
  };
  for (let lag = minLag; lag <= maxLag; lag++) {
    const bpm = (60 * rate) / lag;
    const w = Math.exp(-0.5 * Math.log2(bpm / 100) ** 2);
    const s = ac(lag) * w;
    if (s > best.score) best = { score: s, lag };
  }
  // The peak to a fraction of a frame, by a parabola through the autocorrelation at the lag and its neighbours
  // (a 10 ms lag step alone would let a long piece drift by whole beats).
  const [a, b, c] = [ac(best.lag - 1), ac(best.lag), ac(best.lag + 1)];
  const curvature = a - 2 * b + c;
  const delta = curvature < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / curvature)) : 0;
  const period = (best.lag + delta) / rate;
  let phase = 0;
  let phaseScore = -Infinity;
  for (let p = 0; p < best.lag; p++) {
    let s = 0;
    for (let i = p; i < frames; i += period * rate) s += x[Math.round(i)] ?? 0;
    if (s > phaseScore) { phaseScore = s; phase = p / rate; }
  }
  return { bpm: 60 / period, phase };
}

/** Mean squared distance of onsets (in quarters) to the best grid of each beat, per onset. */
function gridMisfit(beats: readonly number[]): number {
  if (beats.length === 0) return 0;
  let total = 0;
  for (const b of beats) {
    const frac = b - Math.floor(b);
    let e = Infinity;
    for (const per of [4, 3]) e = Math.min(e, (Math.round(frac * per) / per - frac) ** 2);
    total += e;
  }
  return total / beats.length;
}

/** Chooses the metrical frame of a score. */
export function metricalFrame(score: Pick<Score, 'notes' | 'tempos'>, options: QuantizeOptions = {}): MetricalFrame {
  const mode = options.tempo ?? 'auto';
  const tempos: TempoChange[] = score.tempos.length ? [...score.tempos].sort((a, b) => a.time - b.time) : [{ time: 0, bpm: 120 }];
  const given: MetricalFrame = {
    toBeats: (s) => secondsToBeats(tempos, s),
    tempoMarks: tempos.map((t) => ({ beat: secondsToBeats(tempos, t.time), bpm: t.bpm })),
    source: 'given',
  };
  if (mode === 'given') return given;
  if (mode === 'auto') {
    if (score.tempos.length > 1) return given;
    const misfit = gridMisfit(score.notes.map((n) => given.toBeats(n.onset)));
    // Random onsets give ~0.0035; a performance of a quantised score at its own tempo stays far below.
    if (misfit < 0.0012) return given;
  }
  const { bpm, phase } = estimateTempo(score.notes);
  const period = 60 / bpm;
  const lead = Math.ceil(phase / period - 1e-9); // beats before the phase, so nothing starts before 0
  const estimated: MetricalFrame = {
    toBeats: (s) => (s - phase) / period + lead,
    tempoMarks: [{ beat: 0, bpm }],
    source: 'estimated',
  };
  if (mode === 'estimate') return estimated;
  const misfitEstimated = gridMisfit(score.notes.map((n) => estimated.toBeats(n.onset)));
  const misfitGiven = gridMisfit(score.notes.map((n) => given.toBeats(n.onset)));
  return misfitEstimated < 0.75 * misfitGiven ? estimated : given;
}

/**
 * Quantises every note of a score to the beat-wise grid. Returns notes in ticks (sorted as the input), the grid
 * subdivision chosen for each quarter-note beat, and the report.
 */
export function quantizeScore(score: Pick<Score, 'notes' | 'tempos'>, frame: MetricalFrame): {
  notes: QuantizedNote[];
  beatGrid: Map<number, number>;
  report: QuantizationReport;
} {
  const onsetBeats = score.notes.map((n) => Math.max(0, frame.toBeats(n.onset)));
  const offsetBeats = score.notes.map((n) => Math.max(0, frame.toBeats(n.onset + n.duration)));
  // Group onsets by the beat they fall in (an onset just before a beat belongs to the beat it rounds to).
  const byBeat = new Map<number, number[]>();
  for (const b of onsetBeats) {
    const k = Math.floor(b + 1 / 16);
    let list = byBeat.get(k);
    if (!list) byBeat.set(k, (list = []));
    list.push(b - k);
  }
  const beatGrid = new Map<number, number>();
  for (const [k, fracs] of byBeat) {
    let best = { per: 1, cost: Infinity };
    for (const g of GRIDS) {
      let err = 0;
      for (const f of fracs) err += (Math.round(f * g.per) / g.per - f) ** 2;
      const cost = err + COMPLEXITY_WEIGHT * g.cost;
      if (cost < best.cost - 1e-12) best = { per: g.per, cost };
    }
    beatGrid.set(k, best.per);
  }
  // Onsets snap to their beat's grid; offsets to their beat's grid too, but never coarser than sixteenths in a
  // straight beat (a beat with one onset on its downbeat still holds a staccato eighth).
  const gridOf = (k: number): number => {
    const g = beatGrid.get(k) ?? 4;
    return g % 3 === 0 ? g : Math.max(g, 4);
  };
  const snap = (b: number, onset: boolean): number => {
    const k = onset ? Math.floor(b + 1 / 16) : Math.floor(b);
    const per = onset ? beatGrid.get(k) ?? 4 : gridOf(k);
    return Math.round((k + Math.round((b - k) * per) / per) * DIVISIONS);
  };
  const notes: QuantizedNote[] = [];
  let shiftSum = 0;
  let shiftMax = 0;
  let moved = 0;
  let durSum = 0;
  let lengthened = 0;
  score.notes.forEach((n, i) => {
    const start = snap(onsetBeats[i]!, true);
    let end = snap(offsetBeats[i]!, false);
    if (end <= start) {
      end = start + DIVISIONS / gridOf(Math.floor(start / DIVISIONS));
      lengthened++;
    }
    notes.push({ start, end, note: n });
    // Shifts measured in seconds through the local beat length.
    const secondsPerBeat = n.duration > 0 && offsetBeats[i]! > onsetBeats[i]! ? n.duration / (offsetBeats[i]! - onsetBeats[i]!) : 0.5;
    const shift = Math.abs(start / DIVISIONS - onsetBeats[i]!) * secondsPerBeat * 1000;
    shiftSum += shift;
    shiftMax = Math.max(shiftMax, shift);
    if (shift > 10) moved++;
    durSum += Math.abs((end - start) / DIVISIONS - (offsetBeats[i]! - onsetBeats[i]!)) * secondsPerBeat * 1000;
  });
  let triplets = 0;
  for (const per of beatGrid.values()) if (per % 3 === 0) triplets++;
  const count = Math.max(1, score.notes.length);
  return {
    notes,
    beatGrid,
    report: {
      notes: score.notes.length,
      tempoSource: frame.source,
      bpm: +(frame.tempoMarks[0]?.bpm ?? 120).toFixed(2),
      meanOnsetShiftMs: +(shiftSum / count).toFixed(2),
      maxOnsetShiftMs: +shiftMax.toFixed(2),
      onsetsMovedShare: +(moved / count).toFixed(4),
      meanDurationChangeMs: +(durSum / count).toFixed(2),
      lengthenedNotes: lengthened,
      tripletBeats: triplets,
      beatsWithOnsets: beatGrid.size,
    },
  };
}
