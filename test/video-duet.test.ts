/**
 * The visual duet end to end: motion in a picture drives the Neural Duet. The four generated stimuli reproduce the
 * contrast they were made for (a clean periodic ball → a regular beat locked to it; the same ball through a poor camera
 * → less regular; a drifting grating, motion without bursts → a steady, unaccented drone of a beat at the drummer's own
 * tempo; a point-light walker → a humanised rhythm); the melody follows the height of the ball; `neuromusic stimulus`
 * and `compose --engine duet --video` run as a user runs them (the built CLI); the real videos in ../shared/data/video
 * go through the chain.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectOneLineError, runCli, scratchDir } from './helpers/cli.js';
import { hasShared, sharedData } from './helpers/shared.js';
import { motionFeatures, type MotionFeatures } from '../src/analysis/video/motion.js';
import { videoStimulus, type VideoStimulusName } from '../src/engines/duet/video-stimuli.js';
import { composeMotionDuet, type MotionDuetRun } from '../src/engines/duet/motion-rhythm-duet.js';
import { readY4m } from '../src/formats/y4m.js';
import { readMidi } from '../src/formats/midi.js';
import { hasFfmpeg, videoMotionFeatures } from '../src/node/video-decode.js';

const { dir, cleanup } = scratchDir('neuromusic-video-duet-');
afterAll(cleanup);
const ffmpeg = hasFfmpeg();
if (!ffmpeg) console.warn("[video-duet] ffmpeg not found: the MP4 checks are skipped (install Debian's ffmpeg package)");

const SECONDS = 20;
const STIMULI: readonly VideoStimulusName[] = ['bouncing-ball', 'noisy-ball', 'grating', 'walker'];
const runs = new Map<VideoStimulusName, MotionDuetRun>();
const features = new Map<VideoStimulusName, MotionFeatures>();

function stimulusRun(name: VideoStimulusName): MotionDuetRun {
  if (!runs.has(name)) {
    const clip = videoStimulus(name, { seconds: SECONDS, seed: 1 });
    const f = motionFeatures(clip.frames, clip);
    features.set(name, f);
    runs.set(name, composeMotionDuet(f, { seed: 1 }));
  }
  return runs.get(name)!;
}

const fmt = (x: number, d = 3): string => (Number.isFinite(x) ? x.toFixed(d) : '—');

describe('the four stimuli drive the duet as they were made to', () => {
  it('prints the table (docs/duet.md, "The visual duet")', () => {
    const lines = ['| stimulus | tempo (bpm) | beat-interval sd (ms) | RMSSD (ms) | kick/snare velocity | motion frequency (Hz) | PLV | r | lag (s) | p | null 95th pct | melody–height r |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|'];
    for (const name of STIMULI) {
      const m = stimulusRun(name);
      const c = m.correlation;
      lines.push(`| ${name} | ${fmt(m.timing.meanTempoBpm, 1)} | ${fmt(m.timing.sdMs, 1)} | ${fmt(m.timing.rmssdMs, 1)} | ${fmt(m.accentVelocity, 2)} | ${fmt(m.locking.motionHz, 2)} | ${fmt(m.locking.plv)} | ${fmt(c.r)} | ${fmt(c.lagSeconds)} | ${fmt(c.p, 4)} | ${fmt(c.null95)} | ${fmt(m.melodyHeightR, 2)} |`);
    }
    console.log(`visual duet, ${SECONDS} s, seed 1, from ${stimulusRun('bouncing-ball').settleSeconds} s on:\n${lines.join('\n')}`);
    expect(lines).toHaveLength(2 + STIMULI.length);
  });

  it('the clean ball: a regular beat at the bounce rate, phase-locked, r ≥ 0.91 — which chance alignments of two strictly periodic series reach too', () => {
    const m = stimulusRun('bouncing-ball');
    expect(m.locking.motionHz).toBeCloseTo(2, 2); // the stimulus bounces twice a second
    expect(Math.abs(m.timing.meanTempoBpm - 120) / 120).toBeLessThan(0.01);
    expect(m.locking.plv).toBeGreaterThan(0.95);
    expect(m.correlation.r).toBeGreaterThanOrEqual(0.91);
    // Every circular shift of a strictly periodic drum track lines up again within the ±1-beat lag search: the null
    // reaches r, so p is large; the correlation shows how well the beat follows, not that it could not be chance.
    expect(m.correlation.null95).toBeGreaterThan(0.9);
    expect(m.correlation.p).toBeGreaterThan(0.05);
  });

  it('the drummer follows a ball that bounces off its own tempo (1.8 Hz: 108 bpm, not its spontaneous 120)', () => {
    const clip = videoStimulus('bouncing-ball', { seconds: SECONDS, seed: 1, rateHz: 1.8 });
    const m = composeMotionDuet(motionFeatures(clip.frames, clip), { seed: 1, correlation: { permutations: 199 } });
    expect(Math.abs(m.timing.meanTempoBpm - 108) / 108).toBeLessThan(0.01);
    expect(m.locking.plv).toBeGreaterThan(0.95);
  });

  it('a ball far below the drummer\'s tempo is locked n:1 (0.9 Hz: two beats a bounce, 108 bpm; 0.7 Hz: three, 126 bpm)', () => {
    for (const [rateHz, n] of [[0.9, 2], [0.7, 3]] as const) {
      const clip = videoStimulus('bouncing-ball', { seconds: 16, width: 96, height: 72, seed: 1, rateHz });
      const features = motionFeatures(clip.frames, clip);
      const m = composeMotionDuet(features, { seed: 1, correlation: { permutations: 99 } });
      const off = composeMotionDuet(features, { seed: 1, lockMinStrength: 2, correlation: { permutations: 99 } });
      expect(m.locking.ratio).toBe(n);
      expect(Math.abs(m.timing.meanTempoBpm - 60 * n * rateHz) / (60 * n * rateHz)).toBeLessThan(0.01);
      expect(m.locking.plv).toBeGreaterThan(0.95);
      expect(off.locking.plv).toBeLessThan(0.5); // 1:1 coupling alone does not lock it
    }
  });

  it('the noisy ball: less regular and less locked than the clean one', () => {
    const clean = stimulusRun('bouncing-ball');
    const noisy = stimulusRun('noisy-ball');
    expect(noisy.timing.sdMs).toBeGreaterThan(2 * clean.timing.sdMs);
    expect(noisy.locking.plv).toBeLessThan(clean.locking.plv);
    expect(noisy.correlation.r).toBeLessThan(clean.correlation.r);
  });

  it('the grating: nothing to lock to — a steady beat (the lowest beat-to-beat jitter), uncorrelated with the motion', () => {
    const grating = stimulusRun('grating');
    expect(grating.locking.plv).toBeLessThan(0.3); // the drummer keeps its own time
    for (const other of ['bouncing-ball', 'noisy-ball', 'walker'] as const) expect(grating.timing.rmssdMs).toBeLessThan(stimulusRun(other).timing.rmssdMs);
    expect(Math.abs(grating.correlation.r)).toBeLessThan(0.2);
  });

  it('the walker: a humanised rhythm — looser than the clean ball, not phase-locked to the gait', () => {
    const walker = stimulusRun('walker');
    const clean = stimulusRun('bouncing-ball');
    expect(walker.locking.motionHz).toBeGreaterThan(0.9); // gait at 1 cycle a second: the height bobs at 1 or 2 Hz
    expect(walker.timing.sdMs).toBeGreaterThan(2 * clean.timing.sdMs);
    expect(walker.locking.plv).toBeLessThan(0.8);
  });

  it('the melody follows the height of the ball, and does not without the register coupling', () => {
    const f = (stimulusRun('bouncing-ball'), features.get('bouncing-ball')!);
    const coupled = stimulusRun('bouncing-ball').melodyHeightR;
    const uncoupled = composeMotionDuet(f, { seed: 1, register: false, correlation: { permutations: 99 } }).melodyHeightR;
    console.log(`melody pitch vs ball height: r = ${fmt(coupled, 2)} with the register coupling, ${fmt(uncoupled, 2)} without`);
    expect(coupled).toBeGreaterThan(0.6);
    expect(Math.abs(uncoupled)).toBeLessThan(0.3);
  });
});

describe('neuromusic stimulus', () => {
  it('writes a Y4M clip of the asked length, rate and size', () => {
    const path = join(dir, 'ball.y4m');
    const r = runCli(['stimulus', 'ball', '-o', path, '--seconds', '2', '--fps', '25', '--width', '96', '--height', '64']);
    expect(r.code, r.stderr).toBe(0);
    const video = readY4m(new Uint8Array(readFileSync(path)), path);
    expect(video.frames.length).toBe(50);
    expect([video.header.width, video.header.height]).toEqual([96, 64]);
  });

  it.skipIf(!ffmpeg)('writes MP4 through ffmpeg', () => {
    const path = join(dir, 'walker.mp4');
    const r = runCli(['stimulus', 'walker', '-o', path, '--seconds', '1', '--json']);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).frames).toBe(30);
    expect(readFileSync(path).subarray(4, 8).toString('latin1')).toBe('ftyp');
  });

  it('refuses an unknown stimulus, a wrong extension and an odd size in one line, exit 2', () => {
    for (const [args, pattern] of [
      [['stimulus', 'comet', '-o', join(dir, 'x.y4m')], /unknown stimulus "comet"/],
      [['stimulus', 'ball', '-o', join(dir, 'x.avi')], /\.y4m or \.mp4/],
      [['stimulus', 'ball', '-o', join(dir, 'x.y4m'), '--width', '33'], /even/],
    ] as const) {
      const r = runCli([...args]);
      expect(r.code).toBe(2);
      expectOneLineError(r.stderr, pattern);
    }
  });
});

it('without ffmpeg, an MP4 is refused in one line naming the Debian package, exit 2 (Y4M still works)', () => {
  const noFfmpeg = { PATH: join(dir, 'no-such-bin') };
  const fake = join(dir, 'fake.mp4');
  writeFileSync(fake, 'not a video');
  for (const args of [['stimulus', 'ball', '-o', join(dir, 'nf.mp4'), '--seconds', '1'], ['compose', '--engine', 'duet', '--out', join(dir, 'nf'), '--video', fake]]) {
    const r = runCli(args, { env: noFfmpeg });
    expect(r.code, r.stderr).toBe(2);
    expectOneLineError(r.stderr, /ffmpeg is not installed: install Debian's ffmpeg package/);
  }
  expect(runCli(['stimulus', 'ball', '-o', join(dir, 'nf.y4m'), '--seconds', '1'], { env: noFfmpeg }).code).toBe(0);
});

describe('neuromusic compose --engine duet --video', () => {
  it('a stimulus: MIDI, WAV, the motion CSV, the dashboard with frames and the correlation; --json with r, p, lag, tempo, PLV', () => {
    const out = join(dir, 'ball');
    const report = join(out, 'duet.html');
    const r = runCli(['compose', '--engine', 'duet', '--video', 'stimulus:ball', '--seconds', '8', '--sr', '8000', '--out', out, '--report', report, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.seconds).toBe(8);
    const v = s.video;
    for (const key of ['r', 'p', 'lagSeconds', 'null95']) expect(Number.isFinite(v.correlation[key]), key).toBe(true);
    expect(v.correlation.p).toBeGreaterThan(0);
    expect(v.correlation.p).toBeLessThanOrEqual(1);
    expect(v.motionHz).toBeCloseTo(2, 1);
    expect(Math.abs(v.drummer.tempoBpm - 120)).toBeLessThan(3);
    expect(v.drummer.plv).toBeGreaterThan(0.9);
    const midi = readMidi(new Uint8Array(readFileSync(join(out, 'duet.mid'))), 'duet.mid');
    expect(new Set(midi.notes.map((n) => n.channel))).toEqual(new Set([0, 9]));
    const csv = readFileSync(join(out, 'duet-motion.csv'), 'utf8').trim().split('\n');
    expect(csv[0]).toMatch(/^time_s,energy,.*,x,y,.*frequency_hz/);
    expect(csv.length - 1).toBe(240); // 8 s at 30 frames a second
    expect(existsSync(join(out, 'duet.wav'))).toBe(true);
    const html = readFileSync(report, 'utf8');
    expect((html.match(/<img src="data:image\/png;base64,/g) ?? []).length).toBeGreaterThanOrEqual(3);
    expect(html).toContain('Motion and rhythm');
    expect(html).toContain('circular-shift permutation');
  });

  it('a Y4M file gives what the same stimulus gives in memory', () => {
    const path = join(dir, 'grating.y4m');
    expect(runCli(['stimulus', 'grating', '-o', path, '--seconds', '6']).code).toBe(0);
    const fromFile = runCli(['compose', '--engine', 'duet', '--video', path, '--sr', '8000', '--out', join(dir, 'g1'), '--json']);
    const fromMemory = runCli(['compose', '--engine', 'duet', '--video', 'stimulus:grating', '--seconds', '6', '--sr', '8000', '--out', join(dir, 'g2'), '--json']);
    expect(fromFile.code, fromFile.stderr).toBe(0);
    expect(fromMemory.code, fromMemory.stderr).toBe(0);
    expect(JSON.parse(fromFile.stdout).video).toEqual(JSON.parse(fromMemory.stdout).video);
  });

  it('refuses a missing file, an unreadable video, an empty Y4M, an unknown stimulus and --video with --audio, in one line, exit 2', () => {
    const text = join(dir, 'notes.mp4');
    writeFileSync(text, 'this is not a video\n');
    const empty = join(dir, 'empty.y4m');
    writeFileSync(empty, 'YUV4MPEG2 W8 H8 F30:1 Ip A1:1 Cmono\n');
    const cases: Array<[string[], RegExp]> = [
      [['--video', join(dir, 'absent.mp4')], /absent\.mp4/],
      [['--video', empty], /empty\.y4m/],
      [['--video', 'stimulus:comet'], /unknown stimulus "comet"/],
      [['--video', 'stimulus:ball', '--audio', join(dir, 'song.wav')], /--video and --audio/],
    ];
    if (ffmpeg) cases.push([['--video', text], /notes\.mp4/]);
    for (const [args, pattern] of cases) {
      const r = runCli(['compose', '--engine', 'duet', '--out', join(dir, 'bad'), ...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expectOneLineError(r.stderr, pattern);
    }
  });
});

/** The period of a track by its autocorrelation's first peak after the first zero crossing (s): independent of the periodogram. */
function autocorrelationPeriod(track: Float64Array, fps: number): number {
  const n = track.length;
  const mean = track.reduce((a, b) => a + b, 0) / n;
  const x = track.map((v) => v - mean);
  const ac = (lag: number): number => {
    let s = 0;
    for (let i = 0; i + lag < n; i++) s += x[i]! * x[i + lag]!;
    return s / (n - lag);
  };
  let lag = 1;
  while (lag < n / 2 && ac(lag) > 0) lag++;
  let best = lag;
  for (let l = lag; l < n / 2; l++) if (ac(l) > ac(best)) best = l;
  return best / fps;
}

