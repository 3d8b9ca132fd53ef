import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, scratchDir } from './helpers/cli.js';
import { hasShared, sharedData } from './helpers/shared.js';
import { smf, tempo, track } from './helpers/smf-builder.js';

const { dir, cleanup } = scratchDir();
afterAll(cleanup);

/**
 * P, T, density and k that ../shared/reference/v2_patterns.py (numpy 1.24, scikit-learn 1.2, Debian 12) printed for
 * each shared piece on 2026-11-21; `npm run crosscheck` recomputes them live.
 */
const REFERENCE = [
  { file: 'chopin_prelude_op28_no15_raindrop_db_major.mid', P: 46, T: 13350, density: 0.08476306790425012, k: 18 },
  { file: 'chopin_prelude_op28_no20_c_minor.mid', P: 44, T: 3715, density: 0.12705248990578735, k: 14 },
  { file: 'chopin_prelude_op28_no4_e_minor.mid', P: 38, T: 5411, density: 0.1048935404487934, k: 13 },
  { file: 'satie_gymnopedie_no1.mid', P: 33, T: 7050, density: 0.12679991403395657, k: 15 },
];

function expectOneLineError(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^neuromusic: error: /);
  expect(lines[0]).toMatch(pattern);
}

function scoreFile(name: string, notes: Array<[number, number, number]>): string {
  const p = join(dir, name);
  writeFileSync(p, JSON.stringify({ notes: notes.map(([onset, duration, pitch]) => ({ onset, duration, pitch, velocity: 0.7, voice: 0 })) }));
  return p;
}

