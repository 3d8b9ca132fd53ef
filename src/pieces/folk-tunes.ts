/**
 * The built-in corpus: public-domain melodies encoded by hand for this project, so that the composers work in a
 * fresh clone with no corpus of the user's own. Three are Stephen Foster's (1848–1851), the composer of the
 * original transition-matrix experiments; the rest are traditional tunes, a chorale-like hymn tune and Beethoven's
 * "Ode to Joy" theme. Each is a single line: note name with octave (C4 = middle C) and duration in quarter notes,
 * bars separated by "|"; the first bar may be a pickup.
 */
import { pitchFromName } from '../score/pitch.js';
import { createScore } from '../score/ops.js';
import type { NoteEvent, Score } from '../score/types.js';

/** One encoded tune. */
export interface FolkTune {
  id: string;
  title: string;
  composer: string;
  /** Key as written, e.g. "D major". */
  key: string;
  numerator: number;
  denominator: number;
  /** Quarter notes before the first full bar (0 = none). */
  pickup: number;
  /** "NAME/BEATS" tokens, bars separated by "|". */
  notes: string;
}

/** The tunes of the built-in corpus. */
export const FOLK_TUNES: readonly FolkTune[] = [
  {
    id: 'ode-to-joy',
    title: 'Ode to Joy (theme)',
    composer: 'Ludwig van Beethoven, 1824',
    key: 'D major',
    numerator: 4,
    denominator: 4,
    pickup: 0,
    notes:
      'F#4/1 F#4/1 G4/1 A4/1 | A4/1 G4/1 F#4/1 E4/1 | D4/1 D4/1 E4/1 F#4/1 | F#4/1.5 E4/0.5 E4/2 | F#4/1 F#4/1 G4/1 A4/1 | A4/1 G4/1 F#4/1 E4/1 | D4/1 D4/1 E4/1 F#4/1 | E4/1.5 D4/0.5 D4/2 | ' +
      'E4/1 E4/1 F#4/1 D4/1 | E4/1 F#4/0.5 G4/0.5 F#4/1 D4/1 | E4/1 F#4/0.5 G4/0.5 F#4/1 E4/1 | D4/1 E4/1 A3/2 | F#4/1 F#4/1 G4/1 A4/1 | A4/1 G4/1 F#4/1 E4/1 | D4/1 D4/1 E4/1 F#4/1 | E4/1.5 D4/0.5 D4/2',
  },
  {
    id: 'oh-susanna',
    title: 'Oh! Susanna (verse)',
    composer: 'Stephen Foster, 1848',
    key: 'C major',
    numerator: 2,
    denominator: 4,
    pickup: 1,
    notes:
      'C4/0.5 D4/0.5 | E4/0.5 G4/0.5 G4/0.75 A4/0.25 | G4/0.5 E4/0.5 C4/0.75 D4/0.25 | E4/0.5 E4/0.5 D4/0.5 C4/0.5 | D4/1 C4/0.5 D4/0.5 | ' +
      'E4/0.5 G4/0.5 G4/0.75 A4/0.25 | G4/0.5 E4/0.5 C4/0.75 D4/0.25 | E4/0.5 E4/0.5 D4/0.5 D4/0.5 | C4/2',
  },
  {
    id: 'camptown-races',
    title: 'Camptown Races (verse)',
    composer: 'Stephen Foster, 1850',
    key: 'C major',
    numerator: 2,
    denominator: 4,
    pickup: 0,
    notes: 'G4/0.5 G4/0.5 E4/0.5 G4/0.5 | A4/0.5 G4/0.5 E4/1 | E4/0.5 D4/1.5 | E4/0.5 D4/1.5 | G4/0.5 G4/0.5 E4/0.5 G4/0.5 | A4/0.5 G4/0.5 E4/1 | D4/0.5 D4/0.5 E4/0.5 D4/0.5 | C4/2',
  },
  {
    id: 'old-folks-at-home',
    title: 'Old Folks at Home (verse)',
    composer: 'Stephen Foster, 1851',
    key: 'C major',
    numerator: 4,
    denominator: 4,
    pickup: 0,
    notes:
      'E4/1.5 D4/0.5 C4/0.5 E4/0.5 D4/0.5 C4/0.5 | C5/1 A4/1 C5/2 | G4/3 E4/0.5 C4/0.5 | D4/4 | ' +
      'E4/1.5 D4/0.5 C4/0.5 E4/0.5 D4/0.5 C4/0.5 | C5/1 A4/1 C5/2 | G4/1.5 E4/0.5 C4/0.5 D4/0.5 D4/1 | C4/4',
  },
  {
    id: 'twinkle',
    title: 'Ah! vous dirai-je, maman (Twinkle, Twinkle)',
    composer: 'French traditional, 1761',
    key: 'C major',
    numerator: 4,
    denominator: 4,
    pickup: 0,
    notes:
      'C4/1 C4/1 G4/1 G4/1 | A4/1 A4/1 G4/2 | F4/1 F4/1 E4/1 E4/1 | D4/1 D4/1 C4/2 | G4/1 G4/1 F4/1 F4/1 | E4/1 E4/1 D4/2 | G4/1 G4/1 F4/1 F4/1 | E4/1 E4/1 D4/2 | ' +
      'C4/1 C4/1 G4/1 G4/1 | A4/1 A4/1 G4/2 | F4/1 F4/1 E4/1 E4/1 | D4/1 D4/1 C4/2',
  },
  {
    id: 'frere-jacques',
    title: 'Frère Jacques',
    composer: 'French traditional, 18th century',
    key: 'F major',
    numerator: 4,
    denominator: 4,
    pickup: 0,
    notes:
      'F4/1 G4/1 A4/1 F4/1 | F4/1 G4/1 A4/1 F4/1 | A4/1 Bb4/1 C5/2 | A4/1 Bb4/1 C5/2 | C5/0.5 D5/0.5 C5/0.5 Bb4/0.5 A4/1 F4/1 | C5/0.5 D5/0.5 C5/0.5 Bb4/0.5 A4/1 F4/1 | F4/1 C4/1 F4/2 | F4/1 C4/1 F4/2',
  },
  {
    id: 'au-clair-de-la-lune',
    title: 'Au clair de la lune',
    composer: 'French traditional, 18th century',
    key: 'G major',
    numerator: 4,
    denominator: 4,
    pickup: 0,
    notes:
      'G4/1 G4/1 G4/1 A4/1 | B4/2 A4/2 | G4/1 B4/1 A4/1 A4/1 | G4/4 | G4/1 G4/1 G4/1 A4/1 | B4/2 A4/2 | G4/1 B4/1 A4/1 A4/1 | G4/4 | ' +
      'A4/1 A4/1 A4/1 A4/1 | E4/2 E4/2 | A4/1 G4/1 F#4/1 E4/1 | D4/4 | G4/1 G4/1 G4/1 A4/1 | B4/2 A4/2 | G4/1 B4/1 A4/1 A4/1 | G4/4',
  },
  {
    id: 'yankee-doodle',
    title: 'Yankee Doodle',
    composer: 'American traditional, 18th century',
    key: 'G major',
    numerator: 4,
    denominator: 4,
    pickup: 0,
    notes: 'G4/1 G4/1 A4/1 B4/1 | G4/1 B4/1 A4/1 D4/1 | G4/1 G4/1 A4/1 B4/1 | G4/2 F#4/2 | G4/1 G4/1 A4/1 B4/1 | C5/1 B4/1 A4/1 G4/1 | F#4/1 D4/1 E4/1 F#4/1 | G4/2 G4/2',
  },
  {
    id: 'mary-had-a-little-lamb',
    title: 'Mary Had a Little Lamb',
    composer: 'Lowell Mason, 1830',
    key: 'C major',
    numerator: 4,
    denominator: 4,
    pickup: 0,
    notes: 'E4/1 D4/1 C4/1 D4/1 | E4/1 E4/1 E4/2 | D4/1 D4/1 D4/2 | E4/1 G4/1 G4/2 | E4/1 D4/1 C4/1 D4/1 | E4/1 E4/1 E4/1 E4/1 | D4/1 D4/1 E4/1 D4/1 | C4/4',
  },
  {
    id: 'london-bridge',
    title: 'London Bridge',
    composer: 'English traditional',
    key: 'C major',
    numerator: 4,
    denominator: 4,
    pickup: 0,
    notes: 'G4/1.5 A4/0.5 G4/1 F4/1 | E4/1 F4/1 G4/2 | D4/1 E4/1 F4/2 | E4/1 F4/1 G4/2 | G4/1.5 A4/0.5 G4/1 F4/1 | E4/1 F4/1 G4/2 | D4/2 G4/2 | E4/1 C4/3',
  },
  {
    id: 'greensleeves',
    title: 'Greensleeves',
    composer: 'English traditional, 16th century',
    key: 'A minor',
    numerator: 3,
    denominator: 4,
    pickup: 1,
    notes:
      'A4/1 | C5/2 D5/1 | E5/1.5 F5/0.5 E5/1 | D5/2 B4/1 | G4/1.5 A4/0.5 B4/1 | C5/2 A4/1 | A4/1.5 G#4/0.5 A4/1 | B4/2 G#4/1 | E4/2 A4/1 | ' +
      'C5/2 D5/1 | E5/1.5 F5/0.5 E5/1 | D5/2 B4/1 | G4/1.5 A4/0.5 B4/1 | C5/1.5 B4/0.5 A4/1 | G#4/1.5 F#4/0.5 G#4/1 | A4/2',
  },
  {
    id: 'new-britain',
    title: 'New Britain (Amazing Grace)',
    composer: 'American hymn tune, 1829',
    key: 'G major',
    numerator: 3,
    denominator: 4,
    pickup: 1,
    notes:
      'D4/1 | G4/2 B4/0.5 G4/0.5 | B4/2 A4/1 | G4/2 E4/1 | D4/2 D4/1 | G4/2 B4/0.5 G4/0.5 | B4/2 A4/1 | D5/3 | D5/2 B4/1 | ' +
      'D5/1.5 B4/0.5 D5/0.5 B4/0.5 | G4/2 D4/1 | E4/1.5 G4/0.5 G4/0.5 E4/0.5 | D4/2 D4/1 | G4/2 B4/0.5 G4/0.5 | B4/2 A4/1 | G4/2',
  },
];

