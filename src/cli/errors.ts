/**
 * How the CLI ends: exit code 0 on success, 2 for usage mistakes (bad options or arguments), 1 for failures
 * (unreadable, corrupt or unwritable files). Every error is one line on stderr, without a traceback;
 * NEUROMUSIC_DEBUG=1 adds the stack for bug reports.
 */
import { CommanderError, InvalidArgumentError } from 'commander';
import { FormatError } from '../formats/errors.js';
import { ValidationError } from '../score/schema.js';

/** A mistake in how the command was called. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A command that could not do its work for a reason outside the input files (a port in use, a missing build). */
export class Failure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'Failure';
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** Prints an error as one line and returns the exit code it deserves. */
export function reportError(err: unknown, write: (line: string) => void = (l) => process.stderr.write(l)): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT_OK;
    // Commander has already printed its message.
    return EXIT_USAGE;
  }
  const debug = process.env['NEUROMUSIC_DEBUG'] === '1';
  const stack = debug && err instanceof Error && err.stack ? `\n${err.stack}` : '';
  if (err instanceof UsageError || err instanceof InvalidArgumentError || err instanceof RangeError || err instanceof ValidationError) {
    write(`neuromusic: error: ${(err as Error).message} (see --help)${stack}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof FormatError || err instanceof Failure) {
    write(`neuromusic: error: ${err.message}${stack}\n`);
    return EXIT_FAILURE;
  }
  const message = err instanceof Error ? err.message : String(err);
  write(`neuromusic: internal error: ${message} (run with NEUROMUSIC_DEBUG=1 for details and report it)${stack}\n`);
  return EXIT_FAILURE;
}
