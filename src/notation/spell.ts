/**
 * Pitch spelling on the line of fifths (Temperley 2001, The Cognition of Basic Musical Structures, ch. 5, pitch
 * spelling preference rule 1): each pitch class has candidate spellings 12 fifths apart (F♯ = 6, G♭ = −6), and a
 * note takes the one closest to the centre of gravity of the recently spelled notes, each weighted by its duration
 * and by an exponential decay with time. The key found for the piece seeds the centre (its diatonic set's middle, two
 * fifths above the key signature's tonic), and keeps a small fixed weight so a long chromatic passage cannot pull
 * the spelling far from the key. Notes sounding together are spelled as one group against the same centre.
 * Temperley's harmonic and voice-leading rules (PSPR 2 and 3) are not implemented.
 */

/** A spelled pitch: step letter, alteration in semitones (−2…2) and octave (scientific, C4 = middle C). */
export interface SpelledPitch {
  step: 'C' | 'D' | 'E' | 'F' | 'G' | 'A' | 'B';
  alter: number;
  octave: number;
}

const STEPS = ['F', 'C', 'G', 'D', 'A', 'E', 'B'] as const;
const STEP_PC: Record<SpelledPitch['step'], number> = { C: 0, D: 2, E: 4, F: 5, G: 7, A: 9, B: 11 };

/** The line-of-fifths position (tonal pitch class, C = 0, G = 1, F = −1) of a spelled step and alteration. */
export function tonalPitchClass(step: SpelledPitch['step'], alter: number): number {
  return STEPS.indexOf(step) - 1 + 7 * alter;
}

/** Spells a MIDI pitch with a tonal pitch class (which must agree with the pitch's pitch class). */
export function spellWith(pitch: number, tpc: number): SpelledPitch {
  const step = STEPS[(((tpc + 1) % 7) + 7) % 7]!;
  const alter = Math.floor((tpc + 1) / 7);
  const octave = Math.floor((pitch - alter - STEP_PC[step]) / 12) - 1;
  return { step, alter, octave };
}

/** The MIDI pitch of a spelled pitch. */
export function spelledToMidi(p: SpelledPitch): number {
  return 12 * (p.octave + 1) + STEP_PC[p.step] + p.alter;
}

/** Options of {@link spellPitches}. */
export interface SpellOptions {
  /** Key signature in fifths (−7…7) that seeds the centre of gravity. Default 0. */
  fifths?: number;
  /** Decay time constant of the centre of gravity, in the units of the onsets. Default 8 (quarter notes). */
  decay?: number;
  /** Fixed weight of the key's centre. Default 1. */
  keyWeight?: number;
}

/**
 * Tonal pitch classes for notes given in time order (onset, duration in the same unit; MIDI pitch).
 * @example
 * // In D major an F# is spelled F#, not Gb (tonal pitch class 6).
 * spellPitches([{ onset: 0, duration: 1, pitch: 66 }], { fifths: 2 })[0]; // → 6
 */
export function spellPitches(notes: readonly { onset: number; duration: number; pitch: number }[], options: SpellOptions = {}): Int32Array {
  const decay = options.decay ?? 8;
  const keyCentre = (options.fifths ?? 0) + 2;
  const keyWeight = options.keyWeight ?? 1;
  const out = new Int32Array(notes.length);
  let sum = 0;
  let weight = 0;
  let time = notes.length ? notes[0]!.onset : 0;
  let i = 0;
  while (i < notes.length) {
    const t = notes[i]!.onset;
    const f = Math.exp(-(t - time) / decay);
    sum *= f;
    weight *= f;
    time = t;
    const centre = (sum + keyWeight * keyCentre) / (weight + keyWeight);
    let j = i;
    while (j < notes.length && notes[j]!.onset === t) j++;
    for (let k = i; k < j; k++) {
      const pc = ((Math.round(notes[k]!.pitch) % 12) + 12) % 12;
      const base = (pc * 7) % 12; // 0…11 on the sharp side
      let best = base;
      for (const cand of [base - 24, base - 12, base, base + 12]) {
        const d = Math.abs(cand - centre);
        const bd = Math.abs(best - centre);
        if (d < bd - 1e-9 || (Math.abs(d - bd) <= 1e-9 && Math.abs(cand - keyCentre) < Math.abs(best - keyCentre))) best = cand;
      }
      out[k] = best;
    }
    for (let k = i; k < j; k++) {
      sum += out[k]! * notes[k]!.duration;
      weight += notes[k]!.duration;
    }
    i = j;
  }
  return out;
}