/** Tempo of the built-in tunes as scores (quarter notes per minute). */
export const FOLK_TUNE_BPM = 100;

/**
 * Parses a tune's notes into pitches and durations (quarter notes), checking every bar's length. Throws a
 * RangeError naming the tune and the bar.
 */
export function parseFolkTune(tune: FolkTune): { pitches: number[]; durations: number[] } {
  const bar = (tune.numerator * 4) / tune.denominator;
  const pitches: number[] = [];
  const durations: number[] = [];
  const bars = tune.notes.split('|').map((b) => b.trim());
  bars.forEach((text, b) => {
    let sum = 0;
    for (const token of text.split(/\s+/)) {
      const m = /^([A-G][#b]?-?\d)\/(\d+(?:\.\d+)?)$/.exec(token);
      if (!m) throw new RangeError(`${tune.id}: "${token}" in bar ${b + 1} is not NAME/BEATS`);
      pitches.push(pitchFromName(m[1]!));
      durations.push(Number(m[2]));
      sum += Number(m[2]);
    }
    const first = b === 0 && tune.pickup > 0;
    const last = b === bars.length - 1;
    const want = first ? tune.pickup : bar;
    // The last bar may be short by the pickup (the pickup completes it).
    if (Math.abs(sum - want) > 1e-9 && !(last && tune.pickup > 0 && Math.abs(sum - (bar - tune.pickup)) < 1e-9)) {
      throw new RangeError(`${tune.id}: bar ${b + 1} holds ${sum} quarter notes, not ${want}`);
    }
  });
  return { pitches, durations };
}

/**
 * A tune as a one-voice score at {@link FOLK_TUNE_BPM}, with its time signature and written key; notes are
 * played legato at 95 % of their length.
 * @example
 * folkTuneScore(FOLK_TUNES[0]!).meta.title; // → 'Ode to Joy (theme)'
 */
export function folkTuneScore(tune: FolkTune): Score {
  const { pitches, durations } = parseFolkTune(tune);
  const spb = 60 / FOLK_TUNE_BPM;
  const bar = (tune.numerator * 4) / tune.denominator;
  // The pickup is placed at the end of an empty bar, so that bar lines fall where the file's metre says.
  let t = tune.pickup > 0 ? bar - tune.pickup : 0;
  const notes: NoteEvent[] = pitches.map((pitch, i) => {
    const n: NoteEvent = { onset: t * spb, duration: durations[i]! * spb * 0.95, pitch, velocity: 0.7, voice: 0 };
    t += durations[i]!;
    return n;
  });
  return createScore(notes, {
    tempos: [{ time: 0, bpm: FOLK_TUNE_BPM }],
    timeSignatures: [{ time: 0, numerator: tune.numerator, denominator: tune.denominator }],
    meta: { title: tune.title, composer: tune.composer, source: `built-in: ${tune.title}`, key: tune.key, voiceNames: ['melody'] },
  });
}

/** Every built-in tune as a score. */
export function builtInCorpusScores(): Score[] {
  return FOLK_TUNES.map(folkTuneScore);
}
