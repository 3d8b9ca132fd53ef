/**
 * The live nodal network allocates nothing per step (aubio's real-time rule). A child process (synchronous
 * optimisation, so the result does not hang on when the compiler gets to the hot paths) warms the engine up, then
 * steps it through 600 s of music in 10-ms steps — about 15,000 firings and 450,000 signals — under V8's sampling
 * heap profiler with garbage included. One small object per firing would already show as ~240 KB; a step is
 * allocation-free when the engine's code accounts for no more than a few one-off KB (the compiler's own work while
 * an engine frame is on the stack).
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { projectRoot } from './helpers/shared.js';

describe('live stepping', () => {
  it('allocates nothing per step', () => {
    const r = spawnSync(process.execPath, ['--no-concurrent-recompilation', '--import', 'tsx', resolve(projectRoot, 'test/helpers/nodal-alloc-probe.ts'), '90000', '60000'], {
      cwd: projectRoot,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    const probe = JSON.parse(r.stdout.trim().split('\n').pop()!) as { bytes: number; firings: number; sites: string[] };
    expect(probe.firings).toBeGreaterThan(5000); // real work was done
    expect(probe.bytes, probe.sites.join('; ')).toBeLessThan(16 * 1024);
  });
});
