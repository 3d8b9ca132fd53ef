/** The CLI's contract for mistakes: exactly one line on stderr, starting with the program's name. */
import { expect } from 'vitest';

export function expectOneLineError(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^neuromusic: /);
  expect(lines[0]).toMatch(pattern);
}
