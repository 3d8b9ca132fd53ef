/**
 * A seeded corpus of pieces for evaluating beat trackers, each with its ground truth from its own tempo map. A
 * piece is a texture (how the beat is carried: a waltz's bass and chords, a march's oom-pah, an Alberti bass under
 * a melody, a chorale, syncopated melody over held bass, or steady arpeggiated sixteenths without accents, as in
 * Bach's C-major prelude) over a chord progression, played with expressive timing: a tempo curve (slow sinusoidal
 * rubato plus a final ritardando, written into the tempo map, so the notated beats move with it) and per-note
 * onset jitter (a player's imprecision; the ground truth stays on the notated beat). Rendering with several
 * instruments and adding noise at a stated SNR is left to the caller (`renderScore` here, fluidsynth in Node).
 */
import { createRandom, type Random } from '../math/random.js';
import { createScore } from '../score/ops.js';
import { humanize } from '../score/performance.js';
import { beatGrid, beatsToSeconds } from '../score/tempo.js';
import type { NoteEvent, Score, TempoChange } from '../score/types.js';

/** How the beat is carried. */
export type BeatTexture = 'waltz' | 'march' | 'alberti' | 'chorale' | 'syncopated' | 'arpeggio';

/** Every texture, in a fixed order. */
export const BEAT_TEXTURES: readonly BeatTexture[] = ['waltz', 'march', 'alberti', 'chorale', 'syncopated', 'arpeggio'];

/** Options of {@link generateBeatPiece}; unset fields are drawn from the seed. */
export interface BeatPieceOptions {
  texture?: BeatTexture;
  /** Mean tempo in beats per minute (default: log-uniform 60–150). */
  bpm?: number;
  /** Depth of the sinusoidal tempo curve, a fraction of the tempo (default: uniform 0–0.12). */
  rubato?: number;
  /** Slowing over the last two bars, a fraction of the tempo (default: uniform 0–0.3). */
  ritardando?: number;
  /** Standard deviation of each note's onset jitter, seconds (default: uniform 0–0.02). */
  jitterSeconds?: number;
  /** Length, bars (default 16). */
  bars?: number;
}

/** A generated piece and the beats it is scored against. */
export interface BeatPiece {
  name: string;
  score: Score;
  /** The notated beats (one per denominator note value, the tempo map's times), seconds. */
  beats: number[];
  downbeats: number[];
  texture: BeatTexture;
  /** Mean tempo, beats per minute. */
  bpm: number;
  rubato: number;
  ritardando: number;
  jitterSeconds: number;
}

// Chords as scale degrees (0 = tonic) of a major or minor key; voiced in close position above a bass.
const PROGRESSIONS = [
  [0, 3, 4, 0],
  [0, 5, 3, 4],
  [0, 5, 1, 4],
  [0, 3, 0, 4],
  [5, 3, 0, 4],
];
const MAJOR = [0, 2, 4, 5, 7, 9, 11];
const MINOR = [0, 2, 3, 5, 7, 8, 11];

function chordPitches(root: number, degree: number, scale: readonly number[]): number[] {
  return [0, 2, 4].map((s) => {
    const d = degree + s;
    return root + scale[d % 7]! + 12 * Math.floor(d / 7);
  });
}

/**
 * A tempo map with one change per beat: bpm(b) = bpm·(1 + rubato·sin(2πb/P + φ)), slowed over the last two bars
 * by up to `ritardando`.
 */
function tempoCurve(rng: Random, bpm: number, rubato: number, ritardando: number, beats: number, beatsPerBar: number): TempoChange[] {
  const period = rng.uniform(8, 24);
  const phase = rng.uniform(0, 2 * Math.PI);
  const out: TempoChange[] = [];
  let time = 0;
  const ritStart = beats - 2 * beatsPerBar;
  for (let b = 0; b <= beats; b++) {
    let v = bpm * (1 + rubato * Math.sin((2 * Math.PI * b) / period + phase));
    if (b > ritStart) v *= 1 - (ritardando * (b - ritStart)) / (beats - ritStart);
    out.push({ time, bpm: v });
    time += 60 / v;
  }
  return out;
}

/**
 * One seeded piece of the beat corpus.
 * @example
 * const piece = generateBeatPiece(1, { texture: 'waltz' });
 * piece.score.timeSignatures[0].numerator; // → 3
 */
