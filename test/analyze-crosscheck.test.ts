/**
 * The pattern analysis against an independent Python oracle (scripts/crosscheck-oracle.py: the reference's own
 * piano roll and MIDI reader, numpy's full SVD, scipy's exact all-pairs distances) on one shared piece. The full
 * comparison over every piece, with the scikit-learn reference run, is `npm run crosscheck`.
 */
import { describe, expect, it } from 'vitest';
import { hasShared, sharedData } from './helpers/shared.js';
import { crosscheckPiece, maxAbsolute, maxRelative, oraclePython } from '../scripts/crosscheck-lib.js';

const python = hasShared ? oraclePython() : undefined;
if (hasShared && !python) console.warn('[neuromusic tests] no python3 with numpy and scipy: the analysis cross-check is skipped.');

describe.skipIf(!python)('pattern analysis vs the Python oracle (Chopin, Prelude Op. 28 No. 20)', () => {
  it('has the reference piano roll, σ of a full SVD to 1e-6, the same k, and exact silhouettes to 1e-9', () => {
    const { ours, oracle } = crosscheckPiece(python!, sharedData('midi', 'chopin_prelude_op28_no20_c_minor.mid'), { restarts: 3 }, false);
    expect([ours.P, ours.T, ours.density]).toEqual([oracle.P, oracle.T, oracle.density]);
    expect(ours.roll.pitches).toEqual(oracle.pitches);
    expect(oracle.cellsDiffering).toBe(0);
    expect(maxRelative(ours.sigma, oracle.sigmaFull, ours.k)).toBeLessThan(1e-6);
    expect(ours.k).toBe(oracle.kFull);
    expect(maxAbsolute(ours.sweep.map((e) => e.silhouette), oracle.silhouetteExact)).toBeLessThan(1e-9);
  });
});
