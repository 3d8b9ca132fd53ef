/**
 * The Humdrum **kern reader: {@link readKern} turns a Humdrum file's **kern spines into a `Score`.
 */
export { readKern, KERN_DEFAULT_VELOCITY, type ReadKernOptions } from './read-kern.js';
export { recipQuarters, parseKernToken, parseKernSubtoken, type KernToken, type KernSubtoken } from './token.js';
export type { Rational } from './rational.js';

/** Extensions read as Humdrum **kern. */
export const KERN_EXTENSIONS = ['.krn'] as const;