export function generateBeatPiece(seed: number, options: BeatPieceOptions = {}): BeatPiece {
  const rng = createRandom(seed).fork('beat-piece');
  const texture = options.texture ?? BEAT_TEXTURES[rng.int(BEAT_TEXTURES.length)]!;
  const bpm = options.bpm ?? Math.exp(rng.uniform(Math.log(60), Math.log(150)));
  const rubato = options.rubato ?? rng.uniform(0, 0.12);
  const ritardando = options.ritardando ?? rng.uniform(0, 0.3);
  const jitterSeconds = options.jitterSeconds ?? rng.uniform(0, 0.02);
  const bars = options.bars ?? 16;
  if (!(bpm >= 20 && bpm <= 300)) throw new RangeError(`bpm must be 20–300, got ${bpm}`);
  if (!(bars >= 2 && Number.isInteger(bars))) throw new RangeError(`bars must be a whole number ≥ 2, got ${bars}`);
  const beatsPerBar = texture === 'waltz' ? 3 : 4;
  const totalBeats = bars * beatsPerBar;
  // the tempo map is in quarter notes; every texture's beat is a quarter
  const tempos = tempoCurve(rng, bpm, rubato, ritardando, totalBeats, beatsPerBar);
  const at = (beat: number): number => beatsToSeconds(tempos, beat);
  const minor = rng.bernoulli(0.35);
  const scale = minor ? MINOR : MAJOR;
  const root = 48 + rng.int(8);
  const progression = PROGRESSIONS[rng.int(PROGRESSIONS.length)]!;
  const notes: NoteEvent[] = [];
  const note = (beat: number, length: number, pitch: number, velocity: number, voice: number): void => {
    const onset = at(beat);
    notes.push({ onset, duration: Math.max(0.05, at(beat + length) - onset), pitch, velocity: Math.min(1, Math.max(0.05, velocity)), voice });
  };
  const melodyNote = (chord: number[]): number => {
    const c = chord[rng.int(3)]! + 12 * (1 + rng.int(2));
    return rng.bernoulli(0.3) ? c + (rng.bernoulli(0.5) ? 2 : -1) : c;
  };
  for (let bar = 0; bar < bars; bar++) {
    const degree = progression[bar % progression.length]!;
    const chord = chordPitches(root, degree, scale);
    const bass = chord[0]! - 12;
    const b0 = bar * beatsPerBar;
    const last = bar === bars - 1;
    switch (texture) {
      case 'waltz':
        note(b0, 1, bass, 0.8, 0);
        for (const k of [1, 2]) for (const p of chord) note(b0 + k, 0.8, p + 12, 0.5, 1);
        note(b0, 2, melodyNote(chord), 0.7, 2);
        if (rng.bernoulli(0.6)) note(b0 + 2, 1, melodyNote(chord), 0.6, 2);
        break;
      case 'march':
        for (const k of [0, 2]) note(b0 + k, 0.9, k === 0 ? bass : chord[2]! - 12, 0.8, 0);
        for (const k of [1, 3]) for (const p of chord) note(b0 + k, 0.5, p + 12, 0.5, 1);
        for (let k = 0; k < 4; k += rng.bernoulli(0.5) ? 1 : 2) note(b0 + k, 1, melodyNote(chord), k === 0 ? 0.75 : 0.6, 2);
        break;
      case 'alberti': {
        const order = [0, 2, 1, 2];
        for (let s = 0; s < 8; s++) note(b0 + s / 2, 0.5, chord[order[s % 4]!]!, s % 2 === 0 ? 0.55 : 0.45, 0);
        for (let k = 0; k < 4; k += 1 + rng.int(2)) note(b0 + k, 1, melodyNote(chord), k === 0 ? 0.8 : 0.65, 1);
        break;
      }
      case 'chorale':
        for (let k = 0; k < 4; k += last && k === 2 ? 2 : 1) {
          const c = chordPitches(root, (degree + (k === 3 && rng.bernoulli(0.4) ? 4 : 0)) % 7, scale);
          note(b0 + k, 1, c[0]! - 12, 0.6, 0);
          for (const p of c) note(b0 + k, 1, p, 0.5, 1);
          note(b0 + k, 1, melodyNote(c), k === 0 ? 0.7 : 0.6, 2);
        }
        break;
      case 'syncopated': {
        note(b0, 2, bass, 0.75, 0);
        note(b0 + 2, 2, chord[2]! - 12, 0.65, 0);
        // the melody's onsets: on, off and between beats, long notes tied across them
        const rhythm = [[0, 1.5], [1.5, 1], [2.5, 1.5]] as const;
        for (const [start, length] of rhythm) note(b0 + start, length, melodyNote(chord), 0.7, 1);
        if (rng.bernoulli(0.5)) for (const p of chord) note(b0 + 1, 0.5, p + 12, 0.4, 2);
        break;
      }
      case 'arpeggio': {
        // as the C-major prelude: a held bass and a held second note, the upper notes as equal sixteenths
        for (const half of [0, 2]) {
          const hb = b0 + half;
          note(hb, 2, bass, 0.6, 0);
          note(hb + 0.25, 1.75, chord[0]!, 0.6, 1);
          const upper = [chord[1]!, chord[2]!, chord[0]! + 12];
          for (let s = 2; s < 8; s++) note(hb + s / 4, 0.25, upper[(s - 2) % 3]!, 0.6, 2);
        }
        break;
      }
    }
  }
  const timeSignatures = [{ time: 0, numerator: beatsPerBar, denominator: 4 }];
  const end = at(totalBeats);
  notes.push({ onset: at(totalBeats), duration: 1.5, pitch: root - 12, velocity: 0.7, voice: 0 });
  let score = createScore(notes, { tempos, timeSignatures, meta: { title: `${texture} ${seed}`, source: 'beat corpus' } });
  if (jitterSeconds > 0) score = humanize(score, rng.fork('jitter'), { timingSeconds: jitterSeconds, velocity: 0.04 });
  const grid = beatGrid(tempos, timeSignatures, end);
  return {
    name: `${texture}-${seed}`,
    score,
    beats: grid.map((g) => g.time),
    downbeats: grid.filter((g) => g.downbeat).map((g) => g.time),
    texture,
    bpm,
    rubato,
    ritardando,
    jitterSeconds,
  };
}

/**
 * Adds white Gaussian noise to a signal at a signal-to-noise ratio in dB (signal power measured over the whole
 * signal), drawn from the seeded generator. Returns a new array.
 * @example
 * const noisy = addNoise(Float32Array.from({ length: 1000 }, (_, i) => Math.sin(i / 5)), 20, createRandom(1));
 */
export function addNoise(signal: Float32Array, snrDb: number, random: Random): Float32Array {
  let power = 0;
  for (const v of signal) power += v * v;
  power /= Math.max(1, signal.length);
  const sd = Math.sqrt(power / 10 ** (snrDb / 10));
  const out = new Float32Array(signal.length);
  for (let i = 0; i < signal.length; i++) out[i] = signal[i]! + sd * random.normal();
  return out;
}
