/**
 * From a `Score` in seconds to a notated score: measures under the time signature, parts and staves (a part that
 * spans both clefs becomes a piano grand staff, split at middle C), up to two voices per staff, notes and chords
 * cut at bar lines and beats into notated values tied together, rests, triplets, beams, pitch spelling in the key
 * found for the piece, tempo and dynamic marks. The MusicXML and LilyPond writers both print this one model.
 */
import type { Score } from '../score/types.js';
import { parseKey } from '../score/scales.js';
import { findKey, keyFifths } from './key.js';
import { spellPitches, spellWith, type SpelledPitch } from './spell.js';
import { DIVISIONS, metricalFrame, quantizeScore, type QuantizationReport, type QuantizeOptions } from './quantize.js';

/** Note values the notation uses. */
export type NoteType = 'breve' | 'whole' | 'half' | 'quarter' | 'eighth' | '16th' | '32nd';
/** A beam's state at one note, for one beam level. */
export type BeamValue = 'begin' | 'continue' | 'end' | 'forward hook' | 'backward hook';
/** Dynamic marks, softest first. */
export const DYNAMIC_MARKS = ['ppp', 'pp', 'p', 'mp', 'mf', 'f', 'ff', 'fff'] as const;
export type DynamicMark = (typeof DYNAMIC_MARKS)[number];
/** MIDI velocities the marks stand for (MuseScore's defaults). */
export const DYNAMIC_VELOCITY: Record<DynamicMark, number> = { ppp: 16, pp: 33, p: 49, mp: 64, mf: 80, f: 96, ff: 112, fff: 126 };

export interface NotatedPitch extends SpelledPitch {
  midi: number;
}

/** One printed event of one voice: a note or chord, a rest, or invisible space (secondary voices). */
export interface NotatedEvent {
  kind: 'note' | 'rest' | 'space';
  /** Ticks from the start of the measure, and length in ticks ({@link DIVISIONS} per quarter). */
  offset: number;
  duration: number;
  pitches: NotatedPitch[];
  /** Absent for a whole-measure rest. */
  type?: NoteType;
  dots: number;
  tuplet?: { actual: 3; normal: 2; start: boolean; stop: boolean };
  tieStart: boolean;
  tieStop: boolean;
  /** Loudness 0–1 of a note. */
  velocity?: number;
  /** Beam states, level 1 first (eighths), when beamed. */
  beams: BeamValue[];
  measureRest?: boolean;
}

export interface NotatedVoice {
  /** Voice number as MusicXML counts it (1, 2 on the upper staff; 5, 6 on the lower). */
  number: number;
  staff: number;
  events: NotatedEvent[];
}

export interface NotatedMeasure {
  voices: NotatedVoice[];
  /** A dynamic mark at the start of the measure. */
  dynamic?: DynamicMark;
}

export type Clef = 'treble' | 'bass';

export interface NotatedPart {
  id: string;
  name: string;
  staves: 1 | 2;
  clefs: Clef[];
  /** MIDI channel 0–15 of the part. */
  channel: number;
  measures: NotatedMeasure[];
}

/** A measure's place and metre, shared by all parts. */
export interface MeasureFrame {
  number: number;
  start: number;
  length: number;
  numerator: number;
  denominator: number;
  /** Whether the time signature is printed here (first measure or a change). */
  showTime: boolean;
  /**
   * Tempo changes in the measure. `shown` marks get a printed metronome mark; the others (a drifting tempo map)
   * still sound, so the notation plays in time, without a mark on every beat.
   */
  tempos: Array<{ offset: number; bpm: number; shown: boolean }>;
}

/** What the notation changed beyond quantisation. */
export interface NotationReport extends QuantizationReport {
  /** Notes cut short because more voices overlapped than a staff holds, or merged into a chord. */
  voiceClippedNotes: number;
  /** Notes dropped as exact duplicates (same part, pitch and quantised onset). */
  duplicateNotes: number;
  /** The key used and how it was chosen. */
  key: string;
  keySource: 'given' | 'found';
  measures: number;
}

