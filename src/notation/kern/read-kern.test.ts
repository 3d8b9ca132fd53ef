import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readKern, KERN_DEFAULT_VELOCITY } from './read-kern.js';
import { recipQuarters } from './token.js';
import { toNumber } from './rational.js';
import { FormatError } from '../../formats/errors.js';
import { hasShared, sharedData } from '../../../test/helpers/shared.js';
import type { Score } from '../../score/types.js';
import { bachPreludeInC } from '../../pieces/bach-prelude-c-major.js';

/** Notes as "voice:pitch@onset+duration" in quarter notes (at the score's first tempo), sorted as text. */
function quarterNotes(score: Score): string[] {
  const bpm = score.tempos[0]!.bpm;
  const q = (s: number): number => Math.round(((s * bpm) / 60) * 1e6) / 1e6;
  return score.notes.map((n) => `${n.voice}:${n.pitch}@${q(n.onset)}+${q(n.duration)}`).sort();
}

const kernFile = (file: string): string => readFileSync(sharedData('kern', file), 'utf8');

describe.skipIf(!hasShared)('the Humdrum library test files (../shared/data/kern)', () => {
  it('reads every .krn file there: each either a score or a clear refusal', () => {
    const files = readdirSync(sharedData('kern')).filter((f) => f.endsWith('.krn'));
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const file of files) {
      if (file === 'humlib-test-rhythms.krn') continue; // no **kern spine: its own test below
      const score = readKern(kernFile(file), file);
      expect(score.notes.length, file).toBeGreaterThan(0);
      expect(score.meta.source).toBe(file);
    }
  });

  // The answers below were worked out by hand from the files, line by line (quarter notes from the start).
  it('manipulators: *+ opens a floating **kern spine, *^ *v *x reshape it, a **data spine comes and goes, grace notes', () => {
    const score = readKern(kernFile('humlib-test-manipulators.krn'), 'm.krn');
    // Two **kern parts: the one opened by *+ (right, voice 0) and the first spine (voice 1); **text and **data ignored.
    expect(score.meta.voiceNames).toEqual(['spine 3', 'spine 1']);
    expect(quarterNotes(score)).toEqual([
      '1:64@0+1', // 4e
      '0:65@1+2', // 2f in the new spine: it starts with 4d, the only timed token on its line
      '1:62@1+1', // 4d
      '1:60@2+2', // 2c
      '0:67@3+1', // 4g, after 2f
      '1:62@4+0.5', // 8d (second sub-spine of the split first sub-spine)
      '1:65@4+0.5', // 8f
      '0:69@4+3', // 2.a
      '1:71@4+2', // 2b
      '1:67@4.5+2', // 2g after the join of the 8ths
      '1:71@5.875+0.125', // 8bq: a grace note, a 32nd before the 2cc it ornaments
      '1:72@6+2', // 2cc
      '1:65@6.5+1', // 4f after 2g
      '0:67@7+1', // 4g after 2.a
      '1:60@7.25+0.125', // 16cq, 16dq: two graces before 8e
      '1:62@7.375+0.125',
      '1:64@7.5+0.5', // 8e after 4f
    ].sort());
    expect(score.timeSignatures).toEqual([{ time: 0, numerator: 4, denominator: 4 }]);
  });

  it('spine float: a spine opened by *+ whose first note is placed by a later meeting (16cc at 3.75)', () => {
    const score = readKern(kernFile('humlib-test-spine-float.krn'), 'f.krn');
    expect(quarterNotes(score)).toEqual([
      '1:60@0+1', '1:62@1+1', '1:60@2+1', '1:64@2+2', '1:64@3+2',
      '0:72@3.75+0.25', // 16cc: it ends where 4dd begins, which is where 2f begins, after 2e (2 + 2)
      '0:74@4+1', '1:65@4+2', '0:77@5+1', '1:71@5+1', '0:76@6+1', '1:67@6+1',
    ].sort());
  });

  it('null 4ths: two spines with wholes, halves and a breve (0e) held across null records', () => {
    const score = readKern(kernFile('humlib-test-null-4ths.krn'), 'n.krn');
    expect(quarterNotes(score)).toEqual([
      '0:60@0+2', '1:60@0+4', '0:62@2+4', '1:62@4+4', '0:64@6+8', '1:64@8+4', '1:65@12+4', '0:65@14+2',
    ].sort());
  });

  it('metre change: *M4/4, *M6/8, *M4/4 at bars 1, 2 and 3, dotted notes', () => {
    const score = readKern(kernFile('humlib-test-meter-change.krn'), 'mc.krn');
    expect(score.timeSignatures).toEqual([
      { time: 0, numerator: 4, denominator: 4 },
      { time: 2, numerator: 6, denominator: 8 }, // after 4 quarters at 120 per minute
      { time: 3.5, numerator: 4, denominator: 4 }, // after 4 + 3
    ]);
    expect(quarterNotes(score)).toEqual(['0:60@0+1', '0:62@1+0.5', '0:64@1.5+1.5', '0:65@3+1', '0:67@4+1.5', '0:69@5.5+0.5', '0:71@6+0.5', '0:72@6.5+0.5', '0:60@7+1', '0:62@8+0.5', '0:64@8.5+0.5', '0:65@9+2'].sort());
    expect(score.notes).toHaveLength(12);
  });

  it('a spine split and join within one part: both sub-spines are voices of the same part', () => {
    const score = readKern(kernFile('humlib-test-simple-spine-split.krn'), 's.krn');
    expect(quarterNotes(score)).toEqual(['0:60@0+1', '0:62@1+1', '0:60@2+1', '0:64@2+2', '0:64@3+2', '0:65@4+2', '0:71@5+1', '0:67@6+1'].sort());
    const previous = readKern(kernFile('humlib-test-previous2.krn'), 'p.krn');
    expect(quarterNotes(previous)).toEqual([
      '0:60@0+4', '0:62@4+2', '0:64@4+1', '0:67@5+1', '0:60@6+0.5', '0:60@6+1', '0:65@6.5+0.5', '0:69@7+1', '0:71@8+0.5', '0:67@8.5+0.5',
    ].sort());
  });

  it('**text beside **kern is read past; null tokens continue the note', () => {
    const score = readKern(kernFile('humlib-test-simple-text.krn'), 't.krn');
    expect(quarterNotes(score)).toEqual(['0:60@0+1', '0:62@1+1', '0:64@2+1', '0:65@3+1'].sort());
    expect(score.meta.voiceNames).toEqual(['spine 1']);
  });

  it('rhythms: a **recip-only file is refused (no **kern spine), and every recip in it reads as the Humdrum manual says', () => {
    const text = kernFile('humlib-test-rhythms.krn');
    expect(() => readKern(text, 'r.krn')).toThrow('r.krn: line 3: no **kern spine (the spines are **recip)');
    const recips = text.split('\n').filter((l) => /^\d/.test(l));
    const expected = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 1, 0.5, 0.25, 0.125, 1 / 16, 1 / 32, 1 / 64, 1 / 128, 1 / 256, 1 / 512];
    expect(recips.map((r) => toNumber(recipQuarters(r)!))).toEqual(expected);
  });
});

