/** `neuromusic compose` (the worm engine, the default) run as a user runs it, and what the body does to the music. */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectOneLineError, runCli, scratchDir } from './helpers/cli.js';
import { decodeWav } from '../src/formats/wav.js';
import { readMidi } from '../src/formats/midi.js';
import { composeWorm } from '../src/engines/worm/play/compose.js';
import { scoreStats } from '../src/score/ops.js';
import { inKey, parseKey } from '../src/score/scales.js';

const { dir, cleanup } = scratchDir('neuromusic-worm-compose-');
afterAll(cleanup);


describe('neuromusic compose (worm engine)', () => {
  it('is the default engine and writes MIDI, a WAV and a report', () => {
    const out = join(dir, 'default');
    const report = join(out, 'worm.html');
    const r = runCli(['compose', '--seconds', '20', '--sr', '8000', '--out', out, '--report', report, '--key', 'D dorian', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ engine: 'worm', seconds: 20, seed: 1, key: 'D dorian', medium: 1 });
    expect(readdirSync(out).sort()).toEqual(['worm.html', 'worm.mid', 'worm.wav']);
    const midi = readMidi(new Uint8Array(readFileSync(join(out, 'worm.mid'))), 'worm.mid');
    expect(midi.notes.length).toBe(summary.notes);
    // Musical density: neither a machine-gun nor silence; every pitch in the key and on the piano.
    expect(summary.notesPerSecond).toBeGreaterThan(2);
    expect(summary.notesPerSecond).toBeLessThan(8);
    const key = parseKey('D dorian');
    for (const n of midi.notes) {
      expect(inKey(n.pitch, key)).toBe(true);
      expect(n.pitch).toBeGreaterThanOrEqual(21);
      expect(n.pitch).toBeLessThanOrEqual(108);
    }
    const wav = decodeWav(new Uint8Array(readFileSync(join(out, 'worm.wav'))));
    expect(wav.channels).toHaveLength(2);
    expect(wav.channels[0]!.length / 8000).toBeGreaterThan(20);
    const html = readFileSync(report, 'utf8');
    for (const heading of ['Notes over time', 'Music per command step', 'Body-wall muscles', 'Trajectory']) expect(html).toContain(heading);
  });

  it('gives the same piece for the same seed and another for another seed', () => {
    const run = (seed: number, name: string): Buffer => {
      const r = runCli(['compose', '--seconds', '8', '--sr', '8000', '--seed', String(seed), '--out', join(dir, name), '--quiet']);
      expect(r.code, r.stderr).toBe(0);
      return readFileSync(join(dir, name, 'worm.mid'));
    };
    const a = run(5, 'a');
    expect(run(5, 'b')).toEqual(a);
    expect(run(6, 'c')).not.toEqual(a);
  });

  it('takes a params file, and refuses bad options, scripts and files with one line and no output', () => {
    writeFileSync(join(dir, 'params.json'), JSON.stringify({ notes: { lowPitch: 36, highPitch: 96 }, command: 'forward 3s, reverse' }));
    const ok = runCli(['compose', '--seconds', '6', '--sr', '8000', '--params', join(dir, 'params.json'), '--out', join(dir, 'p'), '--json']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).command).toBe('forward 3s, reverse');
    const midi = readMidi(new Uint8Array(readFileSync(join(dir, 'p', 'worm.mid'))), 'worm.mid');
    expect(Math.min(...midi.notes.map((n) => n.pitch))).toBeGreaterThanOrEqual(36);
    expect(Math.max(...midi.notes.map((n) => n.pitch))).toBeLessThanOrEqual(96);
    const cases: Array<[string[], number, RegExp]> = [
      [['--key', 'H minor'], 2, /--key: "H minor" is not a key/],
      [['--command', 'forward 2s, dance 3s'], 2, /--command: .*unknown action "dance"/],
      [['--env', 'honey'], 2, /must be water, agar or a drag ratio/],
      [['--rate', '0'], 2, /--rate/],
      [['--nodes', '4'], 2, /--nodes does not apply to --engine worm/],
      [['--command', 'pause 5s'], 2, /nothing to play/],
    ];
    for (const [args, code, message] of cases) {
      const out = join(dir, `bad-${args[0]}-${code}`);
      const r = runCli(['compose', '--seconds', '5', '--sr', '8000', ...args, '--out', out]);
      expect(r.code, args.join(' ')).toBe(code);
      expectOneLineError(r.stderr, message);
      expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    }
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ notes: { onShare: 0.2, offShare: 0.5 } }));
    const bad = runCli(['compose', '--seconds', '5', '--params', join(dir, 'bad.json'), '--out', join(dir, 'bad')]);
    expect(bad.code).toBe(2);
    expectOneLineError(bad.stderr, /offShare must be below onShare/);
    writeFileSync(join(dir, 'typo.json'), JSON.stringify({ notez: {} }));
    const typo = runCli(['compose', '--seconds', '5', '--params', join(dir, 'typo.json'), '--out', join(dir, 'typo')]);
    expect(typo.code).toBe(2);
    expectOneLineError(typo.stderr, /typo\.json: bad worm parameters: .*notez/);
  });
});

describe('the body changes the music', () => {
  const compose = (command: string, medium: number) => composeWorm({ seconds: 30, command, medium });
  const meanLength = (c: ReturnType<typeof compose>): number => c.score.notes.reduce((a, n) => a + n.duration, 0) / c.score.notes.length;

  it('water plays short notes on a fast cycle, agar long overlapping notes on a slow one', () => {
    const water = compose('forward 30s', 0);
    const agar = compose('forward 30s', 1);
    // The muscles contract for a share of each cycle; the cycle is ~4× longer on agar (BBC 2012: 2 Hz vs 0.5 Hz).
    expect(meanLength(agar) / meanLength(water)).toBeGreaterThan(3);
    expect(scoreStats(agar.score).meanPolyphony / scoreStats(water.score).meanPolyphony).toBeGreaterThan(3);
    for (const c of [water, agar]) {
      expect(c.score.notes.length / 30).toBeGreaterThan(2);
      expect(c.score.notes.length / 30).toBeLessThan(8);
    }
  });

  it('forward crawling walks down the registers, reversing walks up, pausing is silent', () => {
    for (const medium of [0, 1]) {
      const c = compose('forward 12s, reverse 12s, pause 6s', medium);
      const [forward, reverse, pause] = c.steps;
      expect(forward!.melodicDirection!, `medium ${medium}`).toBeLessThan(-0.15);
      expect(reverse!.melodicDirection!, `medium ${medium}`).toBeGreaterThan(0.15);
      // Notes still ringing from the reversal may end inside the pause, but none starts after its first second.
      expect(c.score.notes.filter((n) => n.onset > pause!.fromS + 1)).toHaveLength(0);
    }
  });
});