describe.skipIf(!hasShared || !ffmpeg)('real videos (../shared/data/video)', () => {
  const real = async (file: string): Promise<MotionDuetRun> => composeMotionDuet(await videoMotionFeatures(sharedData('video', file), { width: 320 }), { seed: 1 });

  it('the bouncing cart: its frequency from the position track, two ways; the drummer reported beside it', async () => {
    const m = await real('bouncing_cart.mp4');
    const l = m.locking;
    const track = l.track === 'horizontal' ? m.features.x : m.features.y;
    const independent = 1 / autocorrelationPeriod(track, m.features.fps);
    console.log(`bouncing_cart: motion ${fmt(l.motionHz)} Hz (${l.track} position, strength ${fmt(l.motionStrength, 2)}; autocorrelation ${fmt(independent)} Hz); ` +
      `drummer ${fmt(m.timing.meanTempoBpm, 1)} bpm (sd ${fmt(m.timing.sdMs, 1)} ms), PLV ${fmt(l.plv)} at ${l.ratio} beats a cycle; r ${fmt(m.correlation.r)}, p ${fmt(m.correlation.p, 3)}; melody–height r ${fmt(m.melodyHeightR, 2)}`);
    expect(l.motionStrength).toBeGreaterThan(0.5);
    expect(Math.abs(l.motionHz - independent) / independent).toBeLessThan(0.08);
    // Two beats a bounce: the drummer locks 2:1 to the cart's measured cycle, at a tempo near twice its frequency
    // (the bounces quicken as they decay, so the tempo sits a little above 2 × the clip's mean frequency).
    expect(l.ratio).toBe(2);
    expect(l.plv).toBeGreaterThan(0.85);
    expect(m.timing.meanTempoBpm / 60 / (2 * l.motionHz)).toBeGreaterThan(0.95);
    expect(m.timing.meanTempoBpm / 60 / (2 * l.motionHz)).toBeLessThan(1.2);
    // Without the motion's cycle (1:1 coupling only, as before), the drummer keeps near its own 2 Hz and locks less.
    const unlocked = composeMotionDuet(m.features, { seed: 1, lockMinStrength: 2, correlation: { permutations: 99 } });
    console.log(`bouncing_cart without n:1 coupling: drummer ${fmt(unlocked.timing.meanTempoBpm, 1)} bpm, PLV ${fmt(unlocked.locking.plv)} at ${unlocked.locking.ratio}`);
    expect(unlocked.locking.plv).toBeLessThan(l.plv - 0.2);
  });

  it('the pendulum (2 s, about two swings) and the clutter of spring_wars go through; clutter leaves the drummer at its own tempo', async () => {
    const pendulum = await real('pendulum.mp4');
    const clutter = await real('spring_wars.mp4');
    console.log(`pendulum: motion ${fmt(pendulum.locking.motionHz)} Hz (${pendulum.locking.track}), drummer ${fmt(pendulum.timing.meanTempoBpm, 1)} bpm, PLV ${fmt(pendulum.locking.plv)}, r ${fmt(pendulum.correlation.r)} (p ${fmt(pendulum.correlation.p, 3)}, ${pendulum.correlation.permutations} shifts, exact), melody–height r ${fmt(pendulum.melodyHeightR, 2)}`);
    console.log(`spring_wars: motion ${fmt(clutter.locking.motionHz)} Hz (strength ${fmt(clutter.locking.motionStrength, 2)}), drummer ${fmt(clutter.timing.meanTempoBpm, 1)} bpm (sd ${fmt(clutter.timing.sdMs, 1)} ms), r ${fmt(clutter.correlation.r)}, p ${fmt(clutter.correlation.p, 3)}`);
    expect(pendulum.correlation.exact).toBe(true); // a 2-s clip allows only a few shifts: p cannot be small
    expect(pendulum.correlation.p).toBeGreaterThanOrEqual(1 / (pendulum.correlation.permutations + 1));
    expect(Math.abs(clutter.timing.meanTempoBpm - 120) / 120).toBeLessThan(0.03);
  });
});
