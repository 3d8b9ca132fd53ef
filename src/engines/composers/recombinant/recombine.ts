/**
 * Recombinant composition after Cope (*Experiments in Musical Intelligence*, 1996; *Computer Models of Musical
 * Creativity*, 2005, ch. 4): the corpus melodies (transposed to a common tonic) are cut into segments of one or more
 * whole bars; each segment remembers its **destination** — the note and the bar rhythm that followed it in its
 * source. A new melody is a chain of segments in which each join continues plausibly:
 *
 * - pitch: the next segment starts on the previous segment's destination note (cost 0), else within a step of it
 *   (cost 1), else within a third (cost 2); farther joins are not allowed;
 * - rhythm: the next segment's first duration equals that of the bar that followed in the source (cost 0, else 1);
 * - the chain begins with a piece's opening segment and ends with a piece's closing segment (its last note on the
 *   tonic);
 * - a segment may not be followed by the bar that followed it in its source, nor by any segment with the same
 *   notes (that would be copying, not recombining); a segment from the same piece as the one before costs 0.5
 *   more; a segment is used at most once.
 *
 * Among the cheapest candidates one is drawn at random (seeded); when none is allowed the chain backtracks. Every
 * segment's source (file and bar) is listed.
 */
import { beatsPerBar, melodyFrom, type Melody, type Metre } from '../../../analysis/corpus/melody.js';
import type { CorpusMelody } from '../../../analysis/corpus/corpus.js';
import type { Random } from '../../../math/random.js';

/** A segment of the corpus. */
export interface Segment {
  /** The source melody's source (file path or built-in name) and title. */
  source: string;
  title?: string;
  /** First bar (1-based, counting the first full bar as 1). */
  bar: number;
  bars: number;
  pitches: number[];
  durations: number[];
  /** The note that followed in the source (undefined for the closing segment). */
  destination?: number;
  /** The first duration of the bar that followed in the source. */
  destinationDuration?: number;
  opening: boolean;
  closing: boolean;
  /** Index of the source melody in the corpus. */
  piece: number;
  /** Pitches and durations of this segment and of the one that followed it in the source, as comparable keys. */
  contentKey: string;
  nextKey?: string;
}

/** One join of the recombined melody. */
export interface Join {
  segment: Segment;
  /** How the segment joins the one before: 'start', 'destination', 'step', 'third'. */
  pitch: 'start' | 'destination' | 'step' | 'third';
  /** Whether the rhythm continues as in the source before it. */
  rhythm: boolean;
}

/** A recombined melody and its segments. */
export interface Recombination {
  melody: Melody;
  joins: Join[];
  /** Candidate chains abandoned (backtracks). */
  backtracks: number;
}

function contentKey(pitches: readonly number[], durations: readonly number[]): string {
  return pitches.map((p, i) => `${p}:${durations[i]}`).join(' ');
}

/** Cuts melodies into segments of `bars` whole bars in a metre; bars with a note across a bar line are skipped. */
export function segmentCorpus(melodies: readonly CorpusMelody[], metre: Metre, bars = 1): Segment[] {
  const bar = beatsPerBar(metre);
  const out: Segment[] = [];
  melodies.forEach((m, piece) => {
    if (Math.abs(beatsPerBar(m.metre) - bar) > 1e-9) return;
    const cells = new Map<number, { pitches: number[]; durations: number[]; ok: boolean }>();
    m.onsets.forEach((o, i) => {
      const t = o - m.anacrusis;
      if (t < -1e-9) return;
      const b = Math.floor(t / bar + 1e-9);
      const cell = cells.get(b) ?? { pitches: [], durations: [], ok: true };
      if (cell.pitches.length === 0 && Math.abs(t - b * bar) > 1e-9) cell.ok = false; // starts inside a held note
      if (t + m.durations[i]! > (b + 1) * bar + 1e-9) cell.ok = false;
      cell.pitches.push(m.pitches[i]!);
      cell.durations.push(m.durations[i]!);
      cells.set(b, cell);
    });
    const count = Math.max(-1, ...cells.keys()) + 1;
    for (let b = 0; b + bars <= count; b += bars) {
      const parts = Array.from({ length: bars }, (_, k) => cells.get(b + k));
      if (parts.some((c) => !c || !c.ok)) continue;
      const pitches = parts.flatMap((c) => c!.pitches);
      const durations = parts.flatMap((c) => c!.durations);
      const short = bar * bars - durations.reduce((a, d) => a + d, 0);
      // The last bar of a piece with a pickup is short by the pickup: its last note is held to fill it.
      if (b + bars === count && m.anacrusis > 0 && Math.abs(short - m.anacrusis) < 1e-9) durations[durations.length - 1]! += short;
      else if (Math.abs(short) > 1e-9) continue;
      const next = cells.get(b + bars);
      const after = Array.from({ length: bars }, (_, k) => cells.get(b + bars + k));
      const nextKey = after.every((c) => c && c.ok) ? contentKey(after.flatMap((c) => c!.pitches), after.flatMap((c) => c!.durations)) : undefined;
      const closing = b + bars === count && ((pitches[pitches.length - 1]! % 12) + 12) % 12 === 0;
      out.push({
        source: m.source,
        ...(m.title !== undefined ? { title: m.title } : {}),
        bar: b + 1,
        bars,
        pitches,
        durations,
        ...(next && next.pitches.length > 0 ? { destination: next.pitches[0]!, destinationDuration: next.durations[0]! } : {}),
        opening: b === 0,
        closing,
        piece,
        contentKey: contentKey(pitches, durations),
        ...(nextKey !== undefined ? { nextKey } : {}),
      });
    }
  });
  return out;
}

