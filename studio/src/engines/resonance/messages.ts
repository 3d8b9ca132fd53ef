/**
 * The resonance engine's messages: ASHLE tapping along to a metronome whose tempo the view sets, and a GrFNN bank
 * listening to a WAV file's onset envelope, its strongest pulse ticking the beats. The engine streams one state
 * every 1/STATE_RATE s (RESONANCE_STATE below).
 */

/** The resonance engine's id in the worker's registry. */
export const RESONANCE_ENGINE = 'resonance';

/** States per engine second. */
export const RESONANCE_STATE_RATE = 50;

/** The GrFNN bank the view draws: oscillators log-spaced over [low, high] Hz. */
export const RESONANCE_BANK = { lowHz: 0.5, highHz: 8, count: 48 } as const;

/** The metronome's tempo range (bpm) and its start. */
export const METRONOME_BPM = { min: 60, max: 180, initial: 120 } as const;

/** Commands to the resonance engine. */
export type ResonanceCommand =
  /** The metronome's tempo from where the engine is scheduling on (bpm). */
  | { kind: 'tempo'; bpm: number }
  /** Metronome (and ASHLE) on or off from now on. */
  | { kind: 'metronome'; on: boolean }
  /** A WAV file: the bank hears its onset envelope from the start (a new performance). */
  | { kind: 'load-audio'; name: string; bytes: Uint8Array }
  /** Back to the metronome alone. */
  | { kind: 'audio-off' };

/** Events from the resonance engine. */
export interface ResonanceEvent {
  kind: 'setup';
  /** The bank's natural frequencies (Hz). */
  frequenciesHz: number[];
  /** The WAV the bank hears, when one is loaded, and its length. */
  audioName?: string;
  audioSeconds?: number;
}

/**
 * Where each quantity sits in a resonance state; then the bank's amplitudes now and their running means (over about
 * a second: what the pulse and the peak are read from), RESONANCE_BANK.count of each.
 */
export const ResonanceStateLayout = {
  TIME: 0,
  /** The metronome's frequency (Hz; 0 while it is off). */
  METRONOME_HZ: 1,
  /** ASHLE's motor oscillator's learned frequency f_m (Hz). */
  MOTOR_HZ: 2,
  /** The metronome's phase (cycles, 0–1: 0 on the click). */
  METRONOME_PHASE: 3,
  /** ASHLE's motor phase arg z_m / 2π (cycles, 0–1: 0 on the tap). */
  MOTOR_PHASE: 4,
  /** The last tap's asynchrony: tap time minus the nearest click (ms; NaN before the first tap). */
  ASYNCHRONY_MS: 5,
  /** Mean of the last 8 taps' asynchronies (ms). */
  MEAN_ASYNCHRONY_MS: 6,
  /** Standard deviation of the last 8 asynchronies (ms): small once ASHLE has locked. */
  SD_ASYNCHRONY_MS: 7,
  /** Seconds since the last metronome click, the last tap, the bank's last beat (Infinity when none). */
  CLICK_AGE: 8,
  TAP_AGE: 9,
  BEAT_AGE: 10,
  /** The bank's pulse (the oscillator of greatest harmonic salience) and its mean-amplitude peak (Hz; NaN without audio). */
  PULSE_HZ: 11,
  PEAK_HZ: 12,
  /** 1 while a WAV is heard. */
  AUDIO: 13,
  /** Milliseconds the last state's block of dynamics took (the engine's cost). */
  BLOCK_MS: 14,
  HEADER: 16,
} as const;

/** Length of a resonance state. */
export const RESONANCE_STATE_LENGTH = ResonanceStateLayout.HEADER + 2 * RESONANCE_BANK.count;
