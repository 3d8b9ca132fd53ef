/**
 * The built-in demo piece: J. S. Bach, Prelude in C major, BWV 846 (The Well-Tempered Clavier I, 1722; public
 * domain), written out from its harmony. Each bar of the prelude is one five-note chord voicing played in a fixed
 * figure, twice per bar: the bass note held for a half note, the second note held from the second sixteenth, and
 * the upper three notes arpeggiated twice as sixteenths. The voicings below are the chord of each bar, lowest note
 * first; the last three bars (the coda over the tonic pedal) are written out note by note.
 */
import { pitchFromName } from '../score/pitch.js';
import { createScore } from '../score/ops.js';
import { beatsToSeconds } from '../score/tempo.js';
import type { NoteEvent, Score, TempoChange } from '../score/types.js';

/** Bars 1–32: the chord of each bar, as five note names from the bottom up. */
export const BWV846_VOICINGS: readonly string[] = [
  'C4 E4 G4 C5 E5', // 1  C
  'C4 D4 A4 D5 F5', // 2  Dm7/C
  'B3 D4 G4 D5 F5', // 3  G7/B
  'C4 E4 G4 C5 E5', // 4  C
  'C4 E4 A4 E5 A5', // 5  Am/C
  'C4 D4 F#4 A4 D5', // 6  D7/C
  'B3 D4 G4 D5 G5', // 7  G/B
  'B3 C4 E4 G4 C5', // 8  Cmaj7/B
  'A3 C4 E4 G4 C5', // 9  Am7
  'D3 A3 D4 F#4 C5', // 10 D7
  'G3 B3 D4 G4 B4', // 11 G
  'G3 Bb3 E4 G4 C#5', // 12 C#dim7/G
  'F3 A3 D4 A4 D5', // 13 Dm/F
  'F3 Ab3 D4 F4 B4', // 14 Bdim7/F
  'E3 G3 C4 G4 C5', // 15 C/E
  'E3 F3 A3 C4 F4', // 16 Fmaj7/E
  'D3 F3 A3 C4 F4', // 17 Dm7
  'G2 D3 G3 B3 F4', // 18 G7
  'C3 E3 G3 C4 E4', // 19 C
  'C3 G3 Bb3 C4 E4', // 20 C7
  'F2 F3 A3 C4 E4', // 21 Fmaj7
  'F#2 C3 A3 C4 Eb4', // 22 F#dim7
  'Ab2 F3 B3 C4 D4', // 23 Bdim7/Ab
  'G2 F3 G3 B3 D4', // 24 G7
  'G2 E3 G3 C4 E4', // 25 C/G
  'G2 D3 G3 C4 F4', // 26 G7sus4
  'G2 D3 G3 B3 F4', // 27 G7
  'G2 Eb3 A3 C4 F#4', // 28 F#dim7/G
  'G2 E3 G3 C4 G4', // 29 C/G
  'G2 D3 G3 C4 F4', // 30 G7sus4
  'G2 D3 G3 B3 F4', // 31 G7
  'C2 C3 G3 Bb3 E4', // 32 C7
];

/** Bars 33–34: tonic pedal with the sixteenths written out (15 after the pedal note). */
const CODA_FIGURES: readonly string[] = [
  'C3 F3 A3 C4 F4 C4 A3 C4 A3 F3 A3 F3 D3 F3 D3', // 33
  'B2 G3 B3 D4 F4 D4 B3 D4 B3 G3 B3 D3 F3 E3 D3', // 34
];
/** Bar 35: the final chord over the pedal. */
const FINAL_CHORD = 'C2 C3 E4 G4 C5';

const pitches = (voicing: string): number[] => voicing.split(/\s+/).map(pitchFromName);

/** Options for {@link bachPreludeInC}. */
export interface BachPreludeOptions {
  /** Quarter-note tempo, default 66 bpm (the coda slows down from it). */
  bpm?: number;
  /** Number of bars to include, 1–35 (default all 35). */
  bars?: number;
}

/**
 * The Prelude in C major, BWV 846, generated from its chord-per-bar harmony.
 * @example
 * const score = bachPreludeInC();
 * score.notes.length; // 32 bars × 16 + coda
 */
export function bachPreludeInC(options: BachPreludeOptions = {}): Score {
  const bpm = options.bpm ?? 66;
  const bars = options.bars ?? 35;
  if (!(bpm > 0 && bpm <= 400)) throw new RangeError(`bpm must be in (0, 400], got ${bpm}`);
  if (!Number.isInteger(bars) || bars < 1 || bars > 35) throw new RangeError(`bars must be 1–35, got ${bars}`);
  // A gentle ritardando over the last two bars.
  const tempos: TempoChange[] = [{ time: 0, bpm }];
  const beatTempos = [
    { beat: 33 * 4, bpm: bpm * 0.92 },
    { beat: 34 * 4, bpm: bpm * 0.8 },
  ];
  for (const t of beatTempos) {
    if (t.beat < bars * 4) tempos.push({ time: beatsToSeconds(tempos, t.beat), bpm: t.bpm });
  }
  const at = (beat: number): number => beatsToSeconds(tempos, beat);
  const notes: NoteEvent[] = [];
  const add = (beat: number, beats: number, pitch: number, velocity: number, voice: number): void => {
    const onset = at(beat);
    notes.push({ onset, duration: at(beat + beats) - onset, pitch, velocity, voice });
  };
  for (let bar = 0; bar < Math.min(bars, 32); bar++) {
    const [n1, n2, n3, n4, n5] = pitches(BWV846_VOICINGS[bar]!) as [number, number, number, number, number];
    // A slow swell and relaxation over the piece, strongest around the dominant pedal (bars 24–31).
    const arc = 0.5 + 0.18 * Math.sin((Math.PI * bar) / 31) + (bar >= 23 && bar <= 30 ? 0.06 : 0);
    for (let half = 0; half < 2; half++) {
      const beat = bar * 4 + half * 2;
      add(beat, 2, n1, arc + 0.08, 0);
      add(beat + 0.25, 1.75, n2, arc + 0.02, 1);
      const figure = [n3, n4, n5, n3, n4, n5];
      figure.forEach((p, i) => add(beat + 0.5 + i * 0.25, 0.25, p, arc - 0.04 + (i % 3 === 0 ? 0.05 : 0), 2));
    }
  }
  for (let bar = 32; bar < Math.min(bars, 34); bar++) {
    const beat = bar * 4;
    add(beat, 4, pitchFromName('C2'), 0.6, 0);
    pitches(CODA_FIGURES[bar - 32]!).forEach((p, i) => add(beat + 0.25 * (i + 1), 0.25, p, 0.52 - 0.01 * i, 2));
  }
  if (bars === 35) {
    const chord = pitches(FINAL_CHORD);
    chord.forEach((p, i) => add(34 * 4, 4, p, i < 2 ? 0.58 : 0.5, i < 1 ? 0 : i < 2 ? 1 : 2));
  }
  return createScore(notes, {
    tempos,
    timeSignatures: [{ time: 0, numerator: 4, denominator: 4 }],
    meta: {
      title: 'Prelude in C major, BWV 846',
      composer: 'Johann Sebastian Bach',
      source: 'built-in',
      key: 'C major',
      voiceNames: ['bass', 'tenor', 'figuration'],
    },
  });
}
