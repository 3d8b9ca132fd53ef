/**
 * Search parameters named by their path in the worm's parameter tree ("body.maxContraction",
 * "muscles.hh.halfMV.e") become a full, validated worm parameter set: the defaults with those values put in.
 */
import { DEFAULT_PARAMS, parseWormParams, type WormParams } from '../../engines/worm/model/params.js';
import type { Params } from '../space.js';

/**
 * The worm's defaults with each `path → value` put in, validated.
 * @example
 * wormParamsAt({ 'body.maxContraction': 0.7, 'muscles.hh.halfMV.e': -5 }).muscles.hh.halfMV.e; // → -5
 */
export function wormParamsAt(params: Params, extra: Record<string, unknown> = {}): WormParams {
  const tree = structuredClone(DEFAULT_PARAMS) as unknown as Record<string, unknown>;
  const put = (path: string, value: unknown): void => {
    const parts = path.split('.');
    let node = tree;
    for (const [i, part] of parts.entries()) {
      if (i === parts.length - 1) {
        if (!(part in node)) throw new RangeError(`parameter ${path}: the worm has no parameter ${part} here`);
        node[part] = value;
        return;
      }
      const next = node[part];
      if (next === null || typeof next !== 'object') throw new RangeError(`parameter ${path}: ${parts.slice(0, i + 1).join('.')} is not a group of worm parameters`);
      node = next as Record<string, unknown>;
    }
  };
  for (const [path, value] of Object.entries(extra)) put(path, value);
  for (const [path, value] of Object.entries(params)) put(path, value);
  return parseWormParams(tree as never);
}