describe('reading **kern', () => {
  it('reads examples/bach-prelude-c-major.krn as the built-in prelude, note for note (35 bars, split staff, ties, ritardando)', () => {
    const score = readKern(readFileSync(new URL('../../../examples/bach-prelude-c-major.krn', import.meta.url), 'utf8'), 'prelude.krn');
    const key = (s: Score): string[] => s.notes.map((n) => `${n.pitch}@${n.onset.toFixed(9)}+${n.duration.toFixed(9)}`).sort();
    const builtIn = bachPreludeInC();
    expect(score.notes).toHaveLength(549);
    expect(key(score)).toEqual(key(builtIn));
    expect(score.tempos.map((t) => [+t.time.toFixed(6), t.bpm])).toEqual(builtIn.tempos.map((t) => [+t.time.toFixed(6), +t.bpm.toFixed(6)]));
    expect(score.meta).toMatchObject({ title: 'Prelude in C major', composer: 'Bach, Johann Sebastian', key: 'C major', voiceNames: ['staff 1', 'staff 2'] });
  });

  it('reads tempo, title, composer, key, instrument names and ties into the score', () => {
    const text = [
      '!!!COM: Bach, Johann Sebastian',
      '!!!OTL: Chorale',
      '**kern\t**kern',
      '*I"Bass\t*I"Soprano',
      '*k[f#]\t*k[f#]',
      '*G:\t*G:',
      '*M3/4\t*M3/4',
      '*MM90\t*MM90',
      '=1-\t=1-',
      '4G\t[2d',
      '4B\t.',
      '4D\t4d]',
      '=2\t=2',
      '*MM60\t*MM60',
      '2.G 2.B\t2.g',
      '==\t==',
      '*-\t*-',
    ].join('\n');
    const score = readKern(text, 'chorale.krn');
    expect(score.meta).toMatchObject({ title: 'Chorale', composer: 'Bach, Johann Sebastian', key: 'G major', voiceNames: ['Soprano', 'Bass'] });
    expect(score.tempos).toEqual([{ time: 0, bpm: 90 }, { time: 2, bpm: 60 }]); // 3 quarters at 90 = 2 s
    expect(score.timeSignatures).toEqual([{ time: 0, numerator: 3, denominator: 4 }]);
    const seconds = score.notes.map((n) => [n.voice, n.pitch, +n.onset.toFixed(9), +n.duration.toFixed(9)]);
    expect(seconds).toEqual([
      [1, 55, 0, 0.666666667], // 4G at 90 per minute: G3
      [0, 62, 0, 2], // [2d tied to 4d]: one note of three quarters
      [1, 59, 0.666666667, 0.666666667],
      [1, 50, 1.333333333, 0.666666667],
      [1, 55, 2, 3], // the chord 2.G 2.B at 60 per minute
      [1, 59, 2, 3],
      [0, 67, 2, 3],
    ]);
    expect(score.notes.every((n) => n.velocity === KERN_DEFAULT_VELOCITY)).toBe(true);
  });

  it('reads triplets exactly: three 12ths end where an 8th and an 8th do', () => {
    const text = '**kern\t**kern\n12c\t8C\n12d\t.\n.\t8D\n12e\t.\n4f\t4F\n*-\t*-\n';
    const score = readKern(text, 'triplets.krn');
    // The left spine is the lower staff: voice 1.
    expect(quarterNotes(score)).toEqual(['1:60@0+0.333333', '0:48@0+0.5', '1:62@0.333333+0.333333', '0:50@0.5+0.5', '1:64@0.666667+0.333333', '1:65@1+1', '0:53@1+1'].sort());
  });

  it('gives the key from a minor key designation with a flat: *e-: is E♭ minor', () => {
    expect(readKern('**kern\n*e-:\n4e-\n*-\n', 'k.krn').meta.key).toBe('Eb minor');
  });

  it('accepts Windows line ends, a byte-order mark and blank lines', () => {
    const score = readKern('\uFEFF**kern\r\n4c\r\n\r\n4d\r\n*-\r\n', 'crlf.krn');
    expect(score.notes.map((n) => n.pitch)).toEqual([60, 62]);
  });

  // Each broken file is refused with one line that names the file, the line and (where it is one field) the spine.
  const broken: Array<[string, string, RegExp]> = [
    ['empty', '', /^b\.krn: empty file$/],
    ['comments only', '!! nothing\n', /^b\.krn: no Humdrum records/],
    ['no exclusive interpretation', '4c\n*-\n', /^b\.krn: line 1, spine 1: a Humdrum file starts with its exclusive interpretations/],
    ['no **kern spine', '**text\nla\n*-\n', /^b\.krn: line 1: no \*\*kern spine \(the spines are \*\*text\)/],
    ['too few fields', '**kern\t**kern\n4c\n*-\t*-\n', /^b\.krn: line 2: 1 field, but 2 spines are open$/],
    ['too many fields', '**kern\n4c\t4d\n*-\n', /^b\.krn: line 2: 2 fields, but 1 spine is open$/],
    ['no terminator', '**kern\n4c\n4d\n', /^b\.krn: ends with 1 spine open \(no \*- terminator\): the file may be cut short$/],
    ['a record after the end', '**kern\n4c\n*-\n4d\n', /^b\.krn: line 4: a record after every spine has ended/],
    ['a second segment', '**kern\n4c\n*-\n**kern\n4d\n*-\n', /^b\.krn: line 4: a second Humdrum segment/],
    ['bad token', '**kern\n4c\n4x\n*-\n', /^b\.krn: line 3, spine 1: "4x" has neither a pitch nor a rest$/],
    ['two pitches', '**kern\n4cd\n*-\n', /^b\.krn: line 2, spine 1: "4cd" has two pitches/],
    ['no duration', '**kern\nc\n*-\n', /^b\.krn: line 2, spine 1: "c" has no duration/],
    ['pitch out of range', '**kern\n4CCCCCCC\n*-\n', /^b\.krn: line 2, spine 1: .*outside the MIDI range/],
    ['interpretation in data', '**kern\t**kern\n4c\t*M3/4\n*-\t*-\n', /^b\.krn: line 2, spine 2: "\*M3\/4" in a data record/],
    ['half a bar line', '**kern\t**kern\n=1\t4c\n*-\t*-\n', /^b\.krn: line 2, spine 2: "4c" in a bar-line record/],
    ['a lone *v', '**kern\n*v\n*-\n', /^b\.krn: line 2, spine 1: a lone \*v/],
    ['a lone *x', '**kern\t**kern\n*x\t*\n*-\t*-\n', /^b\.krn: line 2, spine 1: a lone \*x/],
    ['*+ without its type', '**kern\n*+\n4c\t4d\n*-\t*-\n', /^b\.krn: line 3, spine 2: the spine opened by \*\+ needs its exclusive interpretation/],
    ['** in an open spine', '**kern\n**kern\n*-\n', /^b\.krn: line 2, spine 1: "\*\*kern" in a spine that is already open/],
    ['bad metre', '**kern\n*M3/5\n4c\n*-\n', /^b\.krn: line 2, spine 1: "\*M3\/5" is not a time signature/],
    ['zero tempo', '**kern\n*MM0\n4c\n*-\n', /^b\.krn: line 2, spine 1: tempo "\*MM0" is not a positive number/],
    [
      'rhythm that does not add up',
      '**kern\t**kern\n=1\t=1\n4c\t2c\n8d\t.\n4e\t2e\n*-\t*-\n',
      /^b\.krn: line 5, spine 2: the rhythm does not add up \(bar 1\): this spine's previous notes end 1\/2 quarter notes after the time the other spines give this record$/,
    ],
  ];
  for (const [what, text, message] of broken) {
    it(`refuses ${what} in one line`, () => {
      let caught: unknown;
      try {
        readKern(text, 'b.krn');
      } catch (err) {
        caught = err;
      }
      expect(caught).toBeInstanceOf(FormatError);
      const m = (caught as Error).message;
      expect(m.includes('\n')).toBe(false);
      expect(m).toMatch(message);
    });
  }
});

