/**
 * EEG channel labels to 10–10 electrode names, and picking channels by electrode.
 *
 * Recordings spell the same site many ways: BCI2000 pads its labels with dots to four characters (`Fc5.`, `O1..`),
 * clinical systems prefix the kind and suffix the reference (`EEG Fp1-REF`, `EEG Fp1`), sleep files name bipolar
 * derivations (`EEG Fpz-Cz`), and older montages keep the 10–20 names T3, T4, T5, T6 for T7, T8, P7, P8.
 * {@link electrodeName} undoes all of that. {@link pickChannels} then finds wanted electrodes in a file and, when a
 * site is missing, may take the nearest electrode present: nearest by straight-line distance between the standard
 * 10–10 positions of `edf-electrodes.ts` (a template head; a distance of 0 means the site itself). The same
 * electrode may serve more than one wanted site.
 */
import { ELECTRODE_POSITIONS_MM, OLD_ELECTRODE_NAMES } from './edf-electrodes.js';
import type { EdfFile, EdfSignal } from './edf.js';

const CANONICAL = new Map<string, string>();
for (const name of Object.keys(ELECTRODE_POSITIONS_MM)) CANONICAL.set(name.toUpperCase(), name);
for (const [old, now] of Object.entries(OLD_ELECTRODE_NAMES)) CANONICAL.set(old.toUpperCase(), now);

/**
 * The 10–10 name of the electrode a channel label names (spelled as in the 10–10 system), or undefined for labels
 * that name no scalp electrode (ECG, EOG, Status, …). For a bipolar derivation (`Fpz-Cz`) it is the first electrode.
 * @example
 * electrodeName('Fc5.'); // → 'FC5'
 * electrodeName('EEG Fp1-REF'); // → 'Fp1'
 * electrodeName('EEG T3'); // → 'T7' — the older 10–20 name
 * electrodeName('EEG Fpz-Cz'); // → 'Fpz'
 * electrodeName('ECG'); // → undefined
 */
export function electrodeName(label: string): string | undefined {
  let s = label.trim().replace(/\.+$/, '');
  s = s.replace(/^EEG:?\s*/i, '');
  s = s.split(/[-\s]/)[0] ?? '';
  return CANONICAL.get(s.toUpperCase());
}

/** How one wanted electrode was served. */
export interface PickedChannel {
  /** The electrode asked for, in 10–10 spelling. */
  position: string;
  /** The label in the file that serves it. */
  label: string;
  /** The 10–10 electrode that label names. */
  electrode: string;
  /** Straight-line distance between the two sites on the template head, mm (0: the site itself). */
  distanceMm: number;
  /** The signal of that label. */
  signal: EdfSignal;
}

/** Options of {@link pickChannels}. */
export interface PickChannelsOptions {
  /** When a wanted electrode is missing, take the nearest electrode in the file (default false: refuse). */
  nearest?: boolean;
}

/**
 * Finds each wanted electrode among a file's signals by the electrode its label names, or (with `nearest`) the
 * nearest electrode present. Throws a RangeError naming the missing sites when one cannot be served.
 * @example
 * const zeros = new Float64Array(128);
 * const file = readEdf(writeEdf({ sampleRate: 128, signals: [{ label: 'Fp1.', data: zeros }, { label: 'O1..', data: zeros }] }));
 * pickChannels(file, ['O1', 'AF3'], { nearest: true }).map((p) => `${p.position}←${p.label}`); // → ['O1←O1..', 'AF3←Fp1.']
 */
export function pickChannels(file: EdfFile, wanted: string[], options: PickChannelsOptions = {}): PickedChannel[] {
  const present: Array<{ electrode: string; signal: EdfSignal }> = [];
  for (const signal of file.signals) {
    const electrode = electrodeName(signal.label);
    if (electrode && !present.some((p) => p.electrode === electrode)) present.push({ electrode, signal });
  }
  const picked: PickedChannel[] = [];
  const missing: string[] = [];
  for (const want of wanted) {
    const position = electrodeName(want);
    if (!position) throw new RangeError(`${JSON.stringify(want)} is not a 10–10 electrode name`);
    const exact = present.find((p) => p.electrode === position);
    if (exact) {
      picked.push({ position, label: exact.signal.label, electrode: position, distanceMm: 0, signal: exact.signal });
      continue;
    }
    if (!options.nearest || present.length === 0) {
      missing.push(position);
      continue;
    }
    const at = ELECTRODE_POSITIONS_MM[position]!;
    let best = present[0]!;
    let bestDistance = Infinity;
    for (const p of present) {
      const q = ELECTRODE_POSITIONS_MM[p.electrode]!;
      const d = Math.hypot(q[0] - at[0], q[1] - at[1], q[2] - at[2]);
      if (d < bestDistance) [best, bestDistance] = [p, d];
    }
    picked.push({ position, label: best.signal.label, electrode: best.electrode, distanceMm: bestDistance, signal: best.signal });
  }
  if (missing.length) {
    const have = present.map((p) => p.electrode).join(' ') || 'none';
    throw new RangeError(`no channel for ${missing.join(', ')} (electrodes in the file: ${have}); pass { nearest: true } to take the nearest`);
  }
  return picked;
}
