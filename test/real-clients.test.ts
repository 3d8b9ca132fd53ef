/**
 * Files written by neuromusic, read by the tools people use: Debian's fluidsynth renders our MIDI, sox reads our
 * WAV. `.ci/run` installs both; on a machine without them these tests skip and say so.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from './helpers/cli.js';
import { bachPreludeInC } from '../src/pieces/bach-prelude-c-major.js';
import { writeMidi } from '../src/formats/midi.js';
import { encodeWav, decodeWav } from '../src/formats/wav.js';
import { renderScore } from '../src/synth/render.js';
import { audioLevels } from '../src/synth/levels.js';
import { createScore } from '../src/score/ops.js';
import { readFileSync } from 'node:fs';

const has = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;
const SOUNDFONT = '/usr/share/sounds/sf2/FluidR3_GM.sf2';
const haveFluid = has('fluidsynth') && existsSync(SOUNDFONT);
const haveSox = has('sox');
if (!haveFluid) console.warn('[neuromusic tests] fluidsynth or FluidR3_GM.sf2 missing: the fluidsynth test is skipped (.ci/run installs them).');
if (!haveSox) console.warn('[neuromusic tests] sox missing: the sox tests are skipped (.ci/run installs it).');

const { dir, cleanup } = scratchDir();
afterAll(cleanup);

describe('real clients', () => {
  it.skipIf(!haveFluid)('fluidsynth renders a MIDI file written by neuromusic to non-silent audio of the right length', () => {
    const score = bachPreludeInC({ bars: 4 }); // 4 bars at 66 bpm = 14.5 s
    const mid = join(dir, 'four-bars.mid');
    const wav = join(dir, 'four-bars-fluid.wav');
    writeFileSync(mid, writeMidi(score));
    execFileSync('fluidsynth', ['-ni', '-g', '1.0', '-F', wav, '-r', '44100', SOUNDFONT, mid], { stdio: 'pipe', timeout: 60_000 });
    const audio = decodeWav(new Uint8Array(readFileSync(wav)), wav);
    const seconds = audio.channels[0]!.length / audio.sampleRate;
    const expected = (16 * 60) / 66;
    // fluidsynth stops when the last note has been released (plus its release tail, up to a couple of seconds).
    expect(seconds).toBeGreaterThan(expected - 0.3);
    expect(seconds).toBeLessThan(expected + 3);
    expect(audioLevels(audio.channels[0]!).rms).toBeGreaterThan(0.005);
  });

  it.skipIf(!haveSox)('sox reads WAV files written by neuromusic with the right rate, channels and length', () => {
    const score = createScore([{ onset: 0, duration: 1, pitch: 60, velocity: 0.8, voice: 0 }]);
    for (const [channels, bits, encoding] of [[1, 16, 'pcm16'], [2, 24, 'pcm24'], [8, 32, 'float32']] as const) {
      const audio = renderScore(score, { sampleRate: 48000, channels });
      const path = join(dir, `sox-${channels}.wav`);
      writeFileSync(path, encodeWav(audio, encoding));
      const info = (flag: string): string => execFileSync('sox', ['--i', flag, path], { encoding: 'utf8' }).trim();
      expect(Number(info('-r'))).toBe(48000);
      expect(Number(info('-c'))).toBe(channels);
      expect(Number(info('-b'))).toBe(bits);
      expect(Number(info('-s'))).toBe(audio.channels[0]!.length);
      // sox measures the level too: the −1 dBFS peak of the normalised mix.
      const stats = spawnSync('sox', [path, '-n', 'stats'], { encoding: 'utf8' }).stderr;
      const peakDb = Number(/Pk lev dB\s+(-?[\d.]+)/.exec(stats)![1]);
      expect(peakDb).toBeCloseTo(-1, 1);
    }
  });
});
