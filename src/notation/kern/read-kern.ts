/**
 * The Humdrum **kern reader: a Humdrum file (tab-separated spines, one record a line) becomes a `Score`.
 *
 * - **Records.** `!!` global comments and `!!!KEY: value` reference records (OTL title, COM composer); `**` the
 *   exclusive interpretations that open the spines; `*` interpretations (tempo `*MM`, metre `*M3/4`, key
 *   `*G:` / `*e:`, instrument name `*I"`, staff `*staff1`; others, such as the key signature `*k[f#]` and clefs,
 *   change no sounding note: **kern spells every accidental); `=` bar lines; `!` local comments; anything else
 *   data. A record has one field per open spine, and interpretations, bar lines and comments fill whole records.
 * - **Spines.** `*^` splits a spine in two, adjacent `*v` join, `*x *x` exchange neighbours, `*+` opens a spine to
 *   the right (its exclusive interpretation on the next record), `*-` ends one; `*` and `.` are null. Every
 *   **kern spine is a part (a voice of the score), its sub-spines voices of that part; other spines (`**text`,
 *   `**dynam`, `**recip`, …) are read past. Parts are numbered from the right, the top staff first, as a score
 *   lists them.
 * - **Time.** Line times come from the spines' rhythm ({@link LineTimes}); a rhythm that does not add up is refused
 *   with the line and the amount. Ties join notes; grace notes sound as 32nd notes just before their main note.
 *   Quarter notes become seconds by the `*MM` tempo map (120 per minute before the first).
 *
 * Reference: the Humdrum Toolkit reference manual (Huron 1995), humdrum.org/rep/kern and humdrum.org/guide;
 * humlib (Sapp), the Humdrum library whose test files this reader is checked on.
 */
import { FormatError } from '../../formats/errors.js';
import type { NoteEvent, Score, TempoChange, TimeSignatureChange } from '../../score/types.js';
import { sortNotes } from '../../score/ops.js';
import { add, compare, formatRational, toNumber, type Rational, ZERO } from './rational.js';
import { KernTokenError, parseKernToken, type KernSubtoken } from './token.js';
import { LineTimes, ORIGIN, type SpineEnd } from './timeline.js';

/** Options of {@link readKern}. */
export interface ReadKernOptions {
  /** Loudness of every note, 0–1 (**kern has no velocity; default 80/127, General MIDI's mezzo-forte). */
  velocity?: number;
  /** Told each repair the reader makes (a sub-spine whose inherited rhythm disagrees with the rest, and is ignored). */
  onWarning?: (message: string) => void;
}

/** The velocity of notes read from **kern: 80/127 (mf). */
export const KERN_DEFAULT_VELOCITY = 80 / 127;

/** Tempo before the first `*MM`, quarter notes per minute. */
const DEFAULT_BPM = 120;
/** A grace note sounds for a 32nd note, an eighth of a quarter. */
const GRACE_QUARTERS = 1 / 8;

interface Track {
  /** Column of the spine when it opened, left to right among all spines opened so far. */
  order: number;
  /** Its field, counted from 1, in the record that opened it: "spine 3" when it has no name. */
  column: number;
  kern: boolean;
  name?: string;
  /** Its staff number from `*staffN` (1 = the top staff). */
  staff?: number;
}

interface Spine {
  /** Distinct for every spine and sub-spine: a tie is closed in the sub-spine that opened it when it can be. */
  id: number;
  track: number;
  /** Where its last token ends: the next token that is not null must start there. */
  ends: SpineEnd[];
  /** Ends inherited through a split or a join: weaker, checked after the spines' own rhythm. */
  inherited: SpineEnd[];
  /** 1: a join, or a split whose sub-spine went on with a null token (it holds the parent's note); 2: otherwise. */
  inheritedTier: 1 | 2;
  /** Opened by `*+`, waiting for its exclusive interpretation. */
  awaitingType: boolean;
}

