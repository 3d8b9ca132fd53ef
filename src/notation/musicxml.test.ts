import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import { bachPreludeInC } from '../pieces/bach-prelude-c-major.js';
import { createScore } from '../score/ops.js';
import { humanize } from '../score/performance.js';
import { createRandom } from '../math/random.js';
import { readMidi, writeMidi } from '../formats/midi.js';
import { FormatError } from '../formats/errors.js';
import type { NoteEvent } from '../score/types.js';
import { readMusicXml, unfoldRepeats } from './musicxml-read.js';
import { toMusicXml } from './musicxml-write.js';
import { toNotation } from './formats.js';
import { noteOnsetF1 } from './compare.js';
import { notateScore } from './layout.js';
import { DIVISIONS } from './quantize.js';

const note = (onset: number, duration: number, pitch: number, voice = 0, velocity = 0.7): NoteEvent => ({ onset, duration, pitch, velocity, voice });
const doc = (measures: string, extra = ''): string =>
  `<?xml version="1.0"?><score-partwise version="4.0"><part-list><score-part id="P1"><part-name>A</part-name></score-part></part-list>${extra}<part id="P1">${measures}</part></score-partwise>`;
const n = (step: string, octave: number, duration: number, more = ''): string => `<note>${more}<pitch><step>${step}</step><octave>${octave}</octave></pitch><duration>${duration}</duration></note>`;

describe('MusicXML round trips', () => {
  it('MIDI → MusicXML → Score keeps every note of a quantised piece (onset F1 = 1, same durations)', () => {
    const midi = readMidi(writeMidi(bachPreludeInC()), 'prelude.mid');
    const back = readMusicXml(toMusicXml(midi), 'prelude.musicxml');
    const score = noteOnsetF1(midi.notes, back.notes, 0.001);
    expect(score.f1).toBe(1);
    expect(score.maxOnsetError).toBeLessThan(1e-6);
    const sorted = (s: typeof midi) => [...s.notes].sort((a, b) => a.onset - b.onset || a.pitch - b.pitch);
    const [a, b] = [sorted(midi), sorted(back)];
    expect(b.length).toBe(a.length);
    a.forEach((x, i) => {
      expect(b[i]!.pitch).toBe(x.pitch);
      expect(Math.abs(b[i]!.onset - x.onset)).toBeLessThan(1e-6);
      expect(Math.abs(b[i]!.duration - x.duration)).toBeLessThan(1e-6);
    });
  });

  it('MusicXML → MusicXML is stable (byte for byte)', () => {
    const first = toMusicXml(bachPreludeInC());
    expect(toMusicXml(readMusicXml(first, 'a.musicxml'))).toBe(first);
  });

  it('is deterministic', () => {
    expect(toMusicXml(bachPreludeInC())).toBe(toMusicXml(bachPreludeInC()));
  });

  it('a performance (20 ms timing spread) comes back with onset F1 = 1 within 50 ms, and the report says what moved', () => {
    const played = humanize(bachPreludeInC(), createRandom(3).fork('humanize'), { timingSeconds: 0.02, velocity: 0.05 });
    const notation = notateScore(played);
    const back = readMusicXml(toMusicXml(played), 'played.musicxml');
    // Quantisation finds the written score again; against the performance, only the few notes played > 50 ms off miss.
    expect(noteOnsetF1(bachPreludeInC().notes, back.notes, 0.001).f1).toBeGreaterThan(0.99);
    expect(noteOnsetF1(played.notes, back.notes).f1).toBeGreaterThan(0.97);
    expect(notation.report.meanOnsetShiftMs).toBeGreaterThan(5);
    expect(notation.report.meanOnsetShiftMs).toBeLessThan(30);
    expect(notation.report.onsetsMovedShare).toBeGreaterThan(0.3);
  });

  it('keeps velocities through the note dynamics attribute', () => {
    const s = createScore([note(0, 0.5, 60, 0, 0.3), note(0.5, 0.5, 62, 0, 0.9)], { tempos: [{ time: 0, bpm: 120 }] });
    const back = readMusicXml(toMusicXml(s), 'v.musicxml');
    expect(back.notes.map((x) => +x.velocity.toFixed(3))).toEqual([0.3, 0.9]);
  });

  it('writes a compressed .mxl that reads back the same, deterministically', () => {
    const a = toNotation(bachPreludeInC(), 'mxl', { name: 'prelude' });
    expect(toNotation(bachPreludeInC(), 'mxl', { name: 'prelude' })).toEqual(a);
    expect(readMusicXml(a, 'prelude.mxl').notes.length).toBe(549);
  });
});