export interface NotatedScore {
  title?: string;
  composer?: string;
  source?: string;
  divisions: number;
  key: { fifths: number; mode: 'major' | 'minor' };
  measures: MeasureFrame[];
  parts: NotatedPart[];
  report: NotationReport;
}

/** Options of {@link notateScore}. */
export interface NotationOptions extends QuantizeOptions {
  /** Overrides the time signature of the score, e.g. [3, 4]. */
  timeSignature?: [number, number];
  /** Overrides the key ("Db major", "C# minor"); otherwise the score's own, or the key found by Krumhansl–Schmuckler. */
  key?: string;
  /**
   * How the score's voices become parts: 'parts' gives each voice its own part; 'piano' puts them all on one grand
   * staff (two voices: the higher on the upper staff, as two hands; more: split at middle C); 'auto' (default) is
   * 'piano' for two to four voices without drums (MIDI channel 10), else 'parts'.
   */
  staves?: 'auto' | 'parts' | 'piano';
  /** Most voices on a staff (1–4, default 2). */
  maxVoicesPerStaff?: number;
  title?: string;
  composer?: string;
}

const BINARY: ReadonlyArray<[number, NoteType, number]> = [
  [192, 'breve', 0],
  [144, 'whole', 1],
  [96, 'whole', 0],
  [72, 'half', 1],
  [48, 'half', 0],
  [36, 'quarter', 1],
  [24, 'quarter', 0],
  [18, 'eighth', 1],
  [12, 'eighth', 0],
  [9, '16th', 1],
  [6, '16th', 0],
  [3, '32nd', 0],
];
const TRIPLET: ReadonlyArray<[number, NoteType, number]> = [
  [16, 'quarter', 0],
  [12, 'eighth', 1],
  [8, 'eighth', 0],
  [4, '16th', 0],
];
const BEAM_LEVEL: Partial<Record<NoteType, number>> = { eighth: 1, '16th': 2, '32nd': 3 };

/** Ticks of the beat a metre groups by: a dotted quarter in compound metres (6/8, 9/8, 12/8), else the denominator. */
export function beatTicks(numerator: number, denominator: number): number {
  const unit = (4 / denominator) * DIVISIONS;
  return denominator >= 8 && numerator % 3 === 0 && numerator > 3 ? unit * 3 : unit;
}

/** Words that name an instrument other than a keyboard, in part and track names. */
const INSTRUMENT_WORDS = /\b(violin|viola|cello|violoncello|contrabass|double bass|flute|piccolo|oboe|clarinet|bassoon|horn|trumpet|trombone|tuba|sax\w*|guitar|harp|soprano|alto|tenor voice|baritone|voice|vocals?|strings|drums?|percussion|organ|melody|melodist|drummer)\b/i;

interface Piece {
  offset: number;
  duration: number;
  type: NoteType;
  dots: number;
  triplet: boolean;
}