interface SoftLink {
  end: SpineEnd;
  node: number;
  tier: 1 | 2;
  where: string;
}

interface RawNote {
  node: number;
  track: number;
  spine: number;
  sub: KernSubtoken;
  duration: Rational;
  /** Order of the token among the file's tokens (ties are followed in this order). */
  seq: number;
}

interface TimedMark<T> {
  /** The data line it takes effect at; `undefined` for after the last one. */
  node: number | undefined;
  value: T;
}

/**
 * Reads a Humdrum file's **kern spines as a score; errors are {@link FormatError}s naming the file, the line and
 * the spine (the field, counted from 1).
 * @example
 * const score = readKern('**kern\n*MM60\n4c\n8e\n8g\n*-\n', 'arpeggio.krn');
 * score.notes.map((n) => [n.pitch, n.onset, n.duration]); // → [[60, 0, 1], [64, 1, 0.5], [67, 1.5, 0.5]]
 */
export function readKern(text: string, name: string, options: ReadKernOptions = {}): Score {
  return new KernReader(name, options).read(text);
}

class KernReader {
  private readonly lines = new LineTimes();
  private readonly tracks: Track[] = [];
  private spines: Spine[] = [];
  private readonly soft: SoftLink[] = [];
  private readonly notes: RawNote[] = [];
  private readonly finalEnds: SpineEnd[] = [];
  private readonly tempos: TimedMark<number>[] = [];
  private readonly metres: TimedMark<[number, number]>[] = [];
  private readonly reference = new Map<string, string>();
  /** The file line of each data line (node); node 0 is the start of the piece. */
  private readonly nodeLines: number[] = [0];
  private key: string | undefined;
  private lineNumber = 0;
  private bar = '';
  private seq = 0;
  private spineIds = 0;

  constructor(
    private readonly name: string,
    private readonly options: ReadKernOptions,
  ) {}

  read(text: string): Score {
    if (text.trim() === '') throw new FormatError(this.name, 'empty file');
    const records = text.replace(/^\uFEFF/, '').split(/\r?\n/);
    let started = false;
    let finished = false;
    for (let i = 0; i < records.length; i++) {
      this.lineNumber = i + 1;
      const record = records[i]!.replace(/\r$/, '');
      if (record === '') continue;
      if (record.startsWith('!!')) {
        const ref = /^!!!\s*([^:]+?)\s*:\s*(.*)$/.exec(record);
        if (ref && !this.reference.has(ref[1]!)) this.reference.set(ref[1]!, ref[2]!.trim());
        continue;
      }
      if (finished) {
        throw this.error(record.startsWith('**') ? 'a second Humdrum segment (more spines after every spine ended) is not supported' : 'a record after every spine has ended (*-)');
      }
      const fields = record.split('\t');
      if (!started) {
        this.header(fields);
        started = true;
        continue;
      }
      if (fields.length !== this.spines.length) {
        throw this.error(`${fields.length} field${fields.length === 1 ? '' : 's'}, but ${this.spines.length} spine${this.spines.length === 1 ? ' is' : 's are'} open`);
      }
      const first = fields[0]!;
      if (first.startsWith('*')) this.interpretations(fields);
      else if (first.startsWith('=')) this.barLine(fields);
      else if (first.startsWith('!')) this.wholeRecord(fields, '!', 'a local comment record');
      else this.data(fields);
      if (this.spines.length === 0) finished = true;
    }
    if (!started) throw new FormatError(this.name, 'no Humdrum records (only comments)');
    if (!finished) {
      throw new FormatError(this.name, `ends with ${this.spines.length} spine${this.spines.length === 1 ? '' : 's'} open (no *- terminator): the file may be cut short`);
    }
    return this.score();
  }

  private error(problem: string, field?: number): FormatError {
    const where = field === undefined ? `line ${this.lineNumber}` : `line ${this.lineNumber}, spine ${field + 1}`;
    return new FormatError(this.name, `${where}: ${problem}`);
  }