describe('notation choices', () => {
  it('ties a note across the bar line and fills the rest of the measure with rests', () => {
    const s = createScore([note(1.0, 1.5, 67)], { tempos: [{ time: 0, bpm: 120 }] }); // beats 3–5 of 4/4
    const m = notateScore(s);
    expect(m.measures.length).toBe(2);
    const [a, b] = m.parts[0]!.measures.map((x) => x.voices[0]!.events);
    expect(a!.map((e) => [e.kind, e.type, e.tieStart])).toEqual([['rest', 'half', false], ['note', 'half', true]]);
    expect(b![0]).toMatchObject({ kind: 'note', type: 'quarter', tieStop: true, tieStart: false });
    for (const measure of m.parts[0]!.measures) for (const v of measure.voices) expect(v.events.reduce((t, e) => t + e.duration, 0)).toBe(4 * DIVISIONS);
  });

  it('sets triplets where they fit better and writes them as 3:2 tuplets', () => {
    const s = createScore([0, 1 / 3, 2 / 3, 1, 1.5].map((b, i) => note(b * 0.5, 0.5 / 3, 60 + i)), { tempos: [{ time: 0, bpm: 120 }] });
    const m = notateScore(s);
    const events = m.parts[0]!.measures[0]!.voices[0]!.events;
    expect(events.slice(0, 3).map((e) => [e.type, e.tuplet?.start, e.tuplet?.stop])).toEqual([['eighth', true, false], ['eighth', false, false], ['eighth', false, true]]);
    expect(events[3]!.tuplet).toBeUndefined();
    expect(m.report.tripletBeats).toBe(1);
    const back = readMusicXml(toMusicXml(s), 't.musicxml');
    expect(noteOnsetF1(s.notes, back.notes, 0.001).f1).toBe(1);
  });

  it('splits a wide single part into a grand staff and keeps two hands on their own staves', () => {
    const hands = createScore([note(0, 1, 72, 0), note(0, 1, 40, 1), note(1, 1, 76, 0), note(1, 1, 43, 1)]);
    const m = notateScore(hands);
    expect(m.parts.length).toBe(1);
    expect(m.parts[0]).toMatchObject({ staves: 2, clefs: ['treble', 'bass'] });
    expect(notateScore(hands, { staves: 'parts' }).parts.length).toBe(2);
  });

  it('spells in the key found: Db major notes as flats', () => {
    const s = createScore([61, 65, 68, 66, 70, 72, 73].map((p, i) => note(i * 0.5, 0.5, p)));
    const m = notateScore(s);
    expect(m.key).toEqual({ fifths: -5, mode: 'major' });
    expect(m.report.keySource).toBe('found');
    const names = m.parts[0]!.measures.flatMap((x) => x.voices[0]!.events.flatMap((e) => e.pitches.map((p) => `${p.step}${p.alter}`)));
    expect(names).toEqual(['D-1', 'F0', 'A-1', 'G-1', 'B-1', 'C0', 'D-1']);
  });

  it('estimates the tempo of a piece without a tempo map', () => {
    // 100 bpm eighths with an accent each beat, written at the default 120 bpm that does not fit.
    const notes = Array.from({ length: 64 }, (_, i) => note(0.13 + i * 0.3, 0.25, i % 2 ? 64 : 60, 0, i % 2 ? 0.4 : 0.9));
    const s = createScore(notes, { tempos: [{ time: 0, bpm: 120 }] });
    const m = notateScore(s);
    expect(m.report.tempoSource).toBe('estimated');
    expect(m.report.bpm).toBeGreaterThan(97);
    expect(m.report.bpm).toBeLessThan(103);
    expect(m.report.meanOnsetShiftMs).toBeLessThan(5);
  });
});

