/**
 * MusicXML in: partwise and timewise documents, uncompressed (.musicxml, .xml) or compressed (.mxl, a zip with
 * META-INF/container.xml), into a `Score` that sounds as a player would play the page: repeats and volta endings
 * unfolded, ties merged into one note, grace notes played on the beat taking their time from the main note,
 * tuplets through their durations, chords, backup and forward across voices and staves, several parts (one voice
 * each), transposing instruments at sounding pitch, tempo from `<sound tempo>` (or a metronome mark), loudness from
 * each note's `dynamics` attribute, `<sound dynamics>` or dynamic marks. Broken input — XML that is not well-formed,
 * no part list, a part without an id, impossible durations, a zip without MusicXML — is refused with one line naming
 * the file and the problem.
 */
import { unzipSync } from 'fflate';
import { FormatError } from '../formats/errors.js';
import { sortNotes } from '../score/ops.js';
import type { NoteEvent, Score, TempoChange, TimeSignatureChange } from '../score/types.js';
import { DYNAMIC_VELOCITY, type DynamicMark, DYNAMIC_MARKS } from './layout.js';
import { spelledToMidi, type SpelledPitch } from './spell.js';
import { child, childrenNamed, childText, parseXml, XmlSyntaxError, type XmlElement } from './xml.js';

/** Most notes a document may hold once repeats are unfolded. */
export const MAX_MUSICXML_NOTES = 2_000_000;
/** Velocity of a note with no dynamics anywhere: MusicXML's default forte, MIDI velocity 90. */
const DEFAULT_VELOCITY = 90 / 127;
/** Length of a grace note in quarter notes (a 32nd), at most half of the main note shared among the graces. */
const GRACE_QUARTERS = 0.125;

const STEP_NAMES = new Set(['C', 'D', 'E', 'F', 'G', 'A', 'B']);

interface RawNote {
  /** Quarter notes from the measure start. */
  pos: number;
  dur: number;
  pitch: number;
  velocity: number;
  voice: string;
  /** Staff number within the part (1 when the part has one staff). */
  staff: number;
  tieStart: boolean;
  tieStop: boolean;
  grace: boolean;
  chord: boolean;
}

interface RawMeasure {
  number: string;
  notes: RawNote[];
  tempos: Array<{ pos: number; bpm: number }>;
  time?: { numerator: number; denominator: number };
  key?: string;
  length: number;
  forward: boolean;
  backward?: number;
  endings?: number[];
  endingStop: boolean;
}

function decode(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return new TextDecoder('utf-8').decode(bytes);
}

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
}

/** The MusicXML document inside a compressed .mxl archive. */
function fromMxl(bytes: Uint8Array, name: string): string {
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes);
  } catch (err) {
    throw new FormatError(name, `not a readable zip archive (${(err as Error).message})`);
  }
  let path: string | undefined;
  const container = files['META-INF/container.xml'];
  if (container) {
    try {
      const root = parseXml(decode(container));
      const rootfiles = child(root, 'rootfiles');
      const first = rootfiles && childrenNamed(rootfiles, 'rootfile').find((r) => !r.attrs['media-type'] || /musicxml/.test(r.attrs['media-type']!));
      path = first?.attrs['full-path'];
    } catch (err) {
      throw new FormatError(name, `META-INF/container.xml is not well-formed XML: ${(err as Error).message}`);
    }
    if (path && !files[path]) throw new FormatError(name, `META-INF/container.xml names "${path}", which the archive does not hold`);
  }
  path ??= Object.keys(files).sort().find((f) => !f.startsWith('META-INF/') && /\.(musicxml|xml)$/i.test(f));
  if (!path) throw new FormatError(name, 'a zip archive without MusicXML in it (no META-INF/container.xml and no .musicxml or .xml file)');
  return decode(files[path]!);
}

function numberOr(text: string | undefined, fallback: number): number {
  if (text === undefined || text.trim() === '') return fallback;
  const v = Number(text);
  return Number.isFinite(v) ? v : fallback;
}

