/**
 * Video files through the system's ffmpeg, checked against ffmpeg's and ffprobe's own answers: Y4M written by
 * neuromusic is read by ffmpeg and the other way round, MP4 frames stream through the pipe in full, and the real
 * lab videos (../shared/data/video) give their frame counts and rates and the motion frequency of a pendulum and a
 * bouncing cart. Without ffmpeg these tests skip (Debian package ffmpeg; .ci/run installs it).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scratchDir } from './helpers/cli.js';
import { hasShared, projectRoot, sharedData } from './helpers/shared.js';
import { FormatError } from '../src/formats/errors.js';
import { readY4m, writeY4m } from '../src/formats/y4m.js';
import { hasFfmpeg, openVideo, probeVideo, videoMotionFeatures, FfmpegMissingError } from '../src/node/video-decode.js';
import { writeVideoFile } from '../src/node/video-encode.js';
import { videoStimulus } from '../src/engines/duet/video-stimuli.js';
import { dominantFrequency } from '../src/analysis/video/rhythm.js';

const haveFfmpeg = hasFfmpeg();
if (!haveFfmpeg) console.warn("[neuromusic tests] ffmpeg missing: the video decoding tests are skipped (install Debian's ffmpeg; .ci/run does).");
const { dir, cleanup } = scratchDir();
afterAll(cleanup);

async function collect(frames: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const f of frames) out.push(f);
  return out;
}

/** ffmpeg's whole output for a file as raw planes, in one buffer (the oracle for the streamed frames). */
function ffmpegRaw(path: string, pixFmt: string): Buffer {
  return execFileSync('ffmpeg', ['-v', 'error', '-i', path, '-f', 'rawvideo', '-pix_fmt', pixFmt, '-'], { maxBuffer: 1 << 30 });
}

/** ffprobe's count of decoded frames (it decodes the whole stream). */
function ffprobeFrames(path: string): { frames: number; rate: string } {
  const out = execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-select_streams', 'v:0', '-show_entries', 'stream=nb_read_frames,avg_frame_rate', '-of', 'json', path], { encoding: 'utf8' });
  const s = (JSON.parse(out) as { streams: Array<{ nb_read_frames: string; avg_frame_rate: string }> }).streams[0]!;
  return { frames: Number(s.nb_read_frames), rate: s.avg_frame_rate };
}