describe('MusicXML reader', () => {
  it('reads timewise documents like partwise ones', () => {
    const tw = `<score-timewise version="4.0"><part-list><score-part id="P1"><part-name>A</part-name></score-part><score-part id="P2"><part-name>B</part-name></score-part></part-list>
      <measure number="1"><part id="P1"><attributes><divisions>1</divisions></attributes>${n('C', 4, 4)}</part><part id="P2"><attributes><divisions>2</divisions></attributes>${n('E', 3, 4)}${n('G', 3, 4)}</part></measure>
      <measure number="2"><part id="P1">${n('D', 4, 4)}</part><part id="P2">${n('F', 3, 8)}</part></measure></score-timewise>`;
    const s = readMusicXml(tw, 'tw.xml');
    expect(s.notes.map((x) => [x.voice, x.pitch, x.onset, x.duration])).toEqual([
      [1, 52, 0, 1], [0, 60, 0, 2], [1, 55, 1, 1], [1, 53, 2, 2], [0, 62, 2, 2],
    ]);
    expect(s.meta.voiceNames).toEqual(['A', 'B']);
  });

  it('unfolds repeats and volta endings as a player would', () => {
    const m = (i: number, f: { forward?: boolean; backward?: number; endings?: number[] } = {}) => ({ forward: false, ...f, i });
    expect(unfoldRepeats([m(0), m(1, { backward: 2 }), m(2)])).toEqual([0, 1, 0, 1, 2]);
    expect(unfoldRepeats([m(0), m(1, { forward: true }), m(2, { endings: [1], backward: 2 }), m(3, { endings: [2] }), m(4)])).toEqual([0, 1, 2, 1, 3, 4]);
    expect(unfoldRepeats([m(0, { forward: true }), m(1, { backward: 3 }), m(2, { forward: true }), m(3, { backward: 2 })])).toEqual([0, 1, 0, 1, 0, 1, 2, 3, 2, 3]);
    const xml = doc(`<measure number="1"><attributes><divisions>1</divisions></attributes>${n('C', 4, 4)}<barline location="right"><repeat direction="backward"/></barline></measure><measure number="2">${n('D', 4, 4)}</measure>`);
    expect(readMusicXml(xml, 'r.xml').notes.map((x) => [x.pitch, x.onset])).toEqual([[60, 0], [60, 2], [62, 4]]);
  });

  it('merges ties, plays chords and grace notes, follows backup and forward, and reads sound tempo', () => {
    const xml = doc(`<measure number="1"><attributes><divisions>2</divisions><time><beats>4</beats><beat-type>4</beat-type></time></attributes>
      <direction><direction-type><metronome><beat-unit>quarter</beat-unit><per-minute>60</per-minute></metronome></direction-type><sound tempo="60"/></direction>
      ${n('C', 4, 4)}${n('E', 4, 4, '<chord/>')}<note><grace/><pitch><step>B</step><octave>3</octave></pitch><type>eighth</type></note>${n('C', 4, 4, '')}
      <backup><duration>8</duration></backup><forward><duration>4</duration></forward>${n('G', 3, 4).replace('</duration>', '</duration><tie type="start"/>')}</measure>
      <measure number="2">${n('G', 3, 2).replace('</duration>', '</duration><tie type="stop"/>')}<forward><duration>6</duration></forward></measure>`);
    const s = readMusicXml(xml, 'x.xml');
    expect(s.tempos).toEqual([{ time: 0, bpm: 60 }]);
    expect(s.notes.map((x) => [x.pitch, +x.onset.toFixed(3), +x.duration.toFixed(3)])).toEqual([
      [60, 0, 2], [64, 0, 2], [55, 2, 3], [59, 2, 0.125], [60, 2.125, 1.875],
    ]);
  });

  it('plays transposing instruments at sounding pitch', () => {
    const xml = doc(`<measure number="1"><attributes><divisions>1</divisions><transpose><diatonic>-1</diatonic><chromatic>-2</chromatic></transpose></attributes>${n('D', 4, 1)}</measure>`);
    expect(readMusicXml(xml, 'bb.xml').notes[0]!.pitch).toBe(60);
  });

  const broken: Array<[string, string | Uint8Array, RegExp]> = [
    ['not well-formed', '<score-partwise><part-list></score-partwise>', /bad\.xml: not well-formed XML: closing tag <\/score-partwise> does not match <part-list> \(line 1\)/],
    ['no part list', '<score-partwise version="4.0"><part id="P1"/></score-partwise>', /no <part-list>/],
    ['a part with no id', doc('<measure/>').replace('<part id="P1">', '<part>'), /a <part> without an id/],
    ['a part not listed', doc('<measure/>').replace('<part id="P1">', '<part id="P9">'), /<part id="P9"> is not in the <part-list>/],
    ['a negative duration', doc(`<measure number="3"><attributes><divisions>1</divisions></attributes>${n('C', 4, -1)}</measure>`), /impossible duration "-1" in measure 3 of part "A"/],
    ['a duration that is not a number', doc(`<measure><attributes><divisions>1</divisions></attributes>${n('C', 4, 1).replace('>1<', '>x<')}</measure>`), /impossible duration "x"/],
    ['zero divisions', doc('<measure><attributes><divisions>0</divisions></attributes></measure>'), /impossible divisions "0"/],
    ['a duration before divisions', doc(`<measure>${n('C', 4, 1)}</measure>`), /a duration before any <divisions>/],
    ['a backup before the measure start', doc('<measure number="2"><attributes><divisions>1</divisions></attributes><backup><duration>1</duration></backup></measure>'), /<backup> goes back before the start of measure 2/],
    ['a bad pitch', doc(`<measure><attributes><divisions>1</divisions></attributes>${n('H', 4, 1)}</measure>`), /a pitch with step "H"/],
    ['another XML vocabulary', '<html><body/></html>', /not a MusicXML score: the root element is <html>/],
    ['an empty file', '  ', /empty file/],
    ['a zip without MusicXML', zipSync({ 'readme.txt': strToU8('hello') }), /a zip archive without MusicXML/],
    ['a zip whose container names a missing file', zipSync({ 'META-INF/container.xml': strToU8('<container><rootfiles><rootfile full-path="x.musicxml"/></rootfiles></container>') }), /names "x\.musicxml", which the archive does not hold/],
    ['a truncated zip', zipSync({ 'a.musicxml': strToU8(doc('')) }).slice(0, 40), /not a readable zip archive/],
  ];
  it.each(broken)('refuses %s with one line naming the file', (_, data, pattern) => {
    let error: unknown;
    try {
      readMusicXml(data, 'bad.xml');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FormatError);
    expect((error as Error).message.startsWith('bad.xml: ')).toBe(true);
    expect((error as Error).message).toMatch(pattern);
    expect((error as Error).message).not.toContain('\n');
  });
});

