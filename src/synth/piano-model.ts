/**
 * The physics of one piano note, as numbers: partial frequencies, amplitudes and decay rates.
 *
 * - Stiff-string partials f_n = n·f1·√(1 + B·n²) (Fletcher 1964), with the inharmonicity coefficient B growing
 *   toward the treble: B = 1e-4 · 10^((p − 60)/24), about 2.5e-6 at A0 and 1e-2 at C8, the order of magnitude
 *   measured on grand pianos (Fletcher & Rossing, The Physics of Musical Instruments, §12.3).
 * - Frequency-dependent damping σ_n = σ0(p) + b·f_n² (Chaigne & Askenfelt 1994's b1 + b3·ω² loss model),
 *   σ0 growing toward the treble, so high partials die first and the tone darkens as it decays.
 * - Two-stage decay of the low partials (Weinreich 1977): the vertical polarisation radiates fast (prompt sound),
 *   the slightly detuned unison/horizontal part rings on (aftersound), which also gives the slow beating of a real
 *   unison.
 * - Hammer excitation: striking at 1/8 of the string length suppresses every 8th partial (|sin(nπ/8)|); a harder
 *   blow (higher velocity) is a shorter contact and a brighter spectrum (exp(−(n − 1)·h(v))).
 * - Dampers: after note-off the felt adds σ_damp to every partial, more for high partials; the top 20 keys
 *   (above F#6) have no dampers on a grand, so they ring on.
 */
import { pitchToHz } from '../score/pitch.js';

/** Tunable constants of the model (defaults in {@link DEFAULT_PIANO_MODEL}). */
export interface PianoModel {
  /** Most partials per note. */
  maxPartials: number;
  /** Partials are kept below this fraction of the sample rate (aliasing guard). */
  nyquistFraction: number;
  /** Inharmonicity at middle C and its growth (decades per 24 semitones). */
  inharmonicityC4: number;
  /** σ0 at A0 (1/s) and its growth per semitone. */
  decayBase: number;
  decayPerSemitone: number;
  /** b in σ = σ0 + b·f² (s). */
  decayPerHz2: number;
  /** Hammer position as a fraction of the string length. */
  strikePosition: number;
  /** How many low partials get a two-stage (prompt + aftersound) decay. */
  twoStagePartials: number;
  /** Share of the aftersound in the two-stage partials. */
  aftersoundShare: number;
  /** Damper decay added after note-off (1/s). */
  damperDecay: number;
  /** Highest MIDI pitch that has a damper. */
  highestDampedPitch: number;
  /** Longest ring after note-off (s). */
  maxReleaseSeconds: number;
  /** A partial is dropped once below this level relative to the note's strongest partial (dB). */
  floorDb: number;
}

export const DEFAULT_PIANO_MODEL: PianoModel = {
  maxPartials: 40,
  nyquistFraction: 0.45,
  inharmonicityC4: 1e-4,
  decayBase: 0.6,
  decayPerSemitone: 0.015,
  decayPerHz2: 4e-7,
  strikePosition: 1 / 8,
  twoStagePartials: 6,
  aftersoundShare: 0.3,
  damperDecay: 8,
  highestDampedPitch: 88,
  maxReleaseSeconds: 4,
  floorDb: -60,
};

/** Inharmonicity coefficient B of a key. */
export function inharmonicity(pitch: number, model: PianoModel = DEFAULT_PIANO_MODEL): number {
  return model.inharmonicityC4 * Math.pow(10, (pitch - 60) / 24);
}

/**
 * Frequency of partial n (1-based) of a key: n·f1·√(1 + B·n²).
 * @example
 * partialFrequency(69, 1); // → ≈ 440.05
 */
export function partialFrequency(pitch: number, n: number, model: PianoModel = DEFAULT_PIANO_MODEL): number {
  const b = inharmonicity(pitch, model);
  return n * pitchToHz(pitch) * Math.sqrt(1 + b * n * n);
}

/** Decay rate σ (1/s) of a partial at frequency f for a key, while the key is held. */
export function partialDecay(pitch: number, hz: number, model: PianoModel = DEFAULT_PIANO_MODEL): number {
  return model.decayBase + model.decayPerSemitone * (pitch - 21) + model.decayPerHz2 * hz * hz;
}

/** Hammer brightness exponent h(v): softer blows lose high partials faster. */
export function hammerRolloff(velocity: number): number {
  return 0.02 + 0.2 * (1 - velocity) * (1 - velocity);
}

/**
 * Loudness of a note at a velocity, as a gain v^1.7: 34 dB between v = 0.1 and v = 1, about the dynamic range of
 * a grand piano from pp to ff.
 */
export function velocityGain(velocity: number): number {
  const v = Math.min(1, Math.max(0, velocity));
  return Math.pow(v, 1.7);
}