describe('neuromusic analyze', () => {
  it('analyses the built-in piece and explains itself', () => {
    const help = runCli(['analyze', '--help']);
    expect(help.code).toBe(0);
    for (const flag of ['--frame', '--energy', '--kmin', '--kmax', '--seed', '--json', '--report', '--silhouette-sample']) expect(help.stdout).toContain(flag);
    const r = runCli(['analyze', '--kmax', '6']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Prelude in C major/);
    expect(r.stdout).toMatch(/rank\s+k = \d+ modes hold/);
    expect(r.stdout).toMatch(/K\*\s+\d+ clusters, silhouette 0\.\d{4}/);
  });

  it('writes JSON and an HTML report, and the same seed gives the same result', () => {
    const json = join(dir, 'out', 'bach.json');
    const html = join(dir, 'out', 'bach.html');
    const r = runCli(['analyze', '--kmax', '5', '--seed', '3', '--json', json, '--full', '--report', html]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`wrote ${html}`);
    const data = JSON.parse(readFileSync(json, 'utf8'));
    expect(data.sweep.map((e: { K: number }) => e.K)).toEqual([2, 3, 4, 5]);
    expect(data.timeline[0]).toMatchObject({ startFrame: 0, start: 0 });
    expect(data.patterns[0].envelope).toHaveLength(data.T);
    expect(data.svd.energyFraction[data.k - 1]).toBeGreaterThanOrEqual(0.9);
    expect(data.clusters).toHaveLength(data.Kstar);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('<title>Patterns of Prelude in C major');
    expect((page.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(5);
    const againPath = join(dir, 'out', 'again.json');
    expect(runCli(['analyze', '--kmax', '5', '--seed', '3', '--json', againPath, '-q']).code).toBe(0);
    const again = JSON.parse(readFileSync(againPath, 'utf8'));
    expect(again.sweep).toEqual(data.sweep);
    // Without --full the JSON summarises: no per-frame envelopes.
    expect(again.patterns[0].envelope).toBeUndefined();
    expect(again.patterns[0].chord).toEqual(data.patterns[0].chord);
  });

  it.skipIf(!hasShared)('gives the reference P, T, density and k for every shared piece', () => {
    for (const ref of REFERENCE) {
      const out = join(dir, `${ref.file}.json`);
      const r = runCli(['analyze', sharedData('midi', ref.file), '--json', out, '--restarts', '2', '--kmax', '4']);
      expect(r.code, r.stderr).toBe(0);
      const data = JSON.parse(readFileSync(out, 'utf8'));
      expect({ file: ref.file, P: data.P, T: data.T, density: data.density, k: data.k }).toEqual(ref);
    }
  });

  describe('bad input: one line, exit 2, nothing written', () => {
    const report = join(dir, 'bad', 'report.html');
    const json = join(dir, 'bad', 'out.json');
    mkdirSync(join(dir, 'bad'), { recursive: true });
    const emptyMidi = join(dir, 'bad', 'silent.mid');
    writeFileSync(emptyMidi, smf(1, 480, [track([[0, ...tempo(120)]])]));
    const cases: Array<[string, () => string[], RegExp]> = [
      ['a MIDI file with no notes', () => ['analyze', emptyMidi], /silent\.mid has no notes to analyse/],
      ['a score with no notes', () => ['analyze', scoreFile('empty.json', [])], /empty\.json has no notes to analyse/],
      ['a single note', () => ['analyze', scoreFile('one.json', [[0, 1, 60]])], /one\.json: the piece uses one pitch only \(MIDI 60\).*rank 1/],
      ['one pitch repeated', () => ['analyze', scoreFile('mono.json', [[0, 1, 60], [2, 1, 60], [4, 0.5, 60]])], /one pitch only/],
      ['K above the distinct frames', () => ['analyze', scoreFile('few.json', [[0, 1, 60], [1, 1, 62], [2, 1, 64]]), '--kmax', '6'], /--kmax 6 is more than the 3 distinct frames.*use --kmax 3 or less/],
      ['kmin above the distinct frames', () => ['analyze', scoreFile('few3.json', [[0, 1, 60], [1, 1, 62], [2, 1, 64]]), '--kmin', '5'], /--kmin 5 is more than the 3 distinct frames/],
      ['one chord held throughout', () => ['analyze', scoreFile('held.json', [[0, 4, 60], [0, 4, 64]])], /every frame of the piano roll is the same chord/],
            ['energy 0', () => ['analyze', '--energy', '0'], /--energy.*must be a fraction in \(0, 1\], got "0"/],
      ['energy above 1', () => ['analyze', '--energy', '1.2'], /--energy.*must be a fraction in \(0, 1\]/],
      ['kmin above kmax', () => ['analyze', '--kmin', '8', '--kmax', '4'], /--kmin 8 is larger than --kmax 4/],
      ['a report that is not HTML', () => ['analyze', '--report', join(dir, 'bad', 'r.pdf')], /--report <file\.html>.*must end in \.html/],
      ['a frame length out of range', () => ['analyze', '--frame', '0'], /--frame.*between 0\.005 and 1/],
    ];
    for (const [what, args, pattern] of cases) {
      it(`refuses ${what}`, () => {
        const given = args();
        const r = runCli([...given, ...(given.includes('--report') ? [] : ['--report', report]), '--json', json]);
        expect(r.code).toBe(2);
        expectOneLineError(r.stderr, pattern);
        expect(existsSync(report)).toBe(false);
        expect(existsSync(json)).toBe(false);
      });
    }

    it('stops K at the distinct frames when --kmax was not given, and says so', () => {
      const r = runCli(['analyze', scoreFile('few2.json', [[0, 1, 60], [1, 1, 62], [2, 1, 64], [3, 1, 60]]), '--json']);
      expect(r.code).toBe(0);
      expect(r.stderr).toMatch(/only 3 distinct frames, so K stops at 3/);
      expect(JSON.parse(r.stdout).sweep.map((e: { K: number }) => e.K)).toEqual([2, 3]);
    });

    it('fails with exit 2 on a corrupt file and leaves no temporary files', () => {
      const r = runCli(['analyze', scoreFile('broken.mid', [[0, 1, 60]]), '--report', report]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/broken\.mid: not a Standard MIDI File/);
      expect(readdirSync(join(dir, 'bad')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    });
  });
});
