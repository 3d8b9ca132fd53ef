/** The contract between `neuromusic compose` and the engines it runs (src/cli/compose.ts holds the registry). */
import type { OutputSet } from '../node/output-set.js';

/** What every engine's run receives: the shared options, validated. */
export interface ComposeContext {
  seconds: number;
  /** Whether --seconds was given (an engine with inputs of their own length may take theirs otherwise). */
  secondsGiven?: boolean;
  seed: number;
  /** Output folder (exists when `run` is called). */
  outDir: string;
  /** Report path (its folder checked writable), if asked for. */
  report?: string;
  /** A JSON file of engine parameters, if given. */
  paramsPath?: string;
  sampleRate: number;
  quiet: boolean;
  /**
   * Where the engine stages its files (`outputs.file`, `outputs.wav`): `compose` publishes them all together when
   * the engine returns, so a failure leaves every earlier file as it was (see src/node/output-set.ts).
   */
  outputs: OutputSet;
  /** The command line, for report footers. */
  commandLine: string;
  version: string;
}

/** One engine-specific option, declared as commander declares options. */
export interface ComposeOption {
  /** e.g. `--nodes <n>` */
  flags: string;
  description: string;
  parse?: (value: string) => unknown;
}

/** What a run produced: files written and a summary for people (lines) and machines (--json). */
export interface ComposeResult {
  files: string[];
  lines: string[];
  summary: Record<string, unknown>;
}

/** An engine the compose command can run. */
export interface ComposeEngine {
  name: string;
  description: string;
  /** Length of the piece when --seconds is not given. */
  defaultSeconds: number;
  options: ComposeOption[];
  /** `options` holds only the engine options the user gave (keys as commander names them: `--nodes` → `nodes`). */
  run(context: ComposeContext, options: Record<string, unknown>): Promise<ComposeResult>;
}
