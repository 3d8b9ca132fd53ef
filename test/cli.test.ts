import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectOneLineError, runCli, scratchDir } from './helpers/cli.js';
import { hasShared, sharedData } from './helpers/shared.js';
import { decodeWav } from '../src/formats/wav.js';
import { readMidi } from '../src/formats/midi.js';
import { packageInfo } from '../src/node/package-info.js';

const { dir, cleanup } = scratchDir();
afterAll(cleanup);

describe('neuromusic CLI', () => {
  it('prints its version and help', () => {
    const v = runCli(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toBe(packageInfo().version);
    for (const args of [['--help'], ['info', '--help'], ['render', '--help'], ['demo', '--help']]) {
      const h = runCli(args);
      expect(h.code).toBe(0);
      expect(h.stdout).toMatch(/Usage: neuromusic/);
    }
  });

  it('demo writes the built-in prelude as MIDI and a piano WAV', () => {
    const r = runCli(['demo', '--out', join(dir, 'demo')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Prelude in C major/);
    const midi = readMidi(new Uint8Array(readFileSync(join(dir, 'demo', 'bach-prelude-c-major.mid'))));
    expect(midi.notes).toHaveLength(549);
    const wav = decodeWav(new Uint8Array(readFileSync(join(dir, 'demo', 'bach-prelude-c-major.wav'))));
    expect(wav.channels).toHaveLength(2);
    expect(wav.channels[0]!.length / wav.sampleRate).toBeGreaterThan(125);
    expect(readdirSync(join(dir, 'demo')).sort()).toEqual(['bach-prelude-c-major.mid', 'bach-prelude-c-major.wav']);
  });

  it('info describes the built-in piece as text and JSON', () => {
    const text = runCli(['info']);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/notes\s+549 in 3 voices/);
    const json = runCli(['info', '--json']);
    const info = JSON.parse(json.stdout);
    expect(info.notes).toBe(549);
    expect(info.voices.map((v: { name: string }) => v.name)).toEqual(['bass', 'tenor', 'figuration']);
  });

  it.skipIf(!hasShared)('info reads a shared MIDI file', () => {
    const r = runCli(['info', sharedData('midi', 'chopin_prelude_op28_no20_c_minor.mid'), '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ notes: 286, pitchMin: 24, pitchMax: 75 });
  });

  it('render writes into the --out folder, named after the piece, by default', () => {
    const r = runCli(['render', '--out', join(dir, 'default-out'), '--sr', '8000', '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(join(dir, 'default-out'))).toEqual(['bach-prelude-c-major.wav']);
    expect(r.stdout).toMatch(/wrote .*default-out\/bach-prelude-c-major\.wav/);
  });

  it('render writes WAV at the asked rate, channels and depth, and info reads it back', () => {
    const out = join(dir, 'r', 'prelude.wav');
    const r = runCli(['render', '-o', out, '--sr', '22050', '--channels', '1', '--bits', '24', '--quiet']);
    expect(r.code).toBe(0);
    const wav = decodeWav(new Uint8Array(readFileSync(out)));
    expect([wav.sampleRate, wav.channels.length, wav.bitDepth]).toEqual([22050, 1, 24]);
    const info = JSON.parse(runCli(['info', out, '--json']).stdout);
    expect(info.levels[0].peak).toBeCloseTo(Math.pow(10, -1 / 20), 3);
  });

  describe('bad input: one line, the right exit code, nothing written', () => {
    const out = join(dir, 'bad', 'out.wav');
    mkdirSync(join(dir, 'bad'), { recursive: true });
    const file = (name: string, bytes: Uint8Array | string): string => {
      const p = join(dir, 'bad', name);
      writeFileSync(p, bytes);
      return p;
    };
    const good = (): Buffer => readFileSync(join(dir, 'demo', 'bach-prelude-c-major.mid'));

    const failures: Array<[string, () => string[], RegExp]> = [
      ['a missing file', () => ['render', join(dir, 'nope.mid'), '-o', out], /nope\.mid: cannot read: no such file/],
      ['an empty file', () => ['render', file('empty.mid', ''), '-o', out], /empty\.mid: empty file/],
      ['non-MIDI bytes', () => ['render', file('text.mid', 'MThx this is text'), '-o', out], /text\.mid: not a Standard MIDI File/],
      ['a truncated MIDI file', () => ['render', file('cut.mid', good().subarray(0, good().length - 100)), '-o', out], /cut\.mid: truncated MIDI/],
      ['an unsupported score extension', () => ['info', file('x.abc', 'X:1')], /unsupported score format ".abc"/],
      ['a WAV with an unsupported encoding', () => {
        const wav = readFileSync(join(dir, 'r', 'prelude.wav'));
        const adpcm = Buffer.from(wav);
        adpcm.writeUInt16LE(0x11, 20);
        return ['info', file('adpcm.wav', adpcm)];
      }, /adpcm\.wav: unsupported WAV encoding: IMA ADPCM/],
      ['a score JSON that is not a score', () => ['render', file('s.json', '{"notes":[{"onset":0}]}'), '-o', out], /s\.json: not a neuromusic score: notes\[0\]\.duration/],
      ['an output path under a file', () => ['render', '-o', join(file('plain', 'x'), 'out.wav')], /cannot write: a part of the path is a file/],
    ];
    for (const [what, args, pattern] of failures) {
      it(`fails with exit 2 on ${what}`, () => {
        const r = runCli(args());
        expect(r.code).toBe(2);
        expectOneLineError(r.stderr, pattern);
        expect(existsSync(out)).toBe(false);
      });
    }

    const usage: Array<[string, string[], RegExp]> = [
      ['an out-of-range sample rate', ['render', '-o', out, '--sr', '1000'], /--sr.*between 8000 and 192000/],
      ['a non-numeric channel count', ['render', '-o', out, '--channels', 'two'], /--channels.*must be a number/],
      ['an unknown bit depth', ['render', '-o', out, '--bits', '12'], /--bits.*one of 16, 24, 32f/],
      ['both an output folder and an output file', ['render', '--out', join(dir, 'bad'), '-o', out], /give --out <dir> or -o\/--output <file\.wav>, not both/],
      ['an output that is not .wav', ['render', '-o', join(dir, 'bad', 'x.mp3')], /--output <file\.wav>.*must end in \.wav, got ".*x\.mp3"/],
      ['an unknown command', ['compost'], /unknown command 'compost'/],
      ['an unknown option', ['info', '--frobnicate'], /unknown option '--frobnicate'/],
      ['a tempo out of range', ['demo', '--bpm', '0', '--out', join(dir, 'bad', 'demo')], /--bpm.*between 20 and 300/],
    ];
    for (const [what, args, pattern] of usage) {
      it(`fails with exit 2 on ${what}`, () => {
        const r = runCli(args);
        expect(r.code).toBe(2);
        expectOneLineError(r.stderr, pattern);
        expect(existsSync(out)).toBe(false);
      });
    }

    it.skipIf(process.getuid?.() === 0)('fails with exit 2 on an unwritable folder', () => {
      const locked = join(dir, 'locked');
      mkdirSync(locked);
      chmodSync(locked, 0o500);
      const r = runCli(['render', '-o', join(locked, 'x.wav')]);
      expect(r.code).toBe(2);
      expectOneLineError(r.stderr, /permission denied/);
    });

    it('fails with exit 2 when a folder of the output path is a file (any user, root included)', () => {
      const file = join(dir, 'a-file');
      writeFileSync(file, 'not a folder');
      const r = runCli(['render', '-o', join(file, 'x.wav')]);
      expect(r.code).toBe(2);
      expectOneLineError(r.stderr, /a-file\/x\.wav: cannot write: a part of the path is a file, not a folder/);
    });

    it('leaves no temporary files behind after a failed write', () => {
      expect(readdirSync(join(dir, 'bad')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    });
  });
});