// ---- properties: kern written from known parts reads back as those parts ----

const RECIPS = ['1', '2', '4', '8', '16', '2.', '4.', '8.', '3', '6', '12'] as const;
const LETTERS = ['C', 'D', 'E', 'F', 'G', 'A', 'B'] as const;
const PC: Record<string, number> = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 };

interface Event {
  /** Pitches of a chord (each written with its octave marks), empty for a rest. */
  pitches: Array<{ letter: string; octave: number; accidental: '' | '#' | '-' }>;
  recip: string;
  /** Written as two tied tokens, the second of this recip. */
  tieRecip?: string;
}

const arbPitch = fc.record({
  letter: fc.constantFrom(...LETTERS),
  octave: fc.integer({ min: 2, max: 6 }),
  accidental: fc.constantFrom('' as const, '#' as const, '-' as const),
});
const arbEvent: fc.Arbitrary<Event> = fc.record(
  {
    pitches: fc.oneof(
      { weight: 1, arbitrary: fc.constant<Event['pitches']>([]) },
      { weight: 4, arbitrary: fc.array(arbPitch, { minLength: 1, maxLength: 3 }) },
    ),
    recip: fc.constantFrom(...RECIPS),
    tieRecip: fc.constantFrom(...RECIPS),
  },
  { requiredKeys: ['pitches', 'recip'] },
);

