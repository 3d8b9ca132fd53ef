/**
 * Errors that readers and writers raise for bad input. The message is one line that names the file (or what was
 * being read) and the problem, so the CLI can print it as it is.
 */
export class FormatError extends Error {
  /** What was being read: a file path, or a description such as "MIDI data". */
  readonly source: string;

  constructor(source: string, problem: string) {
    super(`${source}: ${problem}`);
    this.name = 'FormatError';
    this.source = source;
  }
}
