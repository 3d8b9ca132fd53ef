/** `neuromusic compose --engine nodal`, run as a user runs it. */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectOneLineError, runCli, scratchDir } from './helpers/cli.js';
import { decodeWav } from '../src/formats/wav.js';
import { readMidi } from '../src/formats/midi.js';

const { dir, cleanup } = scratchDir('neuromusic-nodal-');
afterAll(cleanup);

describe('neuromusic compose --engine nodal', () => {
  it('writes an 8-channel WAV, a stereo mix-down, MIDI with a channel per speaker and a report', () => {
    const out = join(dir, 'eight');
    const report = join(out, 'report.html');
    const r = runCli(['compose', '--engine', 'nodal', '--engine', 'nodal', '--seconds', '20', '--sr', '8000', '--seed', '3', '--out', out, '--report', report, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary).toMatchObject({ engine: 'nodal', nodes: 32, speakers: 8, seconds: 20, seed: 3 });
    expect(summary.notes).toBeGreaterThan(100);
    expect(readdirSync(out).sort()).toEqual(['nodal-8ch.wav', 'nodal-stereo.wav', 'nodal.mid', 'report.html']);
    const ring = decodeWav(new Uint8Array(readFileSync(join(out, 'nodal-8ch.wav'))));
    expect(ring.channels).toHaveLength(8);
    expect(ring.sampleRate).toBe(8000);
    expect(ring.channels[0]!.length / 8000).toBeGreaterThan(20);
    for (const channel of ring.channels) expect(channel.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeGreaterThan(0.01); // every speaker sounds
    expect(decodeWav(new Uint8Array(readFileSync(join(out, 'nodal-stereo.wav')))).channels).toHaveLength(2);
    const midi = readMidi(new Uint8Array(readFileSync(join(out, 'nodal.mid'))), 'nodal.mid');
    expect(midi.notes.length).toBe(summary.notes);
    expect(new Set(midi.notes.map((n) => n.channel))).toEqual(new Set([0, 1, 2, 3, 4, 5, 6, 7]));
    const html = readFileSync(report, 'utf8');
    for (const heading of ['Firings on the ring', 'Weights over time', 'Firing intervals and the breakpoints', 'Talking pairs', 'Pitch and velocity flocks']) expect(html).toContain(heading);
  });

  it('gives the same MIDI for the same seed', () => {
    const a = runCli(['compose', '--engine', 'nodal', '--seconds', '10', '--sr', '8000', '--seed', '5', '--out', join(dir, 'a'), '--quiet']);
    const b = runCli(['compose', '--engine', 'nodal', '--seconds', '10', '--sr', '8000', '--seed', '5', '--out', join(dir, 'b'), '--quiet']);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(readFileSync(join(dir, 'a', 'nodal.mid'))).toEqual(readFileSync(join(dir, 'b', 'nodal.mid')));
  });

  it('drives 32 speakers (MIDI ports 1 and 2), 2 speakers and a layout, contour and params from JSON files', () => {
    const files = join(dir, 'inputs');
    const r0 = runCli(['compose', '--engine', 'nodal', '--seconds', '8', '--sr', '8000', '--speakers', '32', '--out', join(dir, 'ring32'), '--quiet']);
    expect(r0.code, r0.stderr).toBe(0);
    expect(decodeWav(new Uint8Array(readFileSync(join(dir, 'ring32', 'nodal-32ch.wav')))).channels).toHaveLength(32);
    const bytes = new Uint8Array(readFileSync(join(dir, 'ring32', 'nodal.mid')));
    let ports = 0;
    for (let i = 0; i + 3 < bytes.length; i++) if (bytes[i] === 0xff && bytes[i + 1] === 0x21 && bytes[i + 2] === 0x01) ports++;
    expect(ports).toBeGreaterThan(16);
    writeFileSync(join(dir, 'layout.json'), JSON.stringify({ delaysSeconds: Array.from({ length: 6 }, (_, i) => Array.from({ length: 6 }, (_, j) => (i === j ? 0 : 0.1 + 0.05 * Math.abs(i - j)))) }));
    writeFileSync(join(dir, 'contour.json'), JSON.stringify({ pitch: [[0, 50], [4, 80]], velocity: { values: [40, 110], stepSeconds: 4 }, scale: 'pentatonic', root: 'D' }));
    writeFileSync(join(dir, 'params.json'), JSON.stringify({ recoverySeconds: 0.15, pitch: { safetyZone: 3 } }));
    const r = runCli(['compose', '--engine', 'nodal', '--seconds', '8', '--sr', '8000', '--speakers', '2', '--layout', join(dir, 'layout.json'), '--contour', join(dir, 'contour.json'), '--params', join(dir, 'params.json'), '--out', files, '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ nodes: 6, speakers: 2 });
    expect(decodeWav(new Uint8Array(readFileSync(join(files, 'nodal-2ch.wav')))).channels).toHaveLength(2);
    const notes = readMidi(new Uint8Array(readFileSync(join(files, 'nodal.mid'))), 'nodal.mid').notes;
    // D major pentatonic: D E F# A B.
    expect(notes.every((n) => [2, 4, 6, 9, 11].includes(n.pitch % 12))).toBe(true);
  });

  describe('bad input: one line naming the file, the right exit code, nothing written', () => {
    const cases: Array<[string, string, string, number, RegExp]> = [
      ['contour', 'broken.json', '{"pitch": [[0, 60]', 2, /broken\.json: not valid JSON/],
      ['contour', 'backwards.json', '{"pitch": [[5, 60], [1, 62]]}', 2, /backwards\.json: pitch\[1\]: time 1 s comes before 5 s/],
      ['contour', 'empty.json', '', 2, /empty\.json: empty file/],
      ['params', 'typo.json', '{"recoverSeconds": 0.2}', 2, /typo\.json: bad nodal parameters: .*recoverSeconds/],
      ['params', 'ratio.json', '{"triggering": {"dampeningRatio": 1}}', 2, /ratio\.json: bad nodal parameters: triggering\.dampeningRatio: dampeningRatio must be < 1/],
      ['layout', 'ragged.json', '[[0, 1, 1], [1, 0], [1, 1, 0]]', 2, /ragged\.json: row 1 has 2 entries/],
      ['layout', 'zero.json', '[[0, 0], [1, 0]]', 2, /zero\.json: delay from node 0 to node 1 is 0/],
    ];
    for (const [option, name, text, code, message] of cases) {
      it(`--${option} ${name}`, () => {
        const path = join(dir, name);
        writeFileSync(path, text);
        const out = join(dir, `out-${name}`);
        const r = runCli(['compose', '--engine', 'nodal', '--seconds', '5', `--${option}`, path, '--out', out]);
        expect(r.code).toBe(code);
        expectOneLineError(r.stderr, message);
        expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
      });
    }

    it('a missing file, conflicting options, an unknown engine, a report that is not HTML', () => {
      const missing = runCli(['compose', '--engine', 'nodal', '--contour', join(dir, 'nope.json'), '--out', join(dir, 'x')]);
      expect(missing.code).toBe(2);
      expectOneLineError(missing.stderr, /nope\.json: cannot read: no such file or directory/);
      writeFileSync(join(dir, 'four.json'), JSON.stringify(Array.from({ length: 4 }, (_, i) => Array.from({ length: 4 }, (_, j) => (i === j ? 0 : 0.2)))));
      const conflict = runCli(['compose', '--engine', 'nodal', '--nodes', '16', '--layout', join(dir, 'four.json'), '--out', join(dir, 'x')]);
      expect(conflict.code).toBe(2);
      expectOneLineError(conflict.stderr, /--nodes 16 disagrees with .*four\.json, a 4 × 4 delay matrix/);
      const engine = runCli(['compose', '--engine', 'nope']);
      expect(engine.code).toBe(2);
      expectOneLineError(engine.stderr, /must be one of worm, nodal/);
      const report = runCli(['compose', '--engine', 'nodal', '--report', join(dir, 'r.txt'), '--out', join(dir, 'x')]);
      expect(report.code).toBe(2);
      expectOneLineError(report.stderr, /--report <file\.html>.*must end in \.html/);
      const nodes = runCli(['compose', '--engine', 'nodal', '--nodes', '1']);
      expect(nodes.code).toBe(2);
      expectOneLineError(nodes.stderr, /--nodes.*must be between 2 and 4096/);
      expect(existsSync(join(dir, 'x')) ? readdirSync(join(dir, 'x')) : []).toEqual([]);
    });
  });
});
