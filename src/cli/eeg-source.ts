/**
 * An EEG source named on the command line — `twin:STATE`, `twin:"neutral 10s, relaxed 30s"` or a file.edf — parsed
 * when the options are read (a bad script fails before any work) and loaded into a recording on the EPOC positions
 * at 128 Hz with its baseline: for the twin a neutral calibration recorded before the piece, for a file its first
 * seconds. Only the parser is loaded at start-up; `loadEegSource` brings the library with it (eeg-source-load.ts).
 */
import { InvalidArgumentError } from 'commander';

/** The twin's states (the library's TWIN_STATES; a test keeps them equal). */
export const TWIN_STATE_NAMES = ['neutral', 'stressed', 'focused', 'relaxed', 'meditative'] as const;

/** Where the EEG comes from. */
export type EegSource = { kind: 'twin'; state: string; text: string } | { kind: 'twin'; script: string; text: string } | { kind: 'edf'; path: string; text: string };

/** Seconds of baseline when --baseline is not given (the library's DEFAULT_BASELINE_SECONDS). */
export const DEFAULT_BASELINE_SECONDS = 10;

const ENTRY = /^([A-Za-z]+)\s+([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*(s|sec|m|min)?$/i;

/**
 * Parses `twin:STATE`, `twin:SCRIPT` or a path ending in .edf/.bdf; refuses anything else with a message that says
 * what is expected (commander prints it as one line, exit 2).
 */
export function parseEegSource(value: string): EegSource {
  const text = value.trim();
  if (/^twin:/i.test(text)) {
    const body = text.slice(5).trim();
    if (body === '') throw new InvalidArgumentError(`name a state or a script after "twin:", e.g. twin:relaxed or twin:"neutral 10s, relaxed 30s" (states: ${TWIN_STATE_NAMES.join(', ')}).`);
    if (/^[A-Za-z]+$/.test(body)) {
      const state = body.toLowerCase();
      if (!(TWIN_STATE_NAMES as readonly string[]).includes(state)) throw new InvalidArgumentError(`unknown twin state "${body}"; known: ${TWIN_STATE_NAMES.join(', ')}.`);
      return { kind: 'twin', state, text };
    }
    const entries = body.split(/[,;]/).map((e) => e.trim());
    entries.forEach((entry, i) => {
      const m = ENTRY.exec(entry);
      const where = `twin script entry ${i + 1} "${entry}"`;
      if (entry === '') throw new InvalidArgumentError(`${where}: empty (a stray comma?).`);
      if (!m) throw new InvalidArgumentError(`${where}: expected "<state> <duration>", e.g. "relaxed 30s".`);
      if (!(TWIN_STATE_NAMES as readonly string[]).includes(m[1]!.toLowerCase())) throw new InvalidArgumentError(`${where}: unknown state "${m[1]}"; known: ${TWIN_STATE_NAMES.join(', ')}.`);
      if (!(Number(m[2]) > 0)) throw new InvalidArgumentError(`${where}: the duration must be positive.`);
    });
    return { kind: 'twin', script: body, text };
  }
  if (!/\.(edf|bdf)$/i.test(text)) throw new InvalidArgumentError(`must be an EDF file (.edf, .bdf), twin:STATE (${TWIN_STATE_NAMES.join(', ')}) or twin:"SCRIPT", got "${value}".`);
  return { kind: 'edf', path: value, text };
}
