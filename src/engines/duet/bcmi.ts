/**
 * The brain–computer music interface experiment: the EEG twin in each of its five mental states drives the duet,
 * and the biomarkers, the controls they map to and the music that results are compared state by state.
 *
 * The design is a controlled comparison: one run per state, each from the same seed (the same simulated person,
 * the same duet), each preceded by the same neutral calibration that is the baseline of the z-scores, each as long
 * as the others. Only the state differs. The twin's state switch (a 2-s cross-fade), the 2-s analysis window and
 * the mapping's lag (τ = 2 s) take a few seconds to settle, so the musical descriptors are measured from
 * `settleSeconds` (default 5) to the end of each run; the biomarker and control means cover the whole state.
 */
import { TWIN_STATES, type TwinState } from './eeg-twin.js';
import { composeDuet, type DuetRun } from './compose.js';
import { duetDescriptors, type DuetDescriptors } from './descriptors.js';
import { DEFAULT_BASELINE_SECONDS, eegDrive, twinSession, type EegDrive } from './eeg-drive.js';
import type { MappingTable } from './mapping.js';
import type { DuetParamsInput } from './params.js';
import type { BiomarkerIndices } from '../../analysis/eeg/types.js';
import type { DuetControls } from './controls.js';

/** Options of {@link bcmiExperiment}. */
export interface BcmiOptions {
  seed: number;
  /** Seconds of music per state (default 30). */
  secondsPerState?: number;
  /** Seconds of neutral calibration before each state (default 10). */
  baselineSeconds?: number;
  /** Seconds at the start of each run left out of the descriptors (default 5). */
  settleSeconds?: number;
  /** The states, in order (default all five). */
  states?: readonly TwinState[];
  table?: MappingTable;
  /** Duet parameters (key, tempo, …) shared by every run. */
  params?: DuetParamsInput;
  /** Called after each state with its index and the number of states. */
  onState?: (done: number, of: number) => void;
}

/** One state's row of the experiment. */
export interface BcmiRow {
  state: TwinState;
  biomarkers: BiomarkerIndices;
  controls: DuetControls;
  descriptors: DuetDescriptors;
  run: DuetRun;
  drive: EegDrive;
}

/** The experiment's defaults. */
export const BCMI_DEFAULTS = Object.freeze({ secondsPerState: 30, baselineSeconds: DEFAULT_BASELINE_SECONDS, settleSeconds: 5 });

/**
 * Runs the experiment: for each state, the twin (neutral calibration, then the state), its biomarkers and mapped
 * controls, the duet they drive, and the run's descriptors after the settling time.
 * @example
 * const rows = bcmiExperiment({ seed: 1, secondsPerState: 12, states: ['relaxed', 'stressed'] });
 * rows[0].controls.lambda2 < rows[1].controls.lambda2; // → true — relaxation loosens the drummer
 * rows[0].controls.rho < rows[1].controls.rho; // → true — stress raises the Lorenz ρ
 */
export function bcmiExperiment(options: BcmiOptions): BcmiRow[] {
  const secondsPerState = options.secondsPerState ?? BCMI_DEFAULTS.secondsPerState;
  const baselineSeconds = options.baselineSeconds ?? BCMI_DEFAULTS.baselineSeconds;
  const settle = options.settleSeconds ?? BCMI_DEFAULTS.settleSeconds;
  if (!(settle >= 0 && settle < secondsPerState)) throw new RangeError(`the settling time (${settle} s) must be shorter than a state (${secondsPerState} s)`);
  const states = options.states ?? TWIN_STATES;
  return states.map((state, i) => {
    const session = twinSession({ seed: options.seed, script: [{ state, seconds: secondsPerState }], baselineSeconds });
    const drive = eegDrive(session.recording, {
      baselineSpan: [0, baselineSeconds],
      startSeconds: session.startSeconds,
      ...(options.table ? { table: options.table } : {}),
    });
    const run = composeDuet({ ...(options.params ?? {}), seed: options.seed, seconds: secondsPerState, controls: drive.track });
    const segment = drive.segments.find((s) => s.label === state)!;
    options.onState?.(i + 1, states.length);
    return { state, biomarkers: segment.biomarkers, controls: segment.controls, descriptors: duetDescriptors(run, settle, secondsPerState), run, drive };
  });
}