describe('properties', () => {
  const gridNote = fc.record({
    step: fc.integer({ min: 0, max: 95 }), // sixteenths over six bars
    length: fc.integer({ min: 1, max: 24 }),
    pitch: fc.integer({ min: 21, max: 108 }),
    voice: fc.integer({ min: 0, max: 2 }),
    velocity: fc.integer({ min: 1, max: 127 }),
  });

  it('any score on a sixteenth grid comes back from MusicXML with every onset and pitch (F1 = 1), and is stable', () => {
    fc.assert(
      fc.property(fc.array(gridNote, { minLength: 1, maxLength: 40 }), fc.constantFrom(60, 90, 137), fc.constantFrom<[number, number]>([4, 4], [3, 4], [6, 8]), (raw, bpm, [num, den]) => {
        const q = 60 / bpm / 4;
        // One note per voice and pitch at a time: MIDI cannot sound a key twice.
        const seen = new Set<string>();
        const notes = raw
          .filter((r) => !seen.has(`${r.voice}:${r.pitch}:${r.step}`) && seen.add(`${r.voice}:${r.pitch}:${r.step}`))
          .map((r) => note(r.step * q, r.length * q, r.pitch, r.voice, r.velocity / 127));
        const score = createScore(notes, { tempos: [{ time: 0, bpm }], timeSignatures: [{ time: 0, numerator: num, denominator: den }] });
        const xml = toMusicXml(score, { tempo: 'given' });
        const back = readMusicXml(xml, 'p.musicxml');
        const unique = (ns: NoteEvent[]) => [...new Map(ns.map((x) => [`${x.pitch}@${x.onset.toFixed(6)}`, x])).values()];
        expect(noteOnsetF1(unique(score.notes), unique(back.notes), 1e-6).f1).toBe(1);
        expect(toMusicXml(back, { tempo: 'given' })).toBe(toMusicXml(readMusicXml(toMusicXml(back, { tempo: 'given' }), 'q.musicxml'), { tempo: 'given' }));
      }),
      { numRuns: 60 },
    );
  });

  it('a damaged document is read or refused with a FormatError, never anything else', () => {
    const xml = toMusicXml(createScore([note(0, 0.5, 60), note(0.5, 1, 64), note(0.5, 1, 67, 1)]));
    fc.assert(
      fc.property(fc.integer({ min: 0, max: xml.length - 1 }), fc.integer({ min: 1, max: 40 }), fc.string({ maxLength: 8 }), (at, cut, insert) => {
        const damaged = xml.slice(0, at) + insert + xml.slice(at + cut);
        try {
          readMusicXml(damaged, 'damaged.musicxml');
        } catch (err) {
          expect(err).toBeInstanceOf(FormatError);
          expect((err as Error).message.startsWith('damaged.musicxml: ')).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});