function kernPitch(p: Event['pitches'][number]): string {
  const lower = p.letter.toLowerCase();
  const letters = p.octave >= 4 ? lower.repeat(p.octave - 3) : p.letter.repeat(4 - p.octave);
  return letters + p.accidental;
}

function midi(p: Event['pitches'][number]): number {
  return 12 * (p.octave + 1) + PC[p.letter]! + (p.accidental === '#' ? 1 : p.accidental === '-' ? -1 : 0);
}

const q = (recip: string): number => toNumber(recipQuarters(recip)!);

/** Writes parts (left to right) as a Humdrum file: one record per distinct onset, null tokens elsewhere. */
function writeKern(parts: Event[][], bpm: number): { text: string; expected: string[] } {
  type Token = { time: number; text: string };
  const spines: Token[][] = [];
  const expected: string[] = [];
  parts.forEach((events, k) => {
    const voice = parts.length - 1 - k;
    let t = 0;
    const tokens: Token[] = [];
    for (const e of events) {
      const tied = e.tieRecip !== undefined && e.pitches.length === 1;
      if (e.pitches.length === 0) tokens.push({ time: t, text: `${e.recip}r` });
      else if (tied) tokens.push({ time: t, text: `[${e.recip}${kernPitch(e.pitches[0]!)}` });
      else tokens.push({ time: t, text: e.pitches.map((p) => e.recip + kernPitch(p)).join(' ') });
      const total = q(e.recip) + (tied ? q(e.tieRecip!) : 0);
      for (const p of e.pitches) expected.push(`${voice}:${midi(p)}@${+t.toFixed(6)}+${+total.toFixed(6)}`);
      t += q(e.recip);
      if (tied) {
        tokens.push({ time: t, text: `${e.tieRecip}${kernPitch(e.pitches[0]!)}]` });
        t += q(e.tieRecip!);
      }
    }
    spines.push(tokens);
  });
  const key = (t: number): string => t.toFixed(9);
  const times = [...new Set(spines.flatMap((s) => s.map((tok) => key(tok.time))))].sort((a, b) => Number(a) - Number(b));
  const lines = [parts.map(() => '**kern').join('\t'), parts.map(() => `*MM${bpm}`).join('\t')];
  for (const time of times) {
    lines.push(spines.map((s) => s.find((tok) => key(tok.time) === time)?.text ?? '.').join('\t'));
    if (Number(time) % 4 === 0 && Number(time) > 0) lines.splice(lines.length - 1, 0, parts.map(() => '=').join('\t'));
  }
  lines.push(parts.map(() => '*-').join('\t'));
  return { text: lines.join('\n') + '\n', expected };
}