/** Timewise → partwise: measures holding parts become parts holding measures. */
function partsOf(root: XmlElement): XmlElement[] {
  if (root.name === 'score-partwise') return childrenNamed(root, 'part');
  const parts = new Map<string, XmlElement>();
  for (const m of childrenNamed(root, 'measure')) {
    for (const p of childrenNamed(m, 'part')) {
      const id = p.attrs['id'] ?? '';
      let part = parts.get(id);
      if (!part) parts.set(id, (part = { name: 'part', attrs: { ...p.attrs }, children: [], text: '' }));
      part.children.push({ name: 'measure', attrs: { ...m.attrs }, children: p.children, text: '' });
    }
  }
  return [...parts.values()];
}

function parseEndings(text: string | undefined): number[] {
  if (!text) return [];
  const out: number[] = [];
  for (const piece of text.split(/[,\s]+/)) {
    const range = /^(\d+)-(\d+)$/.exec(piece);
    if (range) for (let i = +range[1]!; i <= +range[2]!; i++) out.push(i);
    else if (/^\d+$/.test(piece)) out.push(+piece);
  }
  return out;
}

/** Reads one part's measures in document order. */
function readPart(part: XmlElement, partName: string, name: string, unpitchedPitch: Map<string, number>): RawMeasure[] {
  let divisions = 0;
  let transpose = 0;
  let velocity = DEFAULT_VELOCITY;
  const measures: RawMeasure[] = [];
  for (const m of childrenNamed(part, 'measure')) {
    const number = m.attrs['number'] ?? String(measures.length + 1);
    const where = `measure ${number} of part "${partName}"`;
    const raw: RawMeasure = { number, notes: [], tempos: [], length: 0, forward: false, endingStop: false };
    let cursor = 0;
    let lastOnset = 0;
    const duration = (el: XmlElement, what: string): number => {
      const text = childText(el, 'duration');
      if (text === undefined) throw new FormatError(name, `${what} without a duration in ${where}`);
      const d = Number(text);
      if (!Number.isFinite(d) || d < 0) throw new FormatError(name, `impossible duration "${text}" in ${where}`);
      if (divisions <= 0) throw new FormatError(name, `a duration before any <divisions> in ${where}`);
      return d / divisions;
    };
    for (const el of m.children) {
      switch (el.name) {
        case 'attributes': {
          const div = childText(el, 'divisions');
          if (div !== undefined) {
            const d = Number(div);
            if (!Number.isFinite(d) || d <= 0) throw new FormatError(name, `impossible divisions "${div}" in ${where}`);
            divisions = d;
          }
          const time = child(el, 'time');
          if (time && child(time, 'beats')) {
            const beats = childText(time, 'beats')!.split('+').reduce((a, b) => a + Number(b), 0);
            const type = Number(childText(time, 'beat-type'));
            if (Number.isFinite(beats) && beats > 0 && Number.isFinite(type) && type > 0) raw.time = { numerator: beats, denominator: type };
          }
          const key = child(el, 'key');
          if (key && childText(key, 'fifths') !== undefined) {
            const fifths = Number(childText(key, 'fifths'));
            const mode = childText(key, 'mode') === 'minor' ? 'minor' : 'major';
            const majors = ['Cb', 'Gb', 'Db', 'Ab', 'Eb', 'Bb', 'F', 'C', 'G', 'D', 'A', 'E', 'B', 'F#', 'C#'];
            const minors = ['Ab', 'Eb', 'Bb', 'F', 'C', 'G', 'D', 'A', 'E', 'B', 'F#', 'C#', 'G#', 'D#', 'A#'];
            const tonic = (mode === 'major' ? majors : minors)[fifths + 7];
            if (tonic) raw.key = `${tonic} ${mode}`;
          }
          const tr = child(el, 'transpose');
          if (tr) transpose = numberOr(childText(tr, 'chromatic'), 0) + 12 * numberOr(childText(tr, 'octave-change'), 0);
          break;
        }
        case 'backup': {
          cursor -= duration(el, '<backup>');
          if (cursor < -1e-9) throw new FormatError(name, `<backup> goes back before the start of ${where}`);
          break;
        }
        case 'forward':
          cursor += duration(el, '<forward>');
          raw.length = Math.max(raw.length, cursor);
          break;
        case 'direction':
        case 'sound': {
          const sound = el.name === 'sound' ? el : child(el, 'sound');
          const offset = el.name === 'direction' && child(el, 'offset') ? numberOr(childText(el, 'offset'), 0) / (divisions || 1) : 0;
          let bpm = sound ? numberOr(sound.attrs['tempo'], NaN) : NaN;
          if (!Number.isFinite(bpm) && el.name === 'direction') {
            for (const dt of childrenNamed(el, 'direction-type')) {
              const metro = child(dt, 'metronome');
              const unit = metro && childText(metro, 'beat-unit');
              const perMinute = metro && Number(childText(metro, 'per-minute'));
              const quarters: Record<string, number> = { whole: 4, half: 2, quarter: 1, eighth: 0.5, '16th': 0.25 };
              if (unit && perMinute && quarters[unit]) bpm = perMinute * quarters[unit]! * (child(metro, 'beat-unit-dot') ? 1.5 : 1);
            }
          }
          if (Number.isFinite(bpm) && bpm > 0) raw.tempos.push({ pos: Math.max(0, cursor + offset), bpm });
          const dyn = sound ? numberOr(sound.attrs['dynamics'], NaN) : NaN;
          if (Number.isFinite(dyn) && dyn >= 0) velocity = Math.min(1, ((dyn / 100) * 90) / 127);
          else if (el.name === 'direction') {
            for (const dt of childrenNamed(el, 'direction-type')) {
              const d = child(dt, 'dynamics');
              const mark = d?.children.find((c) => (DYNAMIC_MARKS as readonly string[]).includes(c.name));
              if (mark) velocity = DYNAMIC_VELOCITY[mark.name as DynamicMark] / 127;
            }
          }
          break;
        }
        case 'barline': {
          const repeat = child(el, 'repeat');
          if (repeat?.attrs['direction'] === 'forward') raw.forward = true;
          if (repeat?.attrs['direction'] === 'backward') raw.backward = Math.max(2, Math.round(numberOr(repeat.attrs['times'], 2)));
          const ending = child(el, 'ending');
          if (ending) {
            if (ending.attrs['type'] === 'start') raw.endings = parseEndings(ending.attrs['number']);
            else raw.endingStop = true;
            raw.endings ??= parseEndings(ending.attrs['number']);
          }
          break;
        }
        case 'note': {
          const grace = Boolean(child(el, 'grace'));
          const chord = Boolean(child(el, 'chord'));
          const cue = Boolean(child(el, 'cue'));
          const dur = grace ? 0 : duration(el, 'a note');
          const onset = chord ? lastOnset : cursor;
          if (!chord) {
            lastOnset = cursor;
            cursor += dur;
          }
          raw.length = Math.max(raw.length, cursor, onset + dur);
          if (cue || child(el, 'rest')) break;
          let pitch: number | undefined;
          const p = child(el, 'pitch');
          if (p) {
            const step = childText(p, 'step') ?? '';
            const octave = Number(childText(p, 'octave'));
            if (!STEP_NAMES.has(step) || !Number.isInteger(octave)) throw new FormatError(name, `a pitch with step "${step}" and octave "${childText(p, 'octave') ?? ''}" in ${where}`);
            pitch = spelledToMidi({ step: step as SpelledPitch['step'], alter: 0, octave }) + Math.round(numberOr(childText(p, 'alter'), 0)) + transpose;
          }
          const u = child(el, 'unpitched');
          if (u) {
            const inst = child(el, 'instrument')?.attrs['id'];
            pitch = (inst ? unpitchedPitch.get(inst) : undefined) ?? unpitchedPitch.get('') ?? spelledToMidi({ step: (childText(u, 'display-step') ?? 'E') as SpelledPitch['step'], alter: 0, octave: numberOr(childText(u, 'display-octave'), 4) });
          }
          if (pitch === undefined) break;
          if (pitch < 0 || pitch > 127) throw new FormatError(name, `a pitch outside the MIDI range (${pitch}) in ${where}`);
          const ties = childrenNamed(el, 'tie');
          const dynAttr = numberOr(el.attrs['dynamics'], NaN);
          raw.notes.push({
            pos: onset,
            dur,
            pitch,
            velocity: Number.isFinite(dynAttr) ? Math.min(1, Math.max(0, ((dynAttr / 100) * 90) / 127)) : velocity,
            voice: childText(el, 'voice') ?? '1',
            staff: Math.max(1, Math.round(numberOr(childText(el, 'staff'), 1))),
            tieStart: ties.some((t) => t.attrs['type'] === 'start'),
            tieStop: ties.some((t) => t.attrs['type'] === 'stop'),
            grace,
            chord,
          });
          break;
        }
        default:
          break;
      }
    }
    measures.push(raw);
  }
  return measures;
}