/** Cuts a span of a measure into notated values: at beats when it starts off the beat, triplet beats in triplets. */
function cutSpan(offset: number, duration: number, measureStart: number, beat: number, isTripletBeat: (quarter: number) => boolean): Piece[] {
  const out: Piece[] = [];
  let o = offset;
  let d = duration;
  while (d > 0) {
    const abs = measureStart + o;
    const quarter = Math.floor(abs / DIVISIONS);
    if (isTripletBeat(quarter)) {
      const rel = abs - quarter * DIVISIONS;
      const room = Math.min(d, DIVISIONS - rel);
      if (rel === 0 && room === DIVISIONS) {
        out.push({ offset: o, duration: DIVISIONS, type: 'quarter', dots: 0, triplet: false });
        o += DIVISIONS;
        d -= DIVISIONS;
        continue;
      }
      const pick = TRIPLET.find(([v, , dots]) => v <= room && rel % 4 === 0 && (dots === 0 || rel % 8 === 0));
      if (pick) {
        out.push({ offset: o, duration: pick[0], type: pick[1], dots: pick[2], triplet: true });
        o += pick[0];
        d -= pick[0];
        continue;
      }
    }
    // Straight time; stop at the next triplet beat, and at the next beat when starting off it.
    let limit = d;
    for (let q = quarter + 1; q * DIVISIONS < abs + limit; q++) {
      if (isTripletBeat(q)) {
        limit = q * DIVISIONS - abs;
        break;
      }
    }
    if (o % beat !== 0) limit = Math.min(limit, (Math.floor(o / beat) + 1) * beat - o);
    const pick = BINARY.find(([v, , dots]) => {
      if (v > limit) return false;
      const unit = dots ? (v / 3) * 2 : v;
      return o % Math.min(dots ? 2 * unit : unit, beat) === 0;
    });
    const [v, type, dots] = pick ?? [Math.min(limit, d), '32nd' as NoteType, 0];
    out.push({ offset: o, duration: v, type, dots, triplet: false });
    o += v;
    d -= v;
  }
  return out;
}

function binOf(velocity: number): DynamicMark {
  const v = velocity * 127;
  let best: DynamicMark = 'mf';
  for (const m of DYNAMIC_MARKS) if (Math.abs(DYNAMIC_VELOCITY[m] - v) < Math.abs(DYNAMIC_VELOCITY[best] - v)) best = m;
  return best;
}

interface Chord {
  start: number;
  end: number;
  pitches: NotatedPitch[];
  velocity: number;
}

/** Assigns chords (sorted by start, upper first) to at most `max` voices; counts notes clipped. */
function assignVoices(chords: Chord[], max: number): { voices: Chord[][]; clipped: number } {
  const voices: Chord[][] = [];
  let clipped = 0;
  for (const c of chords) {
    let placed = false;
    for (const v of voices) {
      const last = v[v.length - 1]!;
      if (last.end <= c.start) {
        v.push(c);
        placed = true;
        break;
      }
    }
    if (placed) continue;
    if (voices.length < max) {
      voices.push([c]);
      continue;
    }
    // No voice is free: join a chord starting together, or cut the first voice's last chord short.
    const v0 = voices[0]!;
    const last = v0[v0.length - 1]!;
    if (last.start === c.start) {
      for (const p of c.pitches) if (!last.pitches.some((q) => q.midi === p.midi)) last.pitches.push(p);
      last.pitches.sort((a, b) => a.midi - b.midi);
      clipped += c.pitches.length;
    } else {
      last.end = c.start;
      clipped += last.pitches.length;
      v0.push(c);
    }
  }
  return { voices, clipped };
}

/**
 * Turns a score into notation. Deterministic: the same score and options give the same notation.
 * @example
 * const notation = notateScore(bachPreludeInC());
 * notation.measures.length; // → 35
 */
