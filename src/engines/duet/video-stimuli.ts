/**
 * Generated videos for the duet's video input, with their ground truth: grey frames (width × height bytes each),
 * deterministic by seed. Five scenes:
 *
 * - `bouncing-ball`: a ball under gravity bouncing on a floor at `rateHz` (default 2 bounces a second); between
 *   bounces its height is the ballistic parabola h(τ) = h_max·4(τ/T)(1 − τ/T), τ the time since the last bounce,
 *   T = 1/rate (a perfectly elastic bounce, so every arc is the same).
 * - `noisy-ball`: the same ball seen by a poor camera: Gaussian sensor noise (σ = 8 grey levels per pixel and
 *   frame), capture-time jitter (σ = 4 ms) and bounce-to-bounce period variability (3 %).
 * - `grating`: a sinusoidal grating (period 32 px, contrast ±80) drifting sideways at 48 px/s: continuous motion
 *   everywhere, with no bursts and no travelling centre.
 * - `walker`: a point-light walker (Johansson 1973, Percept Psychophys 14:201): 13 dots on the head, shoulders,
 *   elbows, wrists, hips, knees and ankles of a figure walking on the spot, seen from the side. Each joint angle is
 *   a fundamental-plus-second-harmonic function of the gait phase — the low-order Fourier description of walking
 *   that Troje (2002, J Vis 2:371) found to carry a walker's identity — at a gait frequency of `rateHz` (default 1
 *   cycle a second), with natural variability: each cycle's period (3 %) and amplitude (5 %) drawn afresh, and
 *   0.4 px of marker jitter.
 * - `still`: a still textured scene under the same sensor noise as `noisy-ball`: nothing moves.
 *
 * Discs are drawn anti-aliased (coverage of each pixel by the disc), so sub-pixel motion shows in the frames.
 */
import { createRandom, type Random } from '../../math/random.js';

export const VIDEO_STIMULI = ['bouncing-ball', 'noisy-ball', 'grating', 'walker', 'still'] as const;
export type VideoStimulusName = (typeof VIDEO_STIMULI)[number];

/** Options of {@link videoStimulus}; defaults: 320 × 240, 30 fps, 10 s, seed 1. */
export interface VideoStimulusOptions {
  width?: number;
  height?: number;
  fps?: number;
  seconds?: number;
  seed?: number;
  /** Bounces a second (balls) or gait cycles a second (walker); the grating's temporal frequency is speed/period. */
  rateHz?: number;
}

/** What is true of a stimulus, to test estimates against. */
export interface VideoStimulusTruth {
  /** The periodic rate of the motion, Hz (none for the grating and the still scene). */
  rateHz?: number;
  /** Per frame, the ball's centre height in the picture (0 bottom … 1 top), at the frame's capture time. */
  height?: Float64Array;
  /** Whether anything moves. */
  moving: boolean;
}

/** A generated clip. */
export interface VideoStimulus {
  name: VideoStimulusName;
  width: number;
  height: number;
  fps: number;
  frames: Uint8Array[];
  truth: VideoStimulusTruth;
}

const SENSOR_NOISE_LEVELS = 8;

/** Draws an anti-aliased disc of value `value` over the frame. */
function disc(frame: Uint8Array, width: number, height: number, cx: number, cy: number, radius: number, value: number): void {
  const x0 = Math.max(0, Math.floor(cx - radius - 1));
  const x1 = Math.min(width - 1, Math.ceil(cx + radius + 1));
  const y0 = Math.max(0, Math.floor(cy - radius - 1));
  const y1 = Math.min(height - 1, Math.ceil(cy + radius + 1));
  for (let y = y0; y <= y1; y++) {
    for (let x = x0; x <= x1; x++) {
      const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
      const cover = Math.min(1, Math.max(0, radius + 0.5 - d));
      if (cover > 0) {
        const i = y * width + x;
        frame[i] = Math.round(frame[i]! + (value - frame[i]!) * cover);
      }
    }
  }
}

function addNoise(frame: Uint8Array, random: Random, sd: number): void {
  for (let i = 0; i < frame.length; i++) frame[i] = Math.min(255, Math.max(0, Math.round(frame[i]! + random.normal(0, sd))));
}

