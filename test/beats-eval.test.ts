/** `neuromusic beats-eval` and `beats --online`, run as a user would. */
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli, scratchDir } from './helpers/cli.js';
import { expectOneLineError } from './helpers/one-line-error.js';
import { encodeWav } from '../src/formats/wav.js';
import { renderDrums, type DrumHit } from '../src/synth/drums.js';

const { dir, cleanup } = scratchDir();
afterAll(cleanup);

interface EvalJson {
  trackers: string[];
  pieces: Array<{ name: string; source: string; instrument: string; metrics: Record<string, Record<string, number>> }>;
  means: { all: Record<string, Record<string, number>> };
}

describe('neuromusic beats-eval', () => {
  it('scores offline and online on generated pieces and the built-in prelude (modal piano, no aubio): every metric in [0, 1]', () => {
    const out = join(dir, 'eval');
    const r = runCli(['beats-eval', '--pieces', '2', '--no-midi', '--no-fluidsynth', '--no-aubio', '--json', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(r.stdout) as EvalJson;
    expect(json.trackers).toEqual(['offline', 'online']);
    expect(json.pieces.map((p) => p.name)).toEqual(['waltz-1', 'march-2', 'bach-prelude-c']);
    for (const p of json.pieces) {
      expect(p.instrument).toBe('modal piano');
      for (const t of ['offline', 'online']) {
        for (const v of Object.values(p.metrics[t]!)) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1 + 1e-12);
        }
      }
    }
    // the march at 79 bpm: the tracker is on its beat (a failure here is a regression, not noise)
    expect(json.pieces[1]!.metrics.offline!.fMeasure).toBeGreaterThan(0.8);
    expect(readdirSync(out).sort()).toContain('march-2.beats.csv');
    const csv = readFileSync(join(out, 'march-2.beats.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toBe('source,time_s');
    expect(new Set(csv.slice(1).map((l) => l.split(',')[0]))).toEqual(new Set(['reference', 'offline', 'online']));
  });

  it('prints the table with the means', () => {
    const r = runCli(['beats-eval', '--pieces', '1', '--no-midi', '--no-fluidsynth', '--no-aubio']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Means over all 2 pieces/);
    expect(r.stdout).toMatch(/ours, offline +\d\.\d{3}/);
    expect(r.stdout).toMatch(/ours, online +\d\.\d{3}/);
    expect(r.stdout).toMatch(/tuned on generated seeds 1000–1023/);
  });

  it('scores the online tracker with a stated latency as a row of its own when asked', () => {
    // One run (the online tracker is the slow part): the table on stdout, the JSON into a file.
    const file = join(dir, 'latency.json');
    const r = runCli(['beats-eval', '--pieces', '1', '--no-midi', '--no-fluidsynth', '--no-aubio', '--online-latency', '1', '--json', file, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    const json = JSON.parse(readFileSync(file, 'utf8'));
    expect(json.trackers).toEqual(['offline', 'online', 'delayed']);
    expect(json.onlineLatencySeconds).toBe(1);
    for (const p of json.pieces) expect(p.metrics.delayed.fMeasure).toBeGreaterThanOrEqual(0);
    expect(r.stdout).toMatch(/ours, online \+1 s +\d\.\d{3}/);
    const bad = runCli(['beats-eval', '--online-latency', '9']);
    expect(bad.code).toBe(2);
    expectOneLineError(bad.stderr, /--online-latency/);
  });

  it('refuses a broken MIDI file and a non-MIDI name with one line (exit 2)', () => {
    const bad = join(dir, 'broken.mid');
    writeFileSync(bad, 'MThd nonsense');
    const r = runCli(['beats-eval', '--pieces', '1', '--midi', bad, '--no-aubio', '--no-fluidsynth']);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /broken\.mid/);
    const s = runCli(['beats-eval', '--pieces', '1', '--midi', join(dir, 'song.wav'), '--no-aubio']);
    expect(s.code).toBe(2);
    expectOneLineError(s.stderr, /song\.wav: not a MIDI file name/);
  });
});

describe('neuromusic beats --online', () => {
  it('tracks a groove causally and says so', () => {
    const hits: DrumHit[] = [];
    for (let k = 0; 0.3 + k * 0.5 < 19.5; k++) hits.push({ time: 0.3 + k * 0.5, drum: k % 2 ? 'snare' : 'kick', velocity: 1 });
    const song = join(dir, 'groove.wav');
    writeFileSync(song, encodeWav({ sampleRate: 44100, channels: [renderDrums(hits, { sampleRate: 44100, durationSeconds: 20 })] }, 'pcm16'));
    const json = JSON.parse(runCli(['beats', song, '--online', '--json']).stdout);
    expect(json.mode).toBe('online');
    expect(json.latencySeconds).toBe(0);
    expect(Math.abs(json.tempoBpm / 120 - 1)).toBeLessThan(0.02);
    const text = runCli(['beats', song, '--online']).stdout;
    expect(text).toMatch(/online: each predicted from the audio before it/);
    // A stated latency: each beat reported once the sliding window has decoded it (the latency plus at most a hop).
    const late = JSON.parse(runCli(['beats', song, '--online', '--latency', '1', '--json']).stdout);
    expect(late.latencySeconds).toBeGreaterThanOrEqual(1);
    expect(late.latencySeconds).toBeLessThanOrEqual(2);
    const hitsAfter5 = hits.filter((h) => h.time > 5).map((h) => h.time);
    const matched = hitsAfter5.filter((h) => late.beats.some((b: number) => Math.abs(b - h) <= 0.07)).length;
    expect(matched / hitsAfter5.length).toBeGreaterThan(0.9);
    expect(runCli(['beats', song, '--online', '--latency', '1']).stdout).toMatch(/online: each decided 1\.\d\d s after it sounds/);
    const alone = runCli(['beats', song, '--latency', '1']);
    expect(alone.code).toBe(2);
    expectOneLineError(alone.stderr, /--latency applies to the online tracker/);
  });
});
