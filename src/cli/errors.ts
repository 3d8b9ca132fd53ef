/**
 * How the CLI ends. Exit 0 on success; 2 for the user's mistakes — bad options or arguments, missing, unreadable or
 * corrupt input files, an output that cannot be written, a port in use — told as one line on stderr that names the
 * option or file, the problem and what to do; 1 for our own bugs (anything unexpected, whatever its class), told as
 * "internal error". The stack is printed only with the global --debug flag (or NEUROMUSIC_DEBUG=1).
 */
import { CommanderError, InvalidArgumentError } from 'commander';
import { FormatError } from '../formats/errors.js';
import { ValidationError } from '../score/schema.js';

/** A mistake in how the command was called (an option value, a combination of options). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A command that could not do its work for a reason in the user's hands (a port in use, a missing build). */
export class Failure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Failure';
  }
}

export const EXIT_OK = 0;
/** Something went wrong inside neuromusic: a bug to report. */
export const EXIT_INTERNAL = 1;
/** The user can fix it: the message says how. */
export const EXIT_USER = 2;

/** Whether stacks are wanted: the global --debug flag anywhere before `--`, or NEUROMUSIC_DEBUG=1. */
export function debugRequested(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): boolean {
  if (env['NEUROMUSIC_DEBUG'] === '1') return true;
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).includes('--debug');
}

/** Prints an error as one line (plus the stack when debugging) and returns the exit code it deserves. */
export function reportError(err: unknown, debug = debugRequested(), write: (text: string) => void = (t) => process.stderr.write(t)): number {
  if (err instanceof CommanderError && !(err instanceof InvalidArgumentError)) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT_OK;
    // Commander has already printed its one line.
    return EXIT_USER;
  }
  const stack = debug && err instanceof Error && err.stack ? `\n${err.stack}` : '';
  if (err instanceof UsageError || err instanceof InvalidArgumentError) {
    write(`neuromusic: error: ${err.message} (see --help)${stack}\n`);
    return EXIT_USER;
  }
  if (err instanceof FormatError || err instanceof ValidationError || err instanceof Failure) {
    write(`neuromusic: error: ${err.message}${stack}\n`);
    return EXIT_USER;
  }
  const message = err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
  write(`neuromusic: internal error: ${message.replace(/\s*\n\s*/g, ' ')} (run with --debug for details and report it)${stack}\n`);
  return EXIT_INTERNAL;
}
