/**
 * neuromusic/math — the numerical ground floor: the seeded random generator that every stochastic function takes,
 * flat row-major matrices (`Float64Array` with a shape) and the linear algebra on them (QR, thin and randomized
 * SVD, symmetric eigendecomposition, least squares, ridge regression with GCV, PCA, Procrustes, banded solvers),
 * clustering (k-means++, silhouette), descriptive statistics and Welch's t-test, complex arrays and the analytic
 * signal, a DFT, band-limited polyphase resampling, and a fourth-order Runge–Kutta stepper.
 *
 * @example
 * ```ts
 * import { createRandom, matrixFromRows, thinSvd, kmeans } from 'neuromusic/math';
 * const rng = createRandom(42);
 * const a = matrixFromRows([[3, 1], [1, 3], [0, 1]]);
 * console.log(thinSvd(a).s); // singular values, largest first
 * console.log(kmeans(a, 2, rng).labels);
 * ```
 *
 * @module neuromusic/math
 */
export { createRandom, Random } from './random.js';
export {
  flatMatrix,
  matrixFromRows,
  matrixToRows,
  cloneMatrix,
  identityMatrix,
  matrixAt,
  matrixColumn,
  matrixRow,
  leadingColumns,
  transposeMatrix,
  matMul,
  matMulAtB,
  matMulABt,
  frobeniusSquared,
  maxAbsDifference,
  assertFiniteMatrix,
  toMlMatrix,
  fromMlMatrix,
  type FlatMatrix,
} from './flat-matrix.js';
export { qrDecomposition, orthonormalBasis, type QrResult } from './qr.js';
export { thinSvd, singularValues, flipSvdSigns, type SvdResult } from './svd.js';
export { randomizedSvd, RSVD_DEFAULTS, type RandomizedSvdOptions } from './randomized-svd.js';
export { cumulativeEnergy, energyRank } from './energy-rank.js';
export { symmetricEigen, type SymmetricEigenResult } from './symmetric-eigen.js';
export { lstsq, lstsqFromCrossProducts, pseudoInverse, conditionNumber, type CrossProductFit, type LstsqOptions, type LstsqResult, type RightHandSide } from './least-squares.js';
export { ridge, ridgeGcv, type RidgeOptions, type RidgeResult, type RidgeCvOptions, type RidgeCvResult } from './ridge.js';
export { columnMeans, centerColumns, zscoreColumns, crossCorrelation, correlationMatrix } from './correlation.js';
export { pca, pcaTransform, type PcaOptions, type PcaResult } from './pca.js';
export { orthogonalProcrustes, procrustesAlign, type ProcrustesResult, type ProcrustesAlignment } from './procrustes.js';
export { bandLuFactor, bandLuSolve, bandLdltFactor, bandLdltSolve, type BandMatrix, type SymmetricBandMatrix } from './banded.js';
export { kmeans, kmeansPlusPlus, KMEANS_DEFAULTS, type KMeansOptions, type KMeansResult } from './kmeans.js';
export { silhouetteScore, silhouetteScores, silhouetteSamples, type SilhouetteOptions } from './silhouette.js';
export { uniqueRows, type UniqueRows } from './unique-rows.js';
export { mean, variance, std, zscore, pearson, median } from './stats.js';
export { twoSampleTTest, studentTTwoTailed, logGamma, regularizedIncompleteBeta, type TTestResult } from './ttest.js';
export {
  complexArray,
  complexAbs,
  complexArg,
  complexMultiply,
  phasors,
  unwrapPhase,
  nextPowerOfTwo,
  analyticSignal,
  type ComplexArray,
} from './complex.js';
export { Dft } from './dft.js';
export { Rk4, type OdeRhs } from './ode.js';
export { resample, resamplePoly, lowPassFilter, type ResampleOptions } from './resample.js';
