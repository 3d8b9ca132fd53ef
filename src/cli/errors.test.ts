import { describe, expect, it } from 'vitest';
import { CommanderError, InvalidArgumentError } from 'commander';
import { FormatError } from '../formats/errors.js';
import { ValidationError } from '../score/schema.js';
import { debugRequested, EXIT_INTERNAL, EXIT_OK, EXIT_USER, Failure, reportError, UsageError } from './errors.js';

/** Reports `err` and returns the exit code and what was written. */
function report(err: unknown, debug = false): { code: number; text: string } {
  let text = '';
  const code = reportError(err, debug, (t) => (text += t));
  return { code, text };
}

describe('reportError', () => {
  it('tells the user’s mistakes as one line with exit 2', () => {
    for (const err of [new UsageError('--kmin 8 is larger than --kmax 4'), new InvalidArgumentError('bad'), new FormatError('a.mid', 'truncated MIDI'), new ValidationError('notes[0].pitch: too big'), new Failure('port 5317 is in use')]) {
      const { code, text } = report(err);
      expect(code, err.name).toBe(EXIT_USER);
      expect(text).toMatch(/^neuromusic: error: .+\n$/);
      expect(text.split('\n')).toHaveLength(2);
    }
    expect(report(new UsageError('x')).text).toBe('neuromusic: error: x (see --help)\n');
    expect(report(new FormatError('a.mid', 'truncated MIDI')).text).toBe('neuromusic: error: a.mid: truncated MIDI\n');
  });

  it('tells anything else as an internal error with exit 1, whatever its class, and the stack only when debugging', () => {
    for (const err of [new TypeError('x is undefined'), new RangeError('index 9 out of range'), new Error('oops'), 'a string']) {
      const { code, text } = report(err);
      expect(code).toBe(EXIT_INTERNAL);
      expect(text).toMatch(/^neuromusic: internal error: .*\(run with --debug for details and report it\)\n$/);
    }
    expect(report(new RangeError('index 9')).text).toMatch(/internal error: RangeError: index 9 /);
    expect(report(new TypeError('boom'), true).text).toMatch(/internal error: TypeError: boom .*\nTypeError: boom\n\s+at /);
  });

  it('lets commander’s help and version end with 0 and its usage errors with 2 (commander printed the line)', () => {
    expect(report(new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'))).toEqual({ code: EXIT_OK, text: '' });
    expect(report(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--x'"))).toEqual({ code: EXIT_USER, text: '' });
  });

  it('debugs with --debug before a lone -- or with NEUROMUSIC_DEBUG=1', () => {
    expect(debugRequested(['info', '--debug'], {})).toBe(true);
    expect(debugRequested(['info', '--', '--debug'], {})).toBe(false);
    expect(debugRequested(['info'], { NEUROMUSIC_DEBUG: '1' })).toBe(true);
    expect(debugRequested(['info'], {})).toBe(false);
  });
});