export function notateScore(score: Score, options: NotationOptions = {}): NotatedScore {
  const frame = metricalFrame(score, options);
  const q = quantizeScore(score, frame);
  const isTripletBeat = (quarter: number): boolean => (q.beatGrid.get(quarter) ?? 1) % 3 === 0;

  // Duplicates (same part, pitch and start) keep the longer; overlapping repeats of a pitch end at the next onset.
  const byKey = new Map<string, (typeof q.notes)[number]>();
  let duplicates = 0;
  for (const n of q.notes) {
    const key = `${n.note.voice}:${n.note.pitch}:${n.start}`;
    const seen = byKey.get(key);
    if (seen) {
      duplicates++;
      if (n.end > seen.end) seen.end = n.end;
    } else byKey.set(key, { ...n });
  }
  const qnotes = [...byKey.values()].sort((a, b) => a.start - b.start || a.note.pitch - b.note.pitch || a.note.voice - b.note.voice);
  const lastByPitch = new Map<string, (typeof qnotes)[number]>();
  for (const n of qnotes) {
    const key = `${n.note.voice}:${n.note.pitch}`;
    const prev = lastByPitch.get(key);
    if (prev && prev.end > n.start) prev.end = n.start;
    lastByPitch.set(key, n);
  }

  // Key: given, the score's own, or found.
  let key: { tonic: number; mode: 'major' | 'minor' } | undefined;
  let keySource: 'given' | 'found' = 'given';
  for (const text of [options.key, score.meta.key]) {
    if (key || !text) continue;
    try {
      const k = parseKey(text);
      if (k.scale === 'major' || k.scale === 'ionian') key = { tonic: k.tonic, mode: 'major' };
      else if (k.scale === 'minor' || k.scale === 'aeolian' || k.scale === 'natural minor' || k.scale === 'harmonic minor') key = { tonic: k.tonic, mode: 'minor' };
    } catch {
      // An unreadable key in the metadata falls back to key finding.
    }
  }
  if (!key) {
    key = findKey(score.notes);
    keySource = 'found';
  }
  const fifths = keyFifths(key);

  // Spelling over all parts together, in metrical time.
  const tpcs = spellPitches(
    qnotes.map((n) => ({ onset: n.start / DIVISIONS, duration: (n.end - n.start) / DIVISIONS, pitch: n.note.pitch })),
    { fifths },
  );
  const spelled = qnotes.map((n, i) => ({ ...n, pitch: { midi: n.note.pitch, ...spellWith(n.note.pitch, tpcs[i]!) } }));

  // Measures.
  const end = Math.max(DIVISIONS, ...qnotes.map((n) => n.end));
  const sigs = options.timeSignature
    ? [{ start: 0, numerator: options.timeSignature[0], denominator: options.timeSignature[1] }]
    : (score.timeSignatures.length ? [...score.timeSignatures].sort((a, b) => a.time - b.time) : [{ time: 0, numerator: 4, denominator: 4 }]).map((s) => ({
        start: Math.round(Math.max(0, frame.toBeats(s.time)) * DIVISIONS),
        numerator: s.numerator,
        denominator: s.denominator,
      }));
  const measures: MeasureFrame[] = [];
  let t = 0;
  let sigIndex = 0;
  let shown = '';
  while (t < end || measures.length === 0) {
    while (sigIndex + 1 < sigs.length && sigs[sigIndex + 1]!.start <= t + 1e-9) sigIndex++;
    const s = sigs[sigIndex]!;
    let length = Math.round(s.numerator * (4 / s.denominator) * DIVISIONS);
    // A change that falls inside this measure starts the next one early (an incomplete measure is still valid).
    const next = sigs[sigIndex + 1];
    if (next && next.start > t && next.start < t + length) length = next.start - t;
    const sig = `${s.numerator}/${s.denominator}`;
    measures.push({ number: measures.length + 1, start: t, length, numerator: s.numerator, denominator: s.denominator, showTime: sig !== shown, tempos: [] });
    shown = sig;
    t += length;
  }
  const measureAt = (tick: number): number => {
    let lo = 0;
    let hi = measures.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (measures[mid]!.start <= tick) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  // Tempo marks on sixteenths, one per position, only where the tempo changes.
  let lastBpm = NaN;
  for (const mark of frame.tempoMarks) {
    const tick = Math.round((mark.beat * DIVISIONS) / 6) * 6;
    if (tick >= t) continue;
    const m = measures[measureAt(tick)]!;
    const bpm = +mark.bpm.toFixed(6);
    const same = m.tempos.find((x) => x.offset === tick - m.start);
    if (same) same.bpm = bpm;
    else if (bpm !== lastBpm) m.tempos.push({ offset: tick - m.start, bpm, shown: false });
    lastBpm = bpm;
  }
  // A mark is printed at the start, and where the tempo has moved 4 % or more from the last printed one.
  let lastShown = NaN;
  for (const m of measures) {
    for (const tm of m.tempos) {
      if (!(Math.abs(tm.bpm - lastShown) < 0.04 * lastShown)) {
        tm.shown = true;
        lastShown = tm.bpm;
      }
    }
  }

  // Parts.
  const voiceIds = [...new Set(spelled.map((n) => n.note.voice))].sort((a, b) => a - b);
  if (voiceIds.length === 0) voiceIds.push(0);
  const drums = spelled.some((n) => n.note.channel === 9);
  // Voices named after different instruments are different parts; unnamed voices, hands and tracks are one piano.
  const instruments = new Set(
    voiceIds.map((v) => INSTRUMENT_WORDS.exec(score.meta.voiceNames?.[v] ?? '')?.[0]?.toLowerCase()).filter((w): w is string => w !== undefined),
  );
  const piano = options.staves === 'piano' || ((options.staves ?? 'auto') === 'auto' && voiceIds.length >= 2 && voiceIds.length <= 4 && !drums && instruments.size <= 1);
  // Voices on a piano keep to one staff each, like hands: a voice goes to the upper staff when its mean pitch is
  // nearer the highest voice's than the lowest voice's.
  const meanPitch = (v: number): number => {
    const ps = spelled.filter((n) => n.note.voice === v);
    return ps.reduce((a, n) => a + n.note.pitch, 0) / Math.max(1, ps.length);
  };
  let upperVoices: Set<number> | undefined;
  if (piano && voiceIds.length >= 2) {
    const means = new Map(voiceIds.map((v) => [v, meanPitch(v)]));
    const top = Math.max(...means.values());
    const bottom = Math.min(...means.values());
    upperVoices = new Set(voiceIds.filter((v) => top - means.get(v)! < means.get(v)! - bottom || means.get(v) === top));
  }
  const groups: number[][] = piano ? [voiceIds] : voiceIds.map((v) => [v]);
  const varied = new Set(score.notes.map((n) => Math.round(n.velocity * 127))).size > 1;
  const maxVoices = Math.max(1, Math.min(4, options.maxVoicesPerStaff ?? 2));
  let clipped = 0;
  const medianOf = (ns: typeof spelled): number => {
    const ps = ns.map((n) => n.note.pitch).sort((a, b) => a - b);
    return ps[ps.length >> 1] ?? 60;
  };
  const parts: NotatedPart[] = groups.map((members, partIndex) => {
    const voice = members[0]!;
    const notes = spelled.filter((n) => members.includes(n.note.voice));
    const pitches = notes.map((n) => n.note.pitch).sort((a, b) => a - b);
    const lo = pitches[0] ?? 60;
    const hi = pitches[pitches.length - 1] ?? 60;
    const grand = piano || (lo < 55 && hi > 64);
    const onUpper = (n: (typeof spelled)[number]): boolean => (upperVoices ? upperVoices.has(n.note.voice) : n.note.pitch >= 60);
    const clefs: Clef[] = grand
      ? upperVoices
        ? [medianOf(notes.filter(onUpper)) >= 55 ? 'treble' : 'bass', medianOf(notes.filter((n) => !onUpper(n))) >= 62 ? 'treble' : 'bass']
        : ['treble', 'bass']
      : [medianOf(notes) >= 57 ? 'treble' : 'bass'];
    const measureVoices: NotatedVoice[][] = measures.map(() => []);
    for (let staff = 1; staff <= clefs.length; staff++) {
      const mine = notes.filter((n) => !grand || (staff === 1) === onUpper(n));
      // Chords: notes that start and end together.
      const chordMap = new Map<string, Chord>();
      for (const n of mine) {
        const k = `${n.start}:${n.end}`;
        const c = chordMap.get(k);
        if (c) {
          c.pitches.push(n.pitch);
          c.velocity = Math.max(c.velocity, n.note.velocity);
        } else chordMap.set(k, { start: n.start, end: n.end, pitches: [n.pitch], velocity: n.note.velocity });
      }
      const chords = [...chordMap.values()].sort((a, b) => a.start - b.start || b.pitches[b.pitches.length - 1]!.midi - a.pitches[a.pitches.length - 1]!.midi);
      for (const c of chords) c.pitches.sort((a, b) => a.midi - b.midi);
      const assigned = assignVoices(chords, maxVoices);
      clipped += assigned.clipped;
      const voiceLists = assigned.voices.length ? assigned.voices : [[]];
      voiceLists.forEach((list, vi) => {
        const number = (staff - 1) * 4 + vi + 1;
        // Fill the timeline: chords and gaps.
        const spans: Array<{ start: number; end: number; chord?: Chord }> = [];
        let cursor = 0;
        for (const c of list) {
          if (c.end <= c.start) continue;
          if (c.start > cursor) spans.push({ start: cursor, end: c.start });
          spans.push({ start: c.start, end: c.end, chord: c });
          cursor = c.end;
        }
        if (cursor < t) spans.push({ start: cursor, end: t });
        const perMeasure: NotatedEvent[][] = measures.map(() => []);
        for (const span of spans) {
          let s = span.start;
          while (s < span.end) {
            const mi = measureAt(s);
            const m = measures[mi]!;
            const e = Math.min(span.end, m.start + m.length);
            const pieces = cutSpan(s - m.start, e - s, m.start, beatTicks(m.numerator, m.denominator), isTripletBeat);
            pieces.forEach((p, pi) => {
              const first = s === span.start && pi === 0;
              const last = e === span.end && pi === pieces.length - 1;
              perMeasure[mi]!.push({
                kind: span.chord ? 'note' : vi === 0 ? 'rest' : 'space',
                offset: p.offset,
                duration: p.duration,
                pitches: span.chord ? span.chord.pitches : [],
                type: p.type,
                dots: p.dots,
                ...(p.triplet ? { tuplet: { actual: 3 as const, normal: 2 as const, start: false, stop: false } } : {}),
                tieStart: Boolean(span.chord) && !last,
                tieStop: Boolean(span.chord) && !first,
                ...(span.chord ? { velocity: span.chord.velocity } : {}),
                beams: [],
              });
            });
            s = e;
          }
        }
        perMeasure.forEach((events, mi) => {
          const m = measures[mi]!;
          if (events.every((e) => e.kind !== 'note')) {
            if (vi > 0) return; // an empty secondary voice is left out of the measure
            measureVoices[mi]!.push({ number, staff, events: [{ kind: 'rest', offset: 0, duration: m.length, pitches: [], dots: 0, tieStart: false, tieStop: false, beams: [], measureRest: true }] });
            return;
          }
          markTuplets(events);
          markBeams(events, beatTicks(m.numerator, m.denominator));
          measureVoices[mi]!.push({ number, staff, events });
        });
      });
    }
    const partMeasures: NotatedMeasure[] = measureVoices.map((voices) => ({ voices }));
    if (varied) {
      // From the written notes (a chord prints one velocity), so that reading the notation back marks the same.
      let current: DynamicMark | undefined;
      partMeasures.forEach((pm) => {
        let sum = 0;
        let count = 0;
        for (const v of pm.voices) for (const e of v.events) if (e.kind === 'note' && !e.tieStop) { sum += (e.velocity ?? 0) * e.pitches.length; count += e.pitches.length; }
        if (!count) return;
        const mark = binOf(sum / count);
        if (mark !== current) {
          pm.dynamic = mark;
          current = mark;
        }
      });
    }
    const channel = notes[0]?.note.channel ?? Math.min(partIndex, 15);
    return {
      id: `P${partIndex + 1}`,
      name: piano ? pianoName(score.meta.voiceNames?.[voice]) : score.meta.voiceNames?.[voice] ?? `Part ${partIndex + 1}`,
      staves: grand ? 2 : 1,
      clefs,
      channel,
      measures: partMeasures,
    };
  });

  const tonicName = spellWith(60 + key.tonic, fifths + (key.mode === 'major' ? 0 : 3));
  return {
    ...(options.title ?? score.meta.title ? { title: options.title ?? score.meta.title } : {}),
    ...(options.composer ?? score.meta.composer ? { composer: options.composer ?? score.meta.composer } : {}),
    ...(score.meta.source ? { source: score.meta.source } : {}),
    divisions: DIVISIONS,
    key: { fifths, mode: key.mode },
    measures,
    parts,
    report: {
      ...q.report,
      duplicateNotes: duplicates,
      voiceClippedNotes: clipped,
      key: `${tonicName.step}${tonicName.alter > 0 ? '#'.repeat(tonicName.alter) : 'b'.repeat(-tonicName.alter)} ${key.mode}`,
      keySource,
      measures: measures.length,
    },
  };
}

/** The name of a piano part: a part name read back from MusicXML ("Piano upper" → "Piano"), else "Piano". */
function pianoName(first: string | undefined): string {
  const m = first ? /^(.*) (upper|lower)$/.exec(first) : null;
  return m ? m[1]! : 'Piano';
}

/** Tuplet brackets: the triplet events of one quarter beat form one bracket. */
function markTuplets(events: NotatedEvent[]): void {
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (!e.tuplet) continue;
    const prev = events[i - 1];
    const next = events[i + 1];
    const beat = Math.floor(e.offset / DIVISIONS);
    e.tuplet.start = !prev?.tuplet || Math.floor(prev.offset / DIVISIONS) !== beat;
    e.tuplet.stop = !next?.tuplet || Math.floor(next.offset / DIVISIONS) !== beat;
  }
}