describe('reading **kern: properties', () => {
  it('kern written from random parts (chords, rests, ties, tuplets, dots) reads back note for note', () => {
    fc.assert(
      fc.property(fc.array(fc.array(arbEvent, { minLength: 1, maxLength: 12 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 40, max: 200 }), (parts, bpm) => {
        const { text, expected } = writeKern(parts, bpm);
        const score = readKern(text, 'random.krn');
        const got = quarterNotes(score).sort();
        expect(got).toEqual([...expected].sort());
        expect(score.tempos).toEqual([{ time: 0, bpm }]);
      }),
      { numRuns: 150 },
    );
  });

  it('a part split into two sub-spines and joined again reads as the two voices written apart', () => {
    fc.assert(
      fc.property(fc.array(arbEvent, { minLength: 1, maxLength: 8 }), fc.array(arbEvent, { minLength: 1, maxLength: 8 }), (upper, lower) => {
        // Pad the shorter voice with rests so both end together, as sub-spines joined by *v must.
        const length = (events: Event[]): number => events.reduce((s, e) => s + q(e.recip) + (e.tieRecip && e.pitches.length === 1 ? q(e.tieRecip) : 0), 0);
        const pad = (events: Event[], to: number): Event[] => {
          const out = [...events];
          let missing = to - length(events);
          for (const r of ['1', '2', '4', '8', '16', '3', '6', '12', '48']) {
            while (missing >= q(r) - 1e-9) {
              out.push({ pitches: [], recip: r });
              missing -= q(r);
            }
          }
          return out;
        };
        const end = Math.max(length(upper), length(lower));
        const a = pad(upper, end);
        const b = pad(lower, end);
        const apart = writeKern([b, a], 120);
        const body = apart.text.split('\n').slice(2, -2); // the records between *MM and *-
        const text = ['**kern', '4C', '*^', ...body, '*v\t*v', '4C', '*-', ''].join('\n');
        const score = readKern(text, 'split.krn');
        const shift = (n: string): string => n.replace(/^\d+:(\d+)@([\d.]+)/, (_, p: string, t: string) => `0:${p}@${+(Number(t) + 1).toFixed(6)}`);
        const expected = ['0:48@0+1', ...apart.expected.map(shift), `0:48@${+(end + 1).toFixed(6)}+1`].sort();
        expect(quarterNotes(score).sort()).toEqual(expected);
      }),
      { numRuns: 100 },
    );
  });

  it('any text either reads or is refused with a FormatError naming the file', () => {
    const unit = fc.constantFrom('\t', '\n', '*', '**kern', '*^', '*v', '*x', '*+', '*-', '.', '=', '!', '4', '8.', 'c', 'CC', '#', '-', 'r', '[', ']', 'q', ' ', '**text', '3');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), (units) => {
        try {
          const score = readKern(units.join(''), 'fuzz.krn');
          for (const n of score.notes) expect(n.duration > 0 && Number.isFinite(n.onset)).toBe(true);
        } catch (err) {
          expect(err).toBeInstanceOf(FormatError);
          expect((err as Error).message.startsWith('fuzz.krn: ')).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });
});