/** Bounce (or gait-cycle) start times up to `seconds`, each period 1/rate · (1 + variability·N(0, 1)). */
function cycleStarts(rateHz: number, seconds: number, variability: number, random: Random): number[] {
  const starts = [0];
  while (starts[starts.length - 1]! <= seconds + 1) starts.push(starts[starts.length - 1]! + (1 + variability * random.normal()) / rateHz);
  return starts;
}

/** Which cycle a time falls in and its phase 0 … 1 there. */
function phaseAt(starts: number[], t: number): { cycle: number; phase: number } {
  let c = 0;
  while (c + 2 < starts.length && starts[c + 1]! <= t) c++;
  return { cycle: c, phase: Math.max(0, Math.min(1, (t - starts[c]!) / (starts[c + 1]! - starts[c]!))) };
}

function ball(o: Required<VideoStimulusOptions>, noisy: boolean, random: Random): VideoStimulus {
  const { width: w, height: h, fps, seconds, rateHz } = o;
  const n = Math.round(seconds * fps);
  const radius = Math.max(3, Math.round(h * 0.06));
  const floorY = h - Math.round(h * 0.06); // the floor line, from the top
  const rise = h * 0.62; // apex height of the ball's bottom above the floor
  const starts = cycleStarts(rateHz, seconds, noisy ? 0.03 : 0, random.fork('bounces'));
  const jitter = random.fork('capture');
  const noise = random.fork('sensor');
  const truth = new Float64Array(n);
  const frames: Uint8Array[] = [];
  for (let k = 0; k < n; k++) {
    const t = Math.max(0, k / fps + (noisy ? jitter.normal(0, 0.004) : 0));
    const { phase } = phaseAt(starts, t);
    const lift = rise * 4 * phase * (1 - phase);
    const cy = floorY - radius - lift;
    truth[k] = 1 - cy / h;
    const f = new Uint8Array(w * h).fill(40);
    f.fill(90, (floorY + 1) * w); // the floor
    disc(f, w, h, w / 2, cy, radius, 220);
    if (noisy) addNoise(f, noise, SENSOR_NOISE_LEVELS);
    frames.push(f);
  }
  return { name: noisy ? 'noisy-ball' : 'bouncing-ball', width: w, height: h, fps, frames, truth: { rateHz, height: truth, moving: true } };
}

function grating(o: Required<VideoStimulusOptions>): VideoStimulus {
  const { width: w, height: h, fps, seconds } = o;
  const n = Math.round(seconds * fps);
  const period = 32;
  const speed = 48;
  const frames: Uint8Array[] = [];
  const row = new Uint8Array(w);
  for (let k = 0; k < n; k++) {
    const shift = (speed * k) / fps;
    for (let x = 0; x < w; x++) row[x] = Math.round(128 + 80 * Math.sin((2 * Math.PI * (x + 0.5 - shift)) / period));
    const f = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) f.set(row, y * w);
    frames.push(f);
  }
  return { name: 'grating', width: w, height: h, fps, frames, truth: { moving: true } };
}

function still(o: Required<VideoStimulusOptions>, random: Random): VideoStimulus {
  const { width: w, height: h, fps, seconds } = o;
  const n = Math.round(seconds * fps);
  const scene = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) scene[y * w + x] = Math.round(60 + (120 * x) / w + 30 * Math.sin(y / 9));
  const shapes = random.fork('scene');
  for (let s = 0; s < 6; s++) disc(scene, w, h, shapes.uniform(0, w), shapes.uniform(0, h), shapes.uniform(8, 30), shapes.uniform(0, 255));
  const noise = random.fork('sensor');
  const frames: Uint8Array[] = [];
  for (let k = 0; k < n; k++) {
    const f = scene.slice();
    addNoise(f, noise, SENSOR_NOISE_LEVELS);
    frames.push(f);
  }
  return { name: 'still', width: w, height: h, fps, frames, truth: { moving: false } };
}

/** Segment lengths of the walker as shares of its height (thigh, shank, trunk, neck-to-head, upper arm, forearm). */
const BODY = { thigh: 0.245, shank: 0.245, trunk: 0.3, head: 0.12, upperArm: 0.17, forearm: 0.16 };
const DEG = Math.PI / 180;