  private header(fields: string[]): void {
    fields.forEach((f, k) => {
      if (!f.startsWith('**')) {
        throw this.error(`a Humdrum file starts with its exclusive interpretations (**kern, …), not "${f.slice(0, 40)}"`, k);
      }
    });
    const kinds = fields.map((f) => f.slice(2));
    if (!kinds.includes('kern')) throw this.error(`no **kern spine (the spines are ${fields.join(', ')})`);
    this.spines = kinds.map((kind, k) => {
      this.tracks.push({ order: k, column: k + 1, kern: kind === 'kern' });
      // Every spine of the first record starts with the piece; the link is checked with the inherited ones so that
      // a spine that opens with null tokens (an anacrusis in another voice) is timed by the others.
      return { id: this.spineIds++, track: k, ends: [], inherited: [{ node: ORIGIN, offset: ZERO }], inheritedTier: 1, awaitingType: false };
    });
  }

  private isKern(spine: Spine): boolean {
    return this.tracks[spine.track]!.kern;
  }

  private wholeRecord(fields: string[], lead: string, what: string): void {
    fields.forEach((f, k) => {
      if (!f.startsWith(lead)) throw this.error(`"${f.slice(0, 40)}" in ${what} (every field of it starts with "${lead}")`, k);
    });
  }

  private barLine(fields: string[]): void {
    this.wholeRecord(fields, '=', 'a bar-line record');
    this.checkNoneAwaiting(fields);
    const number = /^=+(\d+)/.exec(fields[0]!);
    if (number) this.bar = number[1]!;
  }

  private checkNoneAwaiting(fields: string[]): void {
    this.spines.forEach((s, k) => {
      if (s.awaitingType) throw this.error(`the spine opened by *+ needs its exclusive interpretation (**kern, **text, …) here, not "${fields[k]!.slice(0, 40)}"`, k);
    });
  }

  private interpretations(fields: string[]): void {
    this.wholeRecord(fields, '*', 'an interpretation record');
    const next: Spine[] = [];
    let k = 0;
    while (k < fields.length) {
      const f = fields[k]!;
      const spine = this.spines[k]!;
      if (spine.awaitingType) {
        if (!f.startsWith('**')) throw this.error(`the spine opened by *+ needs its exclusive interpretation (**kern, **text, …) here, not "${f.slice(0, 40)}"`, k);
        this.openTrack(spine, f.slice(2), next, k);
        spine.awaitingType = false;
        next.push(spine);
        k++;
        continue;
      }
      if (f.startsWith('**')) throw this.error(`"${f}" in a spine that is already open (only a spine opened by *+ takes an exclusive interpretation)`, k);
      switch (f) {
        case '*-':
          if (this.isKern(spine)) this.finalEnds.push(...spine.ends, ...spine.inherited);
          k++;
          break;
        case '*^':
          next.push(this.child(spine), this.child(spine));
          k++;
          break;
        case '*v': {
          let j = k;
          while (j < fields.length && fields[j] === '*v') j++;
          if (j - k < 2) throw this.error('a lone *v (a join needs two or more adjacent *v)', k);
          const joined = this.spines.slice(k, j);
          next.push({
            id: this.spineIds++,
            track: spine.track,
            ends: [],
            inherited: joined.flatMap((s) => [...s.ends, ...s.inherited]),
            inheritedTier: 1,
            awaitingType: false,
          });
          k = j;
          break;
        }
        case '*x':
          if (fields[k + 1] !== '*x') throw this.error('a lone *x (an exchange needs two adjacent *x)', k);
          next.push(this.spines[k + 1]!, spine);
          k += 2;
          break;
        case '*+':
          next.push(spine, { id: this.spineIds++, track: -1, ends: [], inherited: [], inheritedTier: 2, awaitingType: true });
          k++;
          break;
        default:
          if (this.isKern(spine)) this.interpretation(f, k);
          next.push(spine);
          k++;
      }
    }
    this.spines = next;
  }