/** The repeat marks of one measure. */
export interface RepeatMarks {
  /** A forward repeat bar line at its start. */
  forward: boolean;
  /** A backward repeat at its end, played this many times in all (2 for a plain repeat). */
  backward?: number;
  /** The passes this measure belongs to, when it is part of a volta ending. */
  endings?: number[];
}

/**
 * The order in which a player visits the measures: repeats taken, volta endings chosen by pass.
 * @example
 * unfoldRepeats([{ forward: false }, { forward: false, backward: 2 }, { forward: false }]); // → [0, 1, 0, 1, 2]
 */
export function unfoldRepeats(measures: ReadonlyArray<RepeatMarks>): number[] {
  const order: number[] = [];
  const done = new Map<number, number>();
  let start = 0;
  let pass = 1;
  let jumpedFrom = -1;
  let i = 0;
  const limit = measures.length * 16 + 16;
  while (i < measures.length && order.length < limit) {
    const m = measures[i]!;
    if (m.forward && i > jumpedFrom) {
      start = i;
      pass = 1;
    }
    if (m.endings && m.endings.length) {
      if (!m.endings.includes(pass)) {
        i++;
        continue;
      }
    } else if (i > jumpedFrom && pass > 1) {
      pass = 1;
      start = i;
    }
    order.push(i);
    if (m.backward) {
      const times = done.get(i) ?? 1;
      if (times < m.backward) {
        done.set(i, times + 1);
        pass = times + 1;
        jumpedFrom = Math.max(jumpedFrom, i);
        i = start;
        continue;
      }
      done.delete(i);
      if (!(m.endings && m.endings.length)) start = i + 1;
    }
    i++;
  }
  return order;
}