/** Beams: eighths and shorter notes within one beat (one quarter in triplets) are beamed, level by level. */
function markBeams(events: NotatedEvent[], beat: number): void {
  const level = (e: NotatedEvent): number => (e.kind === 'note' && e.type ? BEAM_LEVEL[e.type] ?? 0 : 0);
  const group = (e: NotatedEvent): number => (e.tuplet ? Math.floor(e.offset / DIVISIONS) * 1000 : Math.floor(e.offset / beat));
  let i = 0;
  while (i < events.length) {
    if (level(events[i]!) === 0) { i++; continue; }
    let j = i + 1;
    while (j < events.length && level(events[j]!) > 0 && group(events[j]!) === group(events[i]!) && Boolean(events[j]!.tuplet) === Boolean(events[i]!.tuplet)) j++;
    if (j - i >= 2) {
      const run = events.slice(i, j);
      for (let l = 1; l <= 3; l++) {
        for (let k = 0; k < run.length; k++) {
          const e = run[k]!;
          if (level(e) < l) continue;
          const prevOn = k > 0 && level(run[k - 1]!) >= l;
          const nextOn = k + 1 < run.length && level(run[k + 1]!) >= l;
          let v: BeamValue;
          if (prevOn && nextOn) v = 'continue';
          else if (prevOn) v = 'end';
          else if (nextOn) v = 'begin';
          else v = k === 0 ? 'forward hook' : 'backward hook';
          e.beams[l - 1] = v;
        }
      }
    }
    i = j;
  }
}

/** The notes of a score that a notation keeps, for comparisons: pitch and quantised onset in quarters. */
export function notatedOnsets(n: NotatedScore): Array<{ quarter: number; pitch: number; part: number }> {
  const out: Array<{ quarter: number; pitch: number; part: number }> = [];
  n.parts.forEach((p, pi) => {
    p.measures.forEach((m, mi) => {
      for (const v of m.voices) for (const e of v.events) if (e.kind === 'note' && !e.tieStop) for (const x of e.pitches) out.push({ quarter: (n.measures[mi]!.start + e.offset) / DIVISIONS, pitch: x.midi, part: pi });
    });
  });
  return out.sort((a, b) => a.quarter - b.quarter || a.pitch - b.pitch);
}
