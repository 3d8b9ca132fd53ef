// **kern files through the command line, as a user runs it: every command that takes a piece reads .krn.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, scratchDir, expectOneLineError } from './helpers/cli.js';
import { projectRoot } from './helpers/shared.js';

const example = join(projectRoot, 'examples', 'bach-prelude-c-major.krn');
const scratch = scratchDir('neuromusic-kern-');
afterAll(() => scratch.cleanup());

/** The example's first `bars` bars, closed as a Humdrum file must be. */
function firstBars(bars: number): string {
  const lines = readFileSync(example, 'utf8').split('\n');
  const end = lines.indexOf(`=${bars + 1}\t=${bars + 1}\t=${bars + 1}`);
  return [...lines.slice(0, end), '==\t==\t==', '*v\t*v\t*', '*-\t*-', ''].join('\n');
}

describe('neuromusic with **kern files', () => {
  it('info describes the example prelude: 549 notes, two staves, C major, the ritardando', () => {
    const r = runCli(['info', example]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Prelude in C major — Bach, Johann Sebastian/);
    expect(r.stdout).toMatch(/549 in 2 voices \(staff 1: 417, staff 2: 132\)/);
    expect(r.stdout).toMatch(/3 changes, 52\.8–66\.0 bpm/);
    expect(r.stdout).toMatch(/key\s+C major/);
  });

  it('analyze finds in the **kern prelude exactly the patterns of the built-in one (the same notes, written apart)', () => {
    const fromKern = runCli(['analyze', example, '--json']);
    const builtIn = runCli(['analyze', '--json']);
    expect(fromKern.code, fromKern.stderr).toBe(0);
    expect(builtIn.code, builtIn.stderr).toBe(0);
    const strip = (json: string): Record<string, unknown> => {
      const { source: _source, title: _title, seconds: _seconds, ...rest } = JSON.parse(json) as Record<string, unknown>;
      return rest;
    };
    const kern = strip(fromKern.stdout);
    expect(kern['notes']).toBe(549);
    expect(kern).toEqual(strip(builtIn.stdout));
  });

  it('dance: the worm dances to four bars of **kern', () => {
    const piece = join(scratch.dir, 'four-bars.krn');
    writeFileSync(piece, firstBars(4));
    const out = join(scratch.dir, 'dance');
    const r = runCli(['dance', piece, '--out', out], { timeoutMs: 240_000 });
    expect(r.code, r.stderr).toBe(0);
    expect(existsSync(join(out, 'four-bars.dance.json'))).toBe(true);
    expect(existsSync(join(out, 'four-bars.wcon'))).toBe(true);
  }, 240_000);

  it('a broken **kern file is refused in one line naming the file, the line and the spine', () => {
    const piece = join(scratch.dir, 'broken.krn');
    writeFileSync(piece, '**kern\t**kern\n4c\t4e\n4d\t4x\n*-\t*-\n');
    const r = runCli(['info', piece]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /broken\.krn: line 3, spine 2: "4x" has neither a pitch nor a rest/);
  });
});