/**
 * Reads a MusicXML document (text, or the bytes of a .musicxml, .xml or compressed .mxl file) into a Score.
 * `name` is the file name shown in errors.
 * @example
 * const xml = toMusicXml(bachPreludeInC());
 * readMusicXml(xml, 'prelude.musicxml').notes.length; // → 549
 */
export function readMusicXml(data: Uint8Array | string, name: string): Score {
  let text: string;
  if (typeof data === 'string') text = data;
  else if (isZip(data)) text = fromMxl(data, name);
  else text = decode(data);
  if (text.trim() === '') throw new FormatError(name, 'empty file');
  let root: XmlElement;
  try {
    root = parseXml(text);
  } catch (err) {
    if (err instanceof XmlSyntaxError) throw new FormatError(name, `not well-formed XML: ${err.message}`);
    throw err;
  }
  if (root.name !== 'score-partwise' && root.name !== 'score-timewise') {
    throw new FormatError(name, `not a MusicXML score: the root element is <${root.name}>, not <score-partwise> or <score-timewise>`);
  }
  const partList = child(root, 'part-list');
  if (!partList) throw new FormatError(name, 'no <part-list>: a MusicXML score must list its parts');
  const scoreParts = childrenNamed(partList, 'score-part');
  if (scoreParts.length === 0) throw new FormatError(name, 'the <part-list> lists no <score-part>');
  const listed = new Map<string, XmlElement>();
  for (const sp of scoreParts) {
    const id = sp.attrs['id'];
    if (!id) throw new FormatError(name, 'a <score-part> without an id');
    listed.set(id, sp);
  }
  const parts = partsOf(root);
  if (parts.length === 0) throw new FormatError(name, 'no <part> with music in it');
  const measuresByPart: RawMeasure[][] = [];
  const voiceNames: string[] = [];
  const channels: Array<number | undefined> = [];
  for (const part of parts) {
    const id = part.attrs['id'];
    if (!id) throw new FormatError(name, 'a <part> without an id');
    const sp = listed.get(id);
    if (!sp) throw new FormatError(name, `<part id="${id}"> is not in the <part-list>`);
    const partName = childText(sp, 'part-name') || id;
    const unpitched = new Map<string, number>();
    let channel: number | undefined;
    for (const mi of childrenNamed(sp, 'midi-instrument')) {
      const u = numberOr(childText(mi, 'midi-unpitched'), NaN);
      if (Number.isFinite(u)) {
        unpitched.set(mi.attrs['id'] ?? '', u - 1);
        if (!unpitched.has('')) unpitched.set('', u - 1);
      }
      const ch = numberOr(childText(mi, 'midi-channel'), NaN);
      if (channel === undefined && Number.isInteger(ch) && ch >= 1 && ch <= 16) channel = ch - 1;
    }
    measuresByPart.push(readPart(part, partName, name, unpitched));
    voiceNames.push(partName);
    channels.push(channel);
  }
  // One measure structure for all parts: lengths from the longest part, repeats from the first.
  const count = Math.max(...measuresByPart.map((m) => m.length));
  const lengths = Array.from({ length: count }, (_, i) => Math.max(0, ...measuresByPart.map((ms) => ms[i]?.length ?? 0)));
  const structure = measuresByPart[0]!;
  const order = unfoldRepeats(Array.from({ length: count }, (_, i) => structure[i] ?? { forward: false }));
  const starts: number[] = [];
  let t = 0;
  for (const i of order) {
    starts.push(t);
    t += lengths[i]!;
  }
  // Tempo map in quarter notes, then in seconds.
  const tempoQ = new Map<number, number>();
  order.forEach((mi, k) => {
    for (const ms of measuresByPart) for (const tp of ms[mi]?.tempos ?? []) tempoQ.set(+(starts[k]! + tp.pos).toFixed(6), tp.bpm);
  });
  const tq = [...tempoQ.entries()].sort((a, b) => a[0] - b[0]);
  if (tq.length === 0 || tq[0]![0] > 0) tq.unshift([0, tq[0]?.[1] ?? 120]);
  const qSeconds: number[] = [0];
  for (let k = 1; k < tq.length; k++) qSeconds.push(qSeconds[k - 1]! + ((tq[k]![0] - tq[k - 1]![0]) * 60) / tq[k - 1]![1]);
  const toSeconds = (q: number): number => {
    let lo = 0;
    let hi = tq.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (tq[mid]![0] <= q + 1e-9) lo = mid;
      else hi = mid - 1;
    }
    return qSeconds[lo]! + ((q - tq[lo]![0]) * 60) / tq[lo]![1];
  };
  const tempos: TempoChange[] = [];
  tq.forEach(([q, bpm]) => {
    if (tempos.length && tempos[tempos.length - 1]!.bpm === bpm) return;
    tempos.push({ time: toSeconds(q), bpm });
  });
  const timeSignatures: TimeSignatureChange[] = [];
  let lastSig = '';
  let currentSig = { numerator: 4, denominator: 4 };
  order.forEach((mi, k) => {
    const sig = structure[mi]?.time ?? measuresByPart.find((ms) => ms[mi]?.time)?.[mi]?.time;
    if (sig) currentSig = sig;
    const text = `${currentSig.numerator}/${currentSig.denominator}`;
    if (text !== lastSig) timeSignatures.push({ time: toSeconds(starts[k]!), ...currentSig });
    lastSig = text;
  });
  if (timeSignatures.length === 0) timeSignatures.push({ time: 0, numerator: 4, denominator: 4 });
  const key = structure.find((m) => m.key)?.key;

  // Each staff of each part becomes a voice of the Score (a piano's two hands stay apart).
  const staffVoice = new Map<string, number>();
  const scoreVoiceNames: string[] = [];
  measuresByPart.forEach((ms, part) => {
    const staves = [...new Set(ms.flatMap((m) => m.notes.map((r) => r.staff)))].sort((a, b) => a - b);
    for (const s of staves.length ? staves : [1]) {
      staffVoice.set(`${part}:${s}`, scoreVoiceNames.length);
      scoreVoiceNames.push(staves.length > 1 ? `${voiceNames[part]} ${s === 1 ? 'upper' : s === 2 ? 'lower' : `staff ${s}`}` : voiceNames[part]!);
    }
  });
  // Notes in playing order: ties merged, graces placed.
  const notes: NoteEvent[] = [];
  measuresByPart.forEach((ms, part) => {
    const open = new Map<string, { note: NoteEvent; endQ: number }>();
    const pendingGraces = new Map<string, RawNote[]>();
    order.forEach((mi, k) => {
      const m = ms[mi];
      if (!m) return;
      for (const r of m.notes) {
        const voice = staffVoice.get(`${part}:${r.staff}`)!;
        if (r.grace) {
          const list = pendingGraces.get(r.voice) ?? [];
          if (r.chord && list.length) list.push({ ...r, pos: list[list.length - 1]!.pos });
          else list.push({ ...r, pos: list.length });
          pendingGraces.set(r.voice, list);
          continue;
        }
        let startQ = starts[k]! + r.pos;
        let dur = r.dur;
        const graces = r.chord ? undefined : pendingGraces.get(r.voice);
        if (graces && graces.length) {
          const steps = graces[graces.length - 1]!.pos + 1;
          const each = Math.min(GRACE_QUARTERS, dur / (2 * steps));
          for (const g of graces) {
            const gs = startQ + g.pos * each;
            notes.push({ onset: toSeconds(gs), duration: toSeconds(gs + each) - toSeconds(gs), pitch: g.pitch, velocity: g.velocity, voice, ...(channels[part] !== undefined ? { channel: channels[part] } : {}) });
          }
          startQ += steps * each;
          dur -= steps * each;
          pendingGraces.delete(r.voice);
        }
        const tieKey = `${r.staff}:${r.voice}:${r.pitch}`;
        const prev = open.get(tieKey);
        if (r.tieStop && prev && Math.abs(prev.endQ - startQ) < 1e-6) {
          prev.endQ = startQ + dur;
          prev.note.duration = toSeconds(prev.endQ) - prev.note.onset;
          if (!r.tieStart) open.delete(tieKey);
          continue;
        }
        if (dur <= 0) continue;
        const note: NoteEvent = { onset: toSeconds(startQ), duration: toSeconds(startQ + dur) - toSeconds(startQ), pitch: r.pitch, velocity: r.velocity, voice, ...(channels[part] !== undefined ? { channel: channels[part] } : {}) };
        notes.push(note);
        if (notes.length > MAX_MUSICXML_NOTES) throw new FormatError(name, `more than ${MAX_MUSICXML_NOTES} notes once repeats are unfolded`);
        if (r.tieStart) open.set(tieKey, { note, endQ: startQ + dur });
        else open.delete(tieKey);
      }
    });
  });
  const title = childText(child(root, 'work') ?? root, 'work-title') || childText(root, 'movement-title');
  const identification = child(root, 'identification');
  const composer = identification && childrenNamed(identification, 'creator').find((c) => c.attrs['type'] === 'composer')?.text.trim();
  return {
    notes: sortNotes(notes),
    tempos,
    timeSignatures,
    meta: {
      ...(title ? { title } : {}),
      ...(composer ? { composer } : {}),
      source: (identification && childText(identification, 'source')) || name,
      voiceNames: scoreVoiceNames,
      ...(key ? { key } : {}),
    },
  };
}