  /** A spine opened by `*+` gets its track: placed after the track of the spine to its left. */
  private openTrack(spine: Spine, kind: string, next: readonly Spine[], k: number): void {
    const left = next.length > 0 ? this.tracks[next[next.length - 1]!.track]!.order : -1;
    for (const t of this.tracks) if (t.order > left) t.order++;
    this.tracks.push({ order: left + 1, column: k + 1, kern: kind === 'kern' });
    spine.track = this.tracks.length - 1;
    spine.inherited = []; // a floating spine: placed in time by the first spine of known time it meets
  }

  private child(parent: Spine): Spine {
    return { id: this.spineIds++, track: parent.track, ends: [], inherited: [...parent.ends, ...parent.inherited], inheritedTier: 2, awaitingType: false };
  }

  /** An interpretation in a **kern spine, taking effect at the next data line. */
  private interpretation(f: string, k: number): void {
    const node = this.lines.size; // the id the next data line will get
    let m: RegExpExecArray | null;
    if ((m = /^\*MM(\d+(?:\.\d+)?)/.exec(f))) {
      const bpm = Number(m[1]);
      if (bpm <= 0) throw this.error(`tempo "${f}" is not a positive number of quarter notes per minute`, k);
      this.tempos.push({ node, value: bpm });
    } else if ((m = /^\*M(\d+)\/(\d+)$/.exec(f))) {
      const numerator = Number(m[1]);
      const denominator = Number(m[2]);
      if (numerator < 1 || denominator < 1 || (denominator & (denominator - 1)) !== 0) {
        throw this.error(`"${f}" is not a time signature (a count over a power of two)`, k);
      }
      this.metres.push({ node, value: [numerator, denominator] });
    } else if ((m = /^\*([A-Ga-g])([#-]*):$/.exec(f))) {
      if (this.key === undefined) {
        const letter = m[1]!;
        const alteration = m[2]!.replace(/-/g, 'b');
        this.key = `${letter.toUpperCase()}${alteration} ${letter === letter.toUpperCase() ? 'major' : 'minor'}`;
      }
    } else if ((m = /^\*I"(.+)$/.exec(f))) {
      const track = this.tracks[this.spines[k]!.track]!;
      track.name ??= m[1]!.trim();
    } else if ((m = /^\*staff(\d+)$/.exec(f))) {
      this.tracks[this.spines[k]!.track]!.staff ??= Number(m[1]);
    }
  }

  private data(fields: string[]): void {
    this.checkNoneAwaiting(fields);
    const node = this.lines.addNode();
    this.nodeLines.push(this.lineNumber);
    fields.forEach((f, k) => {
      if (f.startsWith('*') || f.startsWith('=') || f.startsWith('!')) {
        throw this.error(`"${f.slice(0, 40)}" in a data record (interpretations, bar lines and comments fill whole records)`, k);
      }
      const spine = this.spines[k]!;
      if (!this.isKern(spine)) return;
      if (f === '.' || f === '') {
        if (spine.inherited.length > 0) spine.inheritedTier = 1;
        return;
      }
      let token;
      try {
        token = parseKernToken(f);
      } catch (err) {
        if (err instanceof KernTokenError) throw this.error(err.message, k);
        throw err;
      }
      for (const end of spine.ends) {
        const miss = this.lines.relate(end.node, node, end.offset);
        if (miss !== undefined) throw this.rhythmError(miss, k);
      }
      const where = `line ${this.lineNumber}, spine ${k + 1}`;
      for (const end of spine.inherited) this.soft.push({ end, node, tier: spine.inheritedTier, where });
      spine.ends = [{ node, offset: token.duration }];
      spine.inherited = [];
      for (const sub of token.subtokens) {
        if (sub.rest) continue;
        this.notes.push({ node, track: spine.track, spine: spine.id, sub, duration: sub.duration ?? token.duration, seq: this.seq++ });
      }
    });
  }

  private rhythmError(miss: Rational, k: number): FormatError {
    const amount = formatRational(miss.n < 0 ? { n: -miss.n, d: miss.d } : miss);
    const bar = this.bar === '' ? '' : ` (bar ${this.bar})`;
    return this.error(
      `the rhythm does not add up${bar}: this spine's previous notes end ${amount} quarter note${amount === '1' ? '' : 's'} ${miss.n > 0 ? 'after' : 'before'} the time the other spines give this record`,
      k,
    );
  }

  private score(): Score {
    // The inherited links, joins first, each kept only where it agrees with what is known.
    for (const tier of [1, 2] as const) {
      for (const link of this.soft) {
        if (link.tier !== tier) continue;
        const miss = this.lines.relate(link.end.node, link.node, link.end.offset);
        if (miss !== undefined) {
          this.options.onWarning?.(`${this.name}: ${link.where}: a sub-spine's inherited rhythm is off by ${formatRational(miss)} quarter notes; timed by the other spines`);
        }
      }
    }
    let end = ZERO;
    for (const e of this.finalEnds) {
      if (this.lines.known(e.node)) {
        const t = add(this.lines.time(e.node), e.offset);
        if (compare(t, end) > 0) end = t;
      }
    }
    const times = this.lines.solve(end);
    for (let node = 2; node < times.length; node++) {
      if (times[node]! < times[node - 1]! - 1e-9) {
        throw new FormatError(
          this.name,
          `line ${this.nodeLines[node]}: the rhythm does not add up: this record would sound before the one above it (a duration before it is too long or too short)`,
        );
      }
    }
    let endQuarters = toNumber(end);
    for (const e of this.finalEnds) endQuarters = Math.max(endQuarters, times[e.node]! + toNumber(e.offset));
    const at = (node: number | undefined): number => (node === undefined || node >= times.length ? endQuarters : times[node]!);

    const tempoQuarters = dedupe(this.tempos.map((m) => ({ q: at(m.node), value: m.value })));
    if (tempoQuarters.length === 0 || tempoQuarters[0]!.q > 0) tempoQuarters.unshift({ q: 0, value: DEFAULT_BPM });
    const seconds = quarterClock(tempoQuarters);
    const tempos: TempoChange[] = tempoQuarters.map((t) => ({ time: seconds(t.q), bpm: t.value }));
    const timeSignatures: TimeSignatureChange[] = dedupe(this.metres.map((m) => ({ q: at(m.node), value: m.value }))).map((m) => ({
      time: seconds(m.q),
      numerator: m.value[0],
      denominator: m.value[1],
    }));
    if (timeSignatures.length === 0 || timeSignatures[0]!.time > 0) timeSignatures.unshift({ time: 0, numerator: 4, denominator: 4 });

    const voiceOf = this.voiceNumbers();
    const velocity = this.options.velocity ?? KERN_DEFAULT_VELOCITY;
    const notes: NoteEvent[] = [];
    for (const n of this.tieNotes(times)) {
      const onset = seconds(n.onset);
      const duration = seconds(n.onset + n.duration) - onset;
      if (duration > 0) notes.push({ onset, duration, pitch: n.pitch, velocity, voice: voiceOf.get(n.track)! });
    }

    const kernTracks = [...voiceOf.entries()].sort((a, b) => a[1] - b[1]);
    const title = this.reference.get('OTL') ?? this.reference.get('OTP');
    const composer = this.reference.get('COM');
    return {
      notes: sortNotes(notes),
      tempos,
      timeSignatures,
      meta: {
        ...(title ? { title } : {}),
        ...(composer ? { composer } : {}),
        source: this.name,
        voiceNames: kernTracks.map(([track]) => {
          const t = this.tracks[track]!;
          return t.name ?? (t.staff === undefined ? `spine ${t.column}` : `staff ${t.staff}`);
        }),
        ...(this.key ? { key: this.key } : {}),
      },
    };
  }

  /** Voice numbers of the **kern tracks: the right-most (the top staff) is voice 0. */
  private voiceNumbers(): Map<number, number> {
    const kern = this.tracks.map((t, i) => ({ t, i })).filter(({ t }) => t.kern);
    kern.sort((a, b) => b.t.order - a.t.order);
    return new Map(kern.map(({ i }, v) => [i, v]));
  }

  /** Notes in quarter notes, ties joined and grace notes placed before their main note. */
  private tieNotes(times: number[]): Array<{ onset: number; duration: number; pitch: number; track: number }> {
    const out: Array<{ onset: number; duration: number; pitch: number; track: number }> = [];
    // Open ties by part and pitch, each with the sub-spine that opened it.
    const open = new Map<string, Array<{ spine: number; note: { onset: number; duration: number } }>>();
    const graceGroups = new Map<string, RawNote[][]>();
    const ordered = [...this.notes].sort((a, b) => times[a.node]! - times[b.node]! || a.seq - b.seq);
    for (const n of ordered) {
      const onset = times[n.node]!;
      const pitch = n.sub.pitch!;
      if (n.sub.grace) {
        const key = `${n.track}:${onset}`;
        const groups = graceGroups.get(key) ?? [];
        const last = groups[groups.length - 1];
        if (last && last[0]!.node === n.node) last.push(n);
        else groups.push([n]);
        graceGroups.set(key, groups);
        continue;
      }
      const key = `${n.track}:${pitch}`;
      const duration = toNumber(n.duration);
      const candidates = open.get(key) ?? [];
      const index = Math.max(0, candidates.findIndex((c) => c.spine === n.spine));
      const tied = candidates[index];
      const tie = n.sub.tie;
      if ((tie === 'middle' || tie === 'end') && tied) {
        tied.note.duration = onset + duration - tied.note.onset;
        tied.spine = n.spine;
        if (tie === 'end') candidates.splice(index, 1);
        continue;
      }
      const note = { onset, duration, pitch, track: n.track };
      out.push(note);
      if (tie === 'start' || tie === 'middle') open.set(key, [...candidates, { spine: n.spine, note }]);
    }
    for (const [key, groups] of graceGroups) {
      const onset = Number(key.slice(key.indexOf(':') + 1));
      groups.forEach((group, i) => {
        const start = Math.max(0, onset - (groups.length - i) * GRACE_QUARTERS);
        for (const n of group) out.push({ onset: start, duration: GRACE_QUARTERS, pitch: n.sub.pitch!, track: n.track });
      });
    }
    return out;
  }
}

/** Marks at distinct times, the first at each time kept, sorted by time. */
function dedupe<T>(marks: Array<{ q: number; value: T }>): Array<{ q: number; value: T }> {
  const out: Array<{ q: number; value: T }> = [];
  for (const m of [...marks].sort((a, b) => a.q - b.q)) {
    const last = out[out.length - 1];
    if (last && Math.abs(last.q - m.q) < 1e-9) continue;
    out.push(m);
  }
  return out;
}

/** Seconds at quarter note q under a tempo map in quarter notes. */
function quarterClock(tempos: Array<{ q: number; value: number }>): (q: number) => number {
  const starts: number[] = [0];
  for (let i = 1; i < tempos.length; i++) {
    starts.push(starts[i - 1]! + ((tempos[i]!.q - tempos[i - 1]!.q) * 60) / tempos[i - 1]!.value);
  }
  return (q) => {
    let i = tempos.length - 1;
    while (i > 0 && tempos[i]!.q > q) i--;
    return starts[i]! + ((q - tempos[i]!.q) * 60) / tempos[i]!.value;
  };
}
