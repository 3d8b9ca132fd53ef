/**
 * Music drives the worm: a piece becomes the command input of the locomotion model ("the worm dances";
 * docs/design/worm.md).
 *
 * Three features of the score, sampled at `frameRate` and smoothed like a slow sensory neuron (fast attack, slow
 * release), set the three inputs of {@link WormDrive}:
 * - loudness L(t), the summed velocity of the sounding notes over its 95th percentile, drives the forward command
 *   interneurons (AVB/PVC): forward = 0.25 + 0.75·L, so the worm crawls on in quiet passages and surges in loud ones;
 * - bass weight b(t), the share of the sounding velocity in the lowest third of the piece's pitch range, drives the
 *   backward command interneurons (AVA/AVD) when it is high for this piece: backward = clamp((b − θ)/0.3, 0, 1) with
 *   θ = min(b85, 0.6), b85 the 85th percentile of b over the piece, taken from the forward drive — so the most
 *   bass-heavy passages of any piece (at least a tenth of it, or any passage with 60 % of its weight in the bass)
 *   make the worm reverse;
 * - register r(t), the velocity-weighted mean pitch relative to the piece's median and spread, is the head bias:
 *   turn = clamp(r, −1, 1), treble steering left (positive) and bass right.
 * The mapping is a design choice, stated so that results can be read: it makes the worm's neural activity depend on
 * the piece, which is what the dance's excitability and the learning progression measure.
 */
import type { NoteEvent, Score } from '../../../score/types.js';
import { scoreEnd } from '../../../score/ops.js';
import type { DriveFunction } from '../model/engine.js';

/** Options of {@link musicDrive}. */
export interface MusicDriveOptions {
  /** Feature frames per second (default 50, i.e. 20 ms frames like the piano roll). */
  frameRate?: number;
  /** Attack and release time constants of the smoothing (s); defaults 0.05 and 0.4. */
  attackSeconds?: number;
  releaseSeconds?: number;
}

/** The drive, with the features behind it (one value per frame) for reports and tests. */
export interface MusicDrive {
  drive: DriveFunction;
  frameRate: number;
  frames: number;
  loudness: Float32Array;
  bassWeight: Float32Array;
  register: Float32Array;
  forward: Float32Array;
  backward: Float32Array;
  turn: Float32Array;
}

function percentile(values: Float32Array, q: number): number {
  const sorted = Float32Array.from(values).sort();
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * (sorted.length - 1)))]! : 0;
}

function smooth(x: Float32Array, frameRate: number, attack: number, release: number): void {
  const up = 1 - Math.exp(-1 / (attack * frameRate));
  const down = 1 - Math.exp(-1 / (release * frameRate));
  let y = 0;
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    y += (v > y ? up : down) * (v - y);
    x[i] = y;
  }
}

const clamp = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v);

/**
 * The worm's command input for a piece. After the piece ends the last values hold.
 * @example
 * const { drive } = musicDrive(score);
 * simulateWorm({ seconds: 6, command: drive });
 */
export function musicDrive(score: Pick<Score, 'notes'>, options: MusicDriveOptions = {}): MusicDrive {
  const frameRate = options.frameRate ?? 50;
  const notes: readonly NoteEvent[] = score.notes;
  if (notes.length === 0) throw new RangeError('the piece has no notes to drive the worm with');
  const frames = Math.max(1, Math.ceil(scoreEnd(score) * frameRate));
  const loud = new Float32Array(frames);
  const bass = new Float32Array(frames);
  const pitchSum = new Float32Array(frames);
  let lo = 127;
  let hi = 0;
  for (const n of notes) {
    lo = Math.min(lo, n.pitch);
    hi = Math.max(hi, n.pitch);
  }
  const bassTop = lo + (hi - lo) / 3;
  for (const n of notes) {
    const a = Math.floor(n.onset * frameRate);
    const b = Math.min(frames, Math.max(a + 1, Math.ceil((n.onset + n.duration) * frameRate)));
    for (let f = a; f < b; f++) {
      loud[f]! += n.velocity;
      pitchSum[f]! += n.velocity * n.pitch;
      if (n.pitch <= bassTop) bass[f]! += n.velocity;
    }
  }
  // Register: weighted mean pitch, held through silences.
  const register = new Float32Array(frames);
  let held = (lo + hi) / 2;
  for (let f = 0; f < frames; f++) {
    if (loud[f]! > 0) held = pitchSum[f]! / loud[f]!;
    register[f] = held;
    bass[f] = loud[f]! > 0 ? bass[f]! / loud[f]! : 0;
  }
  const loudRef = percentile(loud, 0.95) || 1;
  for (let f = 0; f < frames; f++) loud[f] = Math.min(1, loud[f]! / loudRef);
  const attack = options.attackSeconds ?? 0.05;
  const release = options.releaseSeconds ?? 0.4;
  smooth(loud, frameRate, attack, release);
  smooth(bass, frameRate, attack, release);
  const mid = percentile(register, 0.5);
  const spread = Math.max(1, (percentile(register, 0.9) - percentile(register, 0.1)) / 2);
  for (let f = 0; f < frames; f++) register[f] = (register[f]! - mid) / spread;
  smooth(register, frameRate, release, release);
  const forward = new Float32Array(frames);
  const backward = new Float32Array(frames);
  const turn = new Float32Array(frames);
  const theta = Math.min(percentile(bass, 0.85), 0.6);
  for (let f = 0; f < frames; f++) {
    const back = clamp((bass[f]! - theta) / 0.3, 0, 1);
    backward[f] = back;
    forward[f] = (0.25 + 0.75 * loud[f]!) * (1 - back);
    turn[f] = clamp(register[f]!, -1, 1);
  }
  const drive: DriveFunction = (d) => {
    const f = Math.min(frames - 1, Math.max(0, Math.floor(d.time * frameRate)));
    d.forward = forward[f]!;
    d.backward = backward[f]!;
    d.turn = turn[f]!;
  };
  return { drive, frameRate, frames, loudness: loud, bassWeight: bass, register, forward, backward, turn };
}
