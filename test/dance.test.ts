/** `neuromusic dance`, run as a user runs it, and the dance on every shared piece. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectOneLineError, runCli, scratchDir } from './helpers/cli.js';
import { hasShared, sharedData, SHARED_PIECES } from './helpers/shared.js';
import { wconSchemaValidator } from './helpers/wcon-schema.js';
import { readWcon } from '../src/formats/wcon.js';
import { decodeWav } from '../src/formats/wav.js';
import { readMidi } from '../src/formats/midi.js';
import { danceToPiece, type Dance } from '../src/engines/worm/dance/dance.js';
import { danceSummary } from '../src/engines/worm/dance/dance-summary.js';
import { danceTimeline, parseDanceTimeline } from '../src/engines/worm/dance/dance-timeline.js';
import { DANCE_BEHAVIOURS } from '../src/engines/worm/dance/body-wave.js';
import { singularValues } from '../src/math/svd.js';
import { createScore } from '../src/score/ops.js';
import type { Score } from '../src/score/types.js';

const { dir, cleanup } = scratchDir('neuromusic-dance-');
afterAll(cleanup);


describe('neuromusic dance', () => {
  const out = join(dir, 'bach');
  const run = runCli(['dance', '--out', out, '--sr', '8000', '--json', join(dir, 'bach.json'), '--quiet']);

  it('writes a timeline, WCON, a WAV and a report for the built-in piece', () => {
    expect(run.code, run.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['bach-prelude-c-major-dance.html', 'bach-prelude-c-major.dance.json', 'bach-prelude-c-major.wav', 'bach-prelude-c-major.wcon']);
    const timeline = parseDanceTimeline(JSON.parse(readFileSync(join(out, 'bach-prelude-c-major.dance.json'), 'utf8')), 'timeline');
    const summary = JSON.parse(readFileSync(join(dir, 'bach.json'), 'utf8'));
    expect(timeline.frames.length).toBe(Math.floor(summary.seconds * 25 + 1e-9));
    expect(timeline.patterns).toHaveLength(summary.Kstar);
    expect(timeline.frames[100]!.muscles).toHaveLength(95);
    expect(timeline.frames[100]!.midline.x).toHaveLength(49);
    const wav = decodeWav(new Uint8Array(readFileSync(join(out, 'bach-prelude-c-major.wav'))));
    expect(wav.channels[0]!.length / 8000).toBeGreaterThan(summary.seconds);
    const html = readFileSync(join(out, 'bach-prelude-c-major-dance.html'), 'utf8');
    for (const heading of ['Excitability', 'Neural → muscle map and the poses', 'The body wave and navigation', 'Trajectory of the physical dance']) expect(html).toContain(heading);
    expect(summary.permutationTest.method).toMatch(/circular shifts/);
    expect(summary.map.conditionNumber).toBeGreaterThanOrEqual(1);
  });

  it.skipIf(!hasShared)('writes WCON that validates against the official schema and carries the dance', () => {
    const text = readFileSync(join(out, 'bach-prelude-c-major.wcon'), 'utf8');
    const validate = wconSchemaValidator();
    expect(validate(JSON.parse(text)), JSON.stringify(validate.errors)).toBe(true);
    const doc = readWcon(text, 'dance.wcon');
    const track = doc.tracks[0]!;
    expect(track.x[0]).toHaveLength(49);
    const custom = track.custom!['@neuromusic'] as { pattern: number[]; danceBehaviour: string[] };
    expect(custom.pattern).toHaveLength(track.t.length);
    expect(new Set(custom.danceBehaviour).size).toBeGreaterThan(1);
  });

  it('takes the Tikhonov option and reports the condition number; refuses bad input with one line', () => {
    const r = runCli(['dance', '--out', join(dir, 'tik'), '--tikhonov', '1e6', '--json', '--sr', '8000']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.map.tikhonov).toBe(1e6);
    expect(s.map.rSquared).toBeLessThan(JSON.parse(readFileSync(join(dir, 'bach.json'), 'utf8')).map.rSquared);
    writeFileSync(join(dir, 'empty.json'), JSON.stringify({ notes: [] }));
    const cases: Array<[string[], number, RegExp]> = [
      [[join(dir, 'missing.mid')], 2, /missing\.mid: cannot read/],
      [[join(dir, 'empty.json')], 2, /has no notes to dance to/],
      [['--env', 'honey'], 2, /must be water, agar or a drag ratio/],
      [['--components', '0'], 2, /--components/],
      [['--fps', '30'], 2, /--fps.*must divide 50/],
      [['--report', join(dir, 'r.txt')], 2, /--report <file\.html>.*must end in \.html/],
    ];
    for (const [args, code, message] of cases) {
      const o = join(dir, `bad-${code}-${args[0]!.replace(/\W/g, '')}`);
      const r2 = runCli(['dance', ...args, '--out', o]);
      expect(r2.code, args.join(' ')).toBe(code);
      expectOneLineError(r2.stderr, message);
      expect(existsSync(o) ? readdirSync(o) : []).toEqual([]);
    }
  });
});

describe('the timeline schema', () => {
  const score = createScore([0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5].flatMap((t, i) => [
    { onset: t, duration: 0.45, pitch: 48 + (i % 4) * 2, velocity: 0.7, voice: 0 },
    { onset: t, duration: 0.45, pitch: 64 + (i % 3) * 3, velocity: 0.6, voice: 1 },
  ]));
  const timeline = danceTimeline(danceToPiece(score, { kMax: 4 }), { title: 'test', source: 'test' });

  it('accepts what danceTimeline writes and refuses broken files with the field named', () => {
    expect(parseDanceTimeline(JSON.parse(JSON.stringify(timeline)))).toMatchObject({ format: 'neuromusic-dance-timeline', version: 1 });
    const broken = (f: (t: Record<string, unknown> & typeof timeline) => void): unknown => {
      const copy = JSON.parse(JSON.stringify(timeline));
      f(copy);
      return copy;
    };
    expect(() => parseDanceTimeline({}, 'x.json')).toThrow(/x\.json: not a dance timeline: .*format/);
    expect(() => parseDanceTimeline(broken((t) => t.frames[3]!.muscles.pop()))).toThrow(/frames\[3\]\.muscles: Too small/);
    expect(() => parseDanceTimeline(broken((t) => (t.frames[2]!.pattern = 99)))).toThrow(/pattern 99 is not among/);
    expect(() => parseDanceTimeline(broken((t) => (t.frames[4]!.behaviour = 'SWIM' as never)))).toThrow(/frames\[4\]\.behaviour/);
    expect(() => parseDanceTimeline(broken((t) => (t.frames[5]!.t = 0)))).toThrow(/frame times must increase/);
    expect(() => parseDanceTimeline(broken((t) => t.frames[1]!.midline.x.pop()))).toThrow(/a midline needs 49/);
  });
});

describe.skipIf(!hasShared)('the dance on every shared piece', () => {
  // In beforeAll, not at collection: a clone without ../shared collects this block too (and skips it).
  let dances: Array<{ file: string; score: Score; dance: Dance }> = [];
  beforeAll(() => {
    dances = SHARED_PIECES.map((p) => {
      const path = sharedData('midi', p.file);
      const score = readMidi(new Uint8Array(readFileSync(path)), path);
      return { file: p.file, score, dance: danceToPiece(score) };
    });
  }, 300_000);

  it('dances every piece without error, with distinct poses', () => {
    for (const { file, dance } of dances) {
      const s = danceSummary(dance);
      expect(s.frames, file).toBeGreaterThan(1000);
      expect(dance.body!.frames, file).toBe(dance.frames + 1);
      // Not one pose up to scale (PyANNOW v2's published r = 0.9997 for every pair): the poses span several directions…
      const sigma = singularValues(dance.poses);
      expect(sigma[1]! / sigma[0]!, file).toBeGreaterThan(0.1);
      // …and most pairs differ.
      expect(s.poses.medianAbsCorrelation, file).toBeLessThan(0.95);
      expect(s.poses.shareBelow09, file).toBeGreaterThan(0.25);
      for (const m of s.modes) {
        expect(m.pValue).toBeGreaterThan(0);
        expect(m.pValue).toBeLessThanOrEqual(1);
      }
      expect(Object.values(s.behaviour).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
      expect(s.body!.pathMm, file).toBeGreaterThan(1);
    }
  });

  it('reaches every behaviour on the Raindrop prelude', () => {
    const raindrop = dances.find((d) => d.file.includes('raindrop'))!;
    for (const b of DANCE_BEHAVIOURS) expect(raindrop.dance.behaviourShares[b], b).toBeGreaterThan(0.005);
  });

  it('is deterministic for a seed', () => {
    const piece = dances.find((d) => d.file.includes('c_minor'))!;
    const again = danceToPiece(piece.score);
    const a = danceTimeline(piece.dance, { title: 'a', source: 'a' });
    const b = danceTimeline(again, { title: 'a', source: 'a' });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});
