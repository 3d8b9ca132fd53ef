/**
 * The benchmark workload of the learning toolkit: the Raindrop prelude's real onsets on a 20 ms grid (13,350
 * frames), with 16 feature columns of realistic size. The worm model is being built elsewhere, so the 4 'worm'
 * columns here are SYNTHETIC stand-ins of the right shape (a 0.6 Hz body-wave oscillation and its harmonics with
 * slow drift and noise) — they time the toolkit, they say nothing about the worm. The other 12 columns are real
 * time features of the piece: beat phase (3) from its tempo map and Fourier time features (9: phase and 4
 * harmonics).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { readMidi } from '../src/formats/midi.js';
import { frameGrid, frameTimes, targetOnsets } from '../src/analysis/onset-targets.js';
import { createRandom } from '../src/math/random.js';
import { featureMatrix, hstack } from '../src/learn/feature-matrix.js';
import { beatPhaseFeatures, fourierTimeFeatures } from '../src/learn/time-features.js';
import type { LearningPiece } from '../src/learn/evaluation.js';
import { sharedDir } from './lib.js';

export const RAINDROP = 'chopin_prelude_op28_no15_raindrop_db_major.mid';
export const SECOND = 'chopin_prelude_op28_no4_e_minor.mid';

/** A piece with synthetic worm-shaped columns and the real onsets and time features of a shared MIDI file. */
export function benchPiece(file: string, seed = 1): LearningPiece & { notes: number } {
  const score = readMidi(new Uint8Array(readFileSync(resolve(sharedDir, 'data', 'midi', file))), file);
  const end = Math.max(...score.notes.map((n) => n.onset + n.duration));
  const grid = frameGrid(0, end);
  const times = frameTimes(grid);
  const rng = createRandom(seed);
  const worm = Array.from({ length: 4 }, (_, k) => {
    const phase = rng.uniform(0, 2 * Math.PI);
    return {
      name: `worm_pc${k + 1}`,
      group: 'worm',
      values: Float64Array.from(times, (t) => Math.sin(2 * Math.PI * 0.6 * (k + 1) * t + phase) + 0.3 * Math.sin(0.05 * t + k) + 0.2 * rng.normal()),
    };
  });
  const features = hstack(
    featureMatrix(worm),
    beatPhaseFeatures(times, score.tempos),
    fourierTimeFeatures(times, { spanSeconds: end, harmonics: 4 }),
  );
  return { name: file, grid, features, onsets: targetOnsets(score), notes: score.notes.length };
}
