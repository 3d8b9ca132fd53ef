/** The `beats` and `groove` commands on synthetic and rendered audio, and on broken WAV files. */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, scratchDir } from './helpers/cli.js';
import { expectOneLineError } from './helpers/one-line-error.js';
import { hasShared, sharedData } from './helpers/shared.js';
import { decodeWav, encodeWav } from '../src/formats/wav.js';
import { readMidi } from '../src/formats/midi.js';
import { beatGrid } from '../src/score/tempo.js';
import { beatFMeasure } from '../src/analysis/beats/evaluate.js';
import { renderDrums, type DrumHit } from '../src/synth/drums.js';

const { dir, cleanup } = scratchDir();
afterAll(cleanup);

const SOUNDFONT = '/usr/share/sounds/sf2/FluidR3_GM.sf2';
const haveFluid = spawnSync('sh', ['-c', 'command -v fluidsynth']).status === 0 && existsSync(SOUNDFONT);
if (!haveFluid) console.warn('[neuromusic tests] fluidsynth or FluidR3_GM.sf2 missing: beat tracking of rendered piano is skipped.');

/** A stereo 48 kHz 24-bit groove at `bpm`: kick on 1 and 3, snare on 2 and 4, hi-hats on the eighths. */
function grooveWav(path: string, bpm: number, seconds: number): number[] {
  const beat = 60 / bpm;
  const hits: DrumHit[] = [];
  const beats: number[] = [];
  for (let k = 0; 0.3 + k * beat < seconds - 0.5; k++) {
    const t = 0.3 + k * beat;
    beats.push(t);
    hits.push({ time: t, drum: k % 2 === 0 ? 'kick' : 'snare', velocity: 1 });
    hits.push({ time: t, drum: 'hihat', velocity: 0.7 }, { time: t + beat / 2, drum: 'hihat', velocity: 0.5 });
  }
  const mono = renderDrums(hits, { sampleRate: 48000, durationSeconds: seconds });
  const left = mono.map((v) => 0.6 * v);
  const right = mono.map((v) => 0.5 * v);
  writeFileSync(path, encodeWav({ sampleRate: 48000, channels: [left, right] }, 'pcm24'));
  return beats;
}

describe('neuromusic beats', () => {
  const song = join(dir, 'groove.wav');
  const truth = grooveWav(song, 112, 25);

  it('finds the tempo within 1 % and writes the beats as CSV', () => {
    const csv = join(dir, 'beats.csv');
    const r = runCli(['beats', song, '--csv', csv]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/groove\.wav: 11\d\.\d bpm/);
    const lines = readFileSync(csv, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('beat,time_s');
    const beats = lines.slice(1).map((l) => Number(l.split(',')[1]));
    expect(beatFMeasure(truth, beats).fMeasure).toBeGreaterThan(0.95);
    const json = JSON.parse(runCli(['beats', song, '--json']).stdout);
    expect(Math.abs(json.tempoBpm / 112 - 1)).toBeLessThan(0.01);
    expect(json.channels).toBe(2);
    expect(json.sampleRate).toBe(48000);
  });

  it('writes an HTML report with its pictures', () => {
    const html = join(dir, 'beats.html');
    const r = runCli(['beats', song, '--report', html, '--quiet']);
    expect(r.code).toBe(0);
    const text = readFileSync(html, 'utf8');
    expect(text).toMatch(/oscillator amplitudes/);
    expect(text).toMatch(/data:image\/png;base64/);
  });

  it('refuses broken, empty, missing and non-WAV files with one line naming the file (exit 2)', () => {
    const bytes = readFileSync(song);
    const cases: Array<[string, Uint8Array | null, RegExp]> = [
      ['truncated.wav', bytes.subarray(0, 60), /truncated\.wav: truncated WAV/],
      ['empty.wav', new Uint8Array(0), /empty\.wav: empty file/],
      ['text.wav', new TextEncoder().encode('not audio at all'), /text\.wav: not a WAV file/],
      ['missing.wav', null, /missing\.wav: cannot read: no such file/],
    ];
    for (const [name, content, pattern] of cases) {
      const path = join(dir, name);
      if (content) writeFileSync(path, content);
      const r = runCli(['beats', path, '--csv', join(dir, `${name}.csv`)]);
      expect(r.code).toBe(2);
      expectOneLineError(r.stderr, pattern);
      expect(existsSync(join(dir, `${name}.csv`))).toBe(false);
    }
  });

  it('refuses a tempo range upside down (exit 2)', () => {
    const r = runCli(['beats', song, '--min-bpm', '200', '--max-bpm', '100']);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /--min-bpm \(200\) must be below --max-bpm \(100\)/);
  });

  it.skipIf(!hasShared || !haveFluid)('tracks the notated beat of a rendered piano piece (Satie, Gymnopédie no. 1)', () => {
    const midi = sharedData('midi', 'satie_gymnopedie_no1.mid');
    const wav = join(dir, 'satie.wav');
    execFileSync('fluidsynth', ['-ni', '-g', '1.0', '-F', wav, '-r', '44100', SOUNDFONT, midi], { stdio: 'pipe', timeout: 120_000 });
    const json = JSON.parse(runCli(['beats', wav, '--json']).stdout);
    const score = readMidi(new Uint8Array(readFileSync(midi)), midi);
    const grid = beatGrid(score.tempos, score.timeSignatures, Math.max(...score.notes.map((n) => n.onset))).map((b) => b.time);
    expect(Math.abs(json.tempoBpm - 60)).toBeLessThan(0.6);
    expect(beatFMeasure(grid, json.beats).fMeasure).toBeGreaterThan(0.9);
  });
});

describe('neuromusic groove', () => {
  it('writes drum events, a beat-locked drum track, the mix and a picture', () => {
    const song = join(dir, 'groove2.wav');
    grooveWav(song, 96, 15);
    const out = join(dir, 'groove-out');
    const r = runCli(['groove', song, '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/9\d\.\d bpm/);
    expect(readdirSync(out).sort()).toEqual(['groove2-beats.csv', 'groove2-drum-events.csv', 'groove2-drums.wav', 'groove2-groove.svg', 'groove2-mix.wav']);
    const events = readFileSync(join(out, 'groove2-drum-events.csv'), 'utf8').trim().split('\n');
    expect(events[0]).toBe('time_s,instrument,strength,quantized_s');
    for (const name of ['kick', 'snare', 'hihat']) expect(events.some((l) => l.split(',')[1] === name)).toBe(true);
    const input = decodeWav(new Uint8Array(readFileSync(song)));
    const drums = decodeWav(new Uint8Array(readFileSync(join(out, 'groove2-drums.wav'))));
    const mix = decodeWav(new Uint8Array(readFileSync(join(out, 'groove2-mix.wav'))));
    expect(drums.channels).toHaveLength(1);
    expect(mix.channels).toHaveLength(2);
    expect(drums.sampleRate).toBe(48000);
    expect(mix.channels[0]!.length).toBe(input.channels[0]!.length);
    expect(mix.channels[0]!.reduce((m, v) => Math.max(m, Math.abs(v)), 0)).toBeLessThanOrEqual(0.892);
    expect(readFileSync(join(out, 'groove2-groove.svg'), 'utf8')).toMatch(/^<svg[\s\S]*drum events/);
  });

  it('writes into ./out when --out is not given, as every command does', () => {
    const help = runCli(['groove', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--out <dir>[\s\S]*\(default: "out"\)/);
  });
});