function walker(o: Required<VideoStimulusOptions>, random: Random): VideoStimulus {
  const { width: w, height: h, fps, seconds, rateHz } = o;
  const n = Math.round(seconds * fps);
  const cycles = random.fork('cycles');
  const starts = cycleStarts(rateHz, seconds, 0.03, cycles);
  const amplitude = starts.map(() => 1 + 0.05 * cycles.normal());
  const jitter = random.fork('markers');
  const size = h * 0.75; // the figure's height in pixels
  const frames: Uint8Array[] = [];
  for (let k = 0; k < n; k++) {
    const { cycle, phase } = phaseAt(starts, k / fps);
    const a = amplitude[cycle]!;
    const p = 2 * Math.PI * phase;
    const hipX = w / 2;
    // The pelvis rises twice a cycle, at each mid-stance (second harmonic).
    const hipY = h * 0.5 + size * 0.015 * Math.cos(2 * p);
    const points: Array<[number, number]> = [];
    const shoulderX = hipX + size * 0.02 * Math.sin(2 * p);
    const shoulderY = hipY - size * BODY.trunk;
    points.push([shoulderX, shoulderY - size * BODY.head]); // head
    for (const side of [0, 1]) {
      const q = p + side * Math.PI;
      const depth = side === 0 ? -3 : 3; // near and far side, a little apart
      // Hip flexion (+ forward), knee flexion (fundamental plus second harmonic: swing and loading response).
      const hip = a * (22 * Math.sin(q) + 3 * Math.sin(2 * q)) * DEG;
      const knee = a * (25 + 22 * Math.sin(q - 1.2) + 10 * Math.cos(2 * q)) * DEG;
      const kneeX = hipX + depth + size * BODY.thigh * Math.sin(hip);
      const kneeY = hipY + size * BODY.thigh * Math.cos(hip);
      const ankleX = kneeX + size * BODY.shank * Math.sin(hip - Math.max(0, knee));
      const ankleY = kneeY + size * BODY.shank * Math.cos(hip - Math.max(0, knee));
      // Arms swing against the leg of the same side.
      const shoulder = -a * 18 * Math.sin(q) * DEG;
      const elbow = a * (18 + 10 * Math.sin(q + 0.5)) * DEG;
      const elbowX = shoulderX + depth + size * BODY.upperArm * Math.sin(shoulder);
      const elbowY = shoulderY + size * BODY.upperArm * Math.cos(shoulder);
      const wristX = elbowX + size * BODY.forearm * Math.sin(shoulder + elbow);
      const wristY = elbowY + size * BODY.forearm * Math.cos(shoulder + elbow);
      points.push([shoulderX + depth, shoulderY], [elbowX, elbowY], [wristX, wristY], [hipX + depth, hipY], [kneeX, kneeY], [ankleX, ankleY]);
    }
    const f = new Uint8Array(w * h);
    const radius = Math.max(1.5, h / 80);
    for (const [x, y] of points) disc(f, w, h, x + jitter.normal(0, 0.4), y + jitter.normal(0, 0.4), radius, 255);
    frames.push(f);
  }
  return { name: 'walker', width: w, height: h, fps, frames, truth: { rateHz, moving: true } };
}

/**
 * One generated clip with its ground truth.
 * @example
 * const clip = videoStimulus('bouncing-ball', { seconds: 1, seed: 3 });
 * [clip.frames.length, clip.width, clip.height, clip.truth.rateHz]; // → [30, 320, 240, 2]
 */
export function videoStimulus(name: VideoStimulusName, options: VideoStimulusOptions = {}): VideoStimulus {
  const o: Required<VideoStimulusOptions> = {
    width: options.width ?? 320,
    height: options.height ?? 240,
    fps: options.fps ?? 30,
    seconds: options.seconds ?? 10,
    seed: options.seed ?? 1,
    rateHz: options.rateHz ?? (name === 'walker' ? 1 : 2),
  };
  if (!(Number.isInteger(o.width) && o.width >= 16 && Number.isInteger(o.height) && o.height >= 16)) {
    throw new RangeError(`stimulus size must be whole numbers ≥ 16, got ${o.width}×${o.height}`);
  }
  if (!(o.fps > 0 && o.seconds > 0 && o.rateHz > 0)) throw new RangeError('fps, seconds and rateHz must be positive');
  const random = createRandom(o.seed).fork(name);
  switch (name) {
    case 'bouncing-ball':
      return ball(o, false, random);
    case 'noisy-ball':
      return ball(o, true, random);
    case 'grating':
      return grating(o);
    case 'walker':
      return walker(o, random);
    case 'still':
      return still(o, random);
    default:
      throw new RangeError(`unknown video stimulus "${String(name)}"; known: ${VIDEO_STIMULI.join(', ')}`);
  }
}