describe.skipIf(!haveFfmpeg)('Y4M with ffmpeg', () => {
  it('ffmpeg reads Y4M written by neuromusic: same frame count, rate and luma plane', () => {
    const clip = videoStimulus('walker', { seconds: 1, width: 64, height: 48 });
    const path = join(dir, 'ours.y4m');
    writeFileSync(path, writeY4m(clip));
    expect(ffprobeFrames(path)).toEqual({ frames: 30, rate: '30/1' });
    const raw = ffmpegRaw(path, 'yuv420p'); // the planes as stored: Y (64·48) then U, V (32·24 each)
    for (let k = 0; k < 30; k++) expect(raw.subarray(k * 4608, k * 4608 + 3072).equals(clip.frames[k]!)).toBe(true);
  });

  it('neuromusic reads Y4M written by ffmpeg in 4:2:0, 4:2:2 (odd size), 4:4:4 and mono: the luma ffmpeg decodes', () => {
    for (const [fmt, size, name] of [['yuv420p', '64x48', '420'], ['yuv422p', '63x47', '422'], ['yuv444p', '40x30', '444'], ['gray', '32x24', 'mono']] as const) {
      const path = join(dir, `ffmpeg-${name}.y4m`);
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc=size=${size}:rate=25`, '-frames:v', '6', '-pix_fmt', fmt, path]);
      const video = readY4m(new Uint8Array(execFileSync('cat', [path], { maxBuffer: 1 << 26 })), path);
      const [w, h] = size.split('x').map(Number) as [number, number];
      expect(video.header).toMatchObject({ width: w, height: h, fps: 25 });
      expect(video.header.chroma).toBe(name === '420' ? '420jpeg' : name);
      expect(video.frames).toHaveLength(6);
      // The oracle: ffmpeg's decode of the same file, planar, first plane of each frame.
      const raw = ffmpegRaw(path, fmt);
      const frameBytes = raw.length / 6;
      for (let k = 0; k < 6; k++) expect(raw.subarray(k * frameBytes, k * frameBytes + w * h).equals(video.frames[k]!)).toBe(true);
    }
  });
});

describe.skipIf(!haveFfmpeg)('openVideo', () => {
  it('streams every frame of an MP4 through the pipe: the count ffprobe decodes and the bytes ffmpeg gives', async () => {
    const clip = videoStimulus('bouncing-ball', { seconds: 2 });
    const path = join(dir, 'ball.mp4');
    await writeVideoFile(path, clip);
    const info = await probeVideo(path);
    expect(info).toMatchObject({ width: 320, height: 240, fps: 30, codec: 'h264' });
    const video = await openVideo(path);
    // The size and rate from the Y4M header of ffmpeg's output, the source's description from ffmpeg's own log:
    // the same as ffprobe's, without running it.
    expect(video.source).toMatchObject({ width: info.width, height: info.height, fps: info.fps, codec: info.codec });
    expect(video.source.durationSeconds).toBeCloseTo(info.durationSeconds!, 1);
    const frames = await collect(video.frames);
    expect(frames).toHaveLength(ffprobeFrames(path).frames);
    expect(frames).toHaveLength(60);
    expect(Buffer.concat(frames).equals(ffmpegRaw(path, 'gray'))).toBe(true);
  });

  it('scales to a working size, keeping the aspect ratio when one side is given', async () => {
    const path = join(dir, 'ball.mp4');
    const video = await openVideo(path, { width: 160 });
    expect([video.width, video.height]).toEqual([160, 120]);
    const frames = await collect(video.frames);
    expect(frames).toHaveLength(60);
    expect(frames.every((f) => f.length === 160 * 120)).toBe(true);
  });

  it('bins 2 × 2 inside ffmpeg: each pixel the mean of four of the full-size frame (within rounding)', async () => {
    const path = join(dir, 'ball.mp4');
    const full = await collect((await openVideo(path)).frames);
    const video = await openVideo(path, { binning: 2 });
    expect([video.width, video.height, video.fps]).toEqual([160, 120, 30]);
    const binned = await collect(video.frames);
    expect(binned).toHaveLength(full.length);
    let worst = 0;
    let sum = 0;
    for (let k = 0; k < full.length; k++) {
      const f = full[k]!;
      const b = binned[k]!;
      for (let y = 0; y < 120; y++) {
        for (let x = 0; x < 160; x++) {
          const i = 2 * y * 320 + 2 * x;
          const d = Math.abs(b[y * 160 + x]! - (f[i]! + f[i + 1]! + f[i + 320]! + f[i + 321]!) / 4);
          worst = Math.max(worst, d);
          sum += d;
        }
      }
    }
    // Both are rounded to whole grey levels after ffmpeg stretches the TV-range luma by 255/219 (the full-size
    // pixels each, the binned one once): up to about a level and a half apart, and rarely (the frame is mostly flat).
    const mean = sum / (full.length * 160 * 120);
    console.log(`binned 2 × 2 against the mean of the full-size pixels: largest difference ${worst} grey levels, mean ${mean.toFixed(3)}`);
    expect(worst).toBeLessThanOrEqual(2);
    expect(mean).toBeLessThan(0.05);
  });

  it('scales only frames wider than maxWidth; Y4M narrow enough stays with the built-in reader', async () => {
    const wide = await openVideo(join(dir, 'ball.mp4'), { maxWidth: 200 });
    expect([wide.width, wide.height]).toEqual([200, 150]);
    await wide.frames.return(undefined);
    const narrow = await openVideo(join(dir, 'ball.mp4'), { maxWidth: 320 });
    expect([narrow.width, narrow.height, narrow.source.codec]).toEqual([320, 240, 'h264']);
    await narrow.frames.return(undefined);
    const y4m = join(dir, 'small.y4m');
    writeFileSync(y4m, writeY4m(videoStimulus('still', { seconds: 0.2, width: 64, height: 48 })));
    const builtIn = await openVideo(y4m, { maxWidth: 320 });
    expect(builtIn.source.codec).toBe('y4m');
    expect(await collect(builtIn.frames)).toHaveLength(6);
    await expect(openVideo(y4m, { width: 32, binning: 2 })).rejects.toThrow(/exclude each other/);
    await expect(openVideo(y4m, { threads: -1 })).rejects.toThrow(/threads/);
  });

  it('reads Y4M without ffmpeg, and stops the decoder when the loop breaks early', async () => {
    const clip = videoStimulus('grating', { seconds: 1, width: 64, height: 48 });
    const path = join(dir, 'grating.y4m');
    writeFileSync(path, writeY4m(clip));
    const video = await openVideo(path);
    expect(video.source.codec).toBe('y4m');
    expect(Buffer.concat(await collect(video.frames)).equals(Buffer.concat(clip.frames))).toBe(true);
    const early = await openVideo(join(dir, 'ball.mp4'), { maxFrames: 5 });
    expect(await collect(early.frames)).toHaveLength(5);
    const broken = await openVideo(join(dir, 'ball.mp4'));
    for await (const _ of broken.frames) break; // the generator's finally kills ffmpeg; the test would hang otherwise
    // Opened for its size only and closed before the first frame: ffmpeg is stopped, and the process can exit.
    const script = `import { openVideo } from ${JSON.stringify(join(projectRoot, 'src/node/video-decode.ts'))};
      const v = await openVideo(${JSON.stringify(join(dir, 'ball.mp4'))}); await v.frames.return(undefined); console.log('closed', v.width);`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: projectRoot, encoding: 'utf8', timeout: 120_000 });
    expect([r.status, r.stdout.trim()]).toEqual([0, 'closed 320']);
  });

  it('keeps the ball rhythm through H.264 compression', async () => {
    const clip = videoStimulus('bouncing-ball', { seconds: 6 });
    const path = join(dir, 'ball6.mp4');
    await writeVideoFile(path, clip);
    const m = await videoMotionFeatures(path);
    expect(m.frequencyHz[m.frequencyHz.length - 1]).toBeCloseTo(2, 1);
  });

  it('fails with one clear line: no file, not a video, no video stream, no frames, ffmpeg missing', async () => {
    const fail = async (path: string, message: RegExp): Promise<void> => {
      let error: unknown;
      try {
        await collect((await openVideo(path)).frames);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(FormatError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('\n');
      expect((error as Error).message.startsWith(path)).toBe(true);
    };
    await fail(join(dir, 'absent.mp4'), /cannot read/);
    await fail(dir, /is a directory/);
    const text = join(dir, 'notes.mp4');
    writeFileSync(text, 'this is not a video\n'.repeat(20));
    await fail(text, /not a video ffmpeg can read/);
    const audio = join(dir, 'tone.wav');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=440:duration=0.5', audio]);
    await fail(audio, /has no video stream/);
    const empty = join(dir, 'empty.y4m');
    writeFileSync(empty, 'YUV4MPEG2 W4 H4 F30:1\n');
    await fail(empty, /has no frames/);
    const badHeader = join(dir, 'bad.y4m');
    writeFileSync(badHeader, 'YUV4MPEG2 W0 H4 F30:1\nFRAME\n');
    await fail(badHeader, /width must be at least 1/);
    const truncated = join(dir, 'truncated.y4m');
    writeFileSync(truncated, writeY4m(videoStimulus('still', { seconds: 0.1, width: 16, height: 16 })).subarray(0, -10));
    await fail(truncated, /frame 3 is truncated/);
    // ffmpeg not on PATH: a child process with an empty PATH.
    const script = `import { openVideo } from ${JSON.stringify(join(projectRoot, 'src/node/video-decode.ts'))};
      try { await openVideo(${JSON.stringify(text)}); } catch (e) { console.log(e.name + ': ' + e.message); }`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: projectRoot, encoding: 'utf8', env: { ...process.env, PATH: '/nonexistent' } });
    expect(r.stdout.trim()).toBe(`FfmpegMissingError: ${new FfmpegMissingError().message}`);
    expect(r.stdout).toMatch(/install Debian's ffmpeg/);
  });
});

describe.skipIf(!haveFfmpeg || !hasShared)('the lab videos (../shared/data/video)', () => {
  const videos = ['pendulum.mp4', 'bouncing_cart.mp4', 'spring_wars.mp4'];

  it.each(videos)('%s: the frames and rate the pipe delivers are those ffprobe counts', async (file) => {
    const path = sharedData('video', file);
    const probe = ffprobeFrames(path);
    const [n, d] = probe.rate.split('/').map(Number) as [number, number];
    const video = await openVideo(path);
    expect(video.fps).toBeCloseTo(n / d, 9);
    const count = (await collect(video.frames)).length;
    expect(count).toBe(probe.frames);
    console.log(`${file}: ${video.width}×${video.height}, ${count} frames at ${video.fps.toFixed(3)} fps (${(count / video.fps).toFixed(2)} s)`);
  });

  it('pendulum: the swing frequency from the horizontal centroid agrees with the turning points in the motion energy', async () => {
    const m = await videoMotionFeatures(sharedData('video', 'pendulum.mp4'));
    const n = m.energy.length;
    // The clip's last frame jumps (a cut): leave it out. The position track's frequency (least-squares refined).
    const x = m.rawX.subarray(1, n - 1);
    const swing = dominantFrequency(x, m.fps).frequencyHz;
    // Independent: the bob stops at each turning point, so the motion energy has a minimum there; half a period
    // lies between consecutive minima. Minima: interior frames below a quarter of the clip's energy maximum that are
    // lower than their neighbours two frames either side.
    const e = Array.from(m.energy.subarray(1, n - 1));
    const top = Math.max(...e);
    const minima: number[] = [];
    for (let k = 2; k < e.length - 2; k++) {
      if (e[k]! < top / 4 && e[k]! <= Math.min(e[k - 1]!, e[k + 1]!, e[k - 2]!, e[k + 2]!)) minima.push(k);
    }
    expect(minima.length).toBeGreaterThanOrEqual(1);
    // The first turning point is at the start (energy rising from the first frame), the last at the end.
    const turns = [0, ...minima, e.length - 1];
    const halfPeriods = turns.slice(1).map((t, i) => t - turns[i]!);
    const independent = m.fps / (2 * (halfPeriods.reduce((a, b) => a + b, 0) / halfPeriods.length));
    console.log(`pendulum: ${swing.toFixed(3)} Hz from the centroid, ${independent.toFixed(3)} Hz from the energy minima at frames ${minima.join(', ')}`);
    expect(Math.abs(swing / independent - 1)).toBeLessThan(0.15);
  });

  it('bouncing cart: the bounce frequency from the centroid agrees with its autocorrelation, and rises as the bounces decay', async () => {
    const m = await videoMotionFeatures(sharedData('video', 'bouncing_cart.mp4'));
    const x = Array.from(m.rawX.subarray(1));
    const whole = dominantFrequency(x, m.fps).frequencyHz;
    // Independent: the first peak of the autocorrelation of the raw centroid (after its first negative lobe).
    const mean = x.reduce((a, b) => a + b, 0) / x.length;
    const c = x.map((v) => v - mean);
    const ac = (lag: number): number => c.slice(lag).reduce((s, v, i) => s + v * c[i]!, 0);
    let lag = 1;
    while (ac(lag) > 0) lag++;
    let best = lag;
    for (let l = lag; l < x.length / 2; l++) if (ac(l) > ac(best)) best = l;
    const independent = m.fps / best;
    // The live tracker's 4 s window: early and late.
    const early = m.frequencyHz[120]!;
    const late = m.frequencyHz[m.frequencyHz.length - 1]!;
    console.log(`bouncing cart: ${whole.toFixed(3)} Hz from the centroid, ${independent.toFixed(3)} Hz from its autocorrelation (lag ${best} frames); sliding window ${early.toFixed(3)} Hz at 4 s, ${late.toFixed(3)} Hz at the end`);
    expect(Math.abs(whole / independent - 1)).toBeLessThan(0.1);
    expect(late).toBeGreaterThan(early);
  });

  it('bouncing cart: the features binned 2 × 2 by ffmpeg (4 × 4 cells of 320 × 240) are those of full size (8 × 8 cells of 640 × 480)', async () => {
    const path = sharedData('video', 'bouncing_cart.mp4');
    const full = await videoMotionFeatures(path);
    const binned = await videoMotionFeatures(path, { binning: 2 });
    expect([binned.width, binned.height, binned.options.blockSize]).toEqual([320, 240, 4]);
    expect(binned.energy.length).toBe(full.energy.length);
    const worst = (a: Float64Array, b: Float64Array): number => a.reduce((m, v, i) => (Number.isNaN(v) && Number.isNaN(b[i]!) ? m : Math.max(m, Math.abs(v - b[i]!))), 0);
    const peak = Math.max(...full.energy);
    const d = { energy: worst(full.energy, binned.energy) / peak, x: worst(full.rawX, binned.rawX), y: worst(full.rawY, binned.rawY), moving: worst(full.movingFraction, binned.movingFraction), hz: worst(full.frequencyHz, binned.frequencyHz) };
    console.log(`bouncing cart, binned against full size, largest differences: energy ${(100 * d.energy).toFixed(2)} % of its peak, x ${d.x.toFixed(4)}, y ${d.y.toFixed(4)}, moving share ${d.moving.toFixed(4)}, frequency ${d.hz.toFixed(4)} Hz`);
    expect(d.energy).toBeLessThan(0.01);
    expect(d.x).toBeLessThan(0.01);
    expect(d.y).toBeLessThan(0.01);
    expect(d.moving).toBeLessThan(0.02);
    expect(d.hz).toBeLessThan(0.005); // NaN (no rhythm) on the same frames in both, else within 0.005 Hz
  });

  it('spring_wars (clutter): features for every frame, a noise floor, and no false motion in most of the picture', async () => {
    const m = await videoMotionFeatures(sharedData('video', 'spring_wars.mp4'), { width: 320 });
    expect(m.energy.length).toBe(ffprobeFrames(sharedData('video', 'spring_wars.mp4')).frames);
    const moving = Array.from(m.movingFraction.subarray(1));
    expect(moving.reduce((a, b) => a + b, 0) / moving.length).toBeLessThan(0.5);
    expect(Array.from(m.noiseSigma.subarray(1)).every((s) => s >= 0 && s < 10)).toBe(true);
  });
});