/** Options of {@link recombine}. */
export interface RecombineOptions {
  /** Segments in the chain (the melody has segments × segment bars bars). */
  segments: number;
  /** The metre the segments were cut in. */
  metre: Metre;
  /** Steps the chain may undo (default 5000). */
  backtrackBudget?: number;
}

function pitchJoin(from: Segment, to: Segment): Join['pitch'] | undefined {
  const dest = from.destination ?? from.pitches[from.pitches.length - 1]!;
  const d = Math.abs(to.pitches[0]! - dest);
  if (from.destination !== undefined && d === 0) return 'destination';
  if (d <= 2) return 'step';
  if (d <= 4) return 'third';
  return undefined;
}

const COST: Record<Join['pitch'], number> = { start: 0, destination: 0, step: 1, third: 2 };

/**
 * Recombines segments into a melody (see the module comment). Throws a RangeError when the corpus cannot make a
 * chain of this length.
 */
export function recombine(segments: readonly Segment[], random: Random, options: RecombineOptions): Recombination {
  const n = options.segments;
  if (!(n >= 2)) throw new RangeError(`a recombination of ${n} segments: give at least 2`);
  const openings = segments.filter((s) => s.opening);
  const closings = segments.filter((s) => s.closing);
  if (openings.length === 0 || closings.length === 0) throw new RangeError('the corpus has no opening or no closing segment in this metre: recombination needs whole pieces');
  const budget = options.backtrackBudget ?? 5000;
  let backtracks = 0;
  const chain: Join[] = [];
  const used = new Set<Segment>();
  const options2: Join[][] = [];
  const candidatesAfter = (prev: Segment | undefined, position: number): Join[] => {
    const pool = prev === undefined ? openings : position === n - 1 ? closings : segments.filter((s) => !s.opening || s.bar > 1);
    const joins: Array<Join & { cost: number; key: number }> = [];
    for (const s of pool) {
      if (used.has(s)) continue;
      if (prev === undefined) {
        joins.push({ segment: s, pitch: 'start', rhythm: true, cost: 0, key: random.next() });
        continue;
      }
      // The source's own continuation (or a segment with the same notes) would be copying, not recombining.
      if ((s.piece === prev.piece && s.bar === prev.bar + prev.bars) || s.contentKey === prev.nextKey) continue;
      const pitch = pitchJoin(prev, s);
      if (!pitch) continue;
      const rhythm = prev.destinationDuration === undefined || Math.abs(s.durations[0]! - prev.destinationDuration) < 1e-9;
      joins.push({ segment: s, pitch, rhythm, cost: COST[pitch] + (rhythm ? 0 : 1) + (s.piece === prev.piece ? 0.5 : 0), key: random.next() });
    }
    // Cheapest first, random among equals.
    joins.sort((a, b) => a.cost - b.cost || a.key - b.key);
    return joins.map(({ segment, pitch, rhythm }) => ({ segment, pitch, rhythm }));
  };
  options2.push(candidatesAfter(undefined, 0));
  while (chain.length < n) {
    const next = options2[chain.length]!.shift();
    if (next) {
      chain.push(next);
      used.add(next.segment);
      if (chain.length < n) options2.push(candidatesAfter(next.segment, chain.length));
      continue;
    }
    if (chain.length === 0 || backtracks >= budget) throw new RangeError(`no chain of ${n} segments joins plausibly in this corpus (${backtracks} backtracks); use fewer bars or a larger corpus`);
    backtracks++;
    options2.pop();
    used.delete(chain.pop()!.segment);
  }
  const melody = melodyFrom(
    chain.flatMap((j) => j.segment.pitches),
    chain.flatMap((j) => j.segment.durations),
    { metre: options.metre, source: 'recombinant' },
  );
  return { melody, joins: chain, backtracks };
}
