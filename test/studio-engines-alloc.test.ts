/**
 * The studio's worm and ring engines, stepped as the worker's transport steps them (advance() every 1024 frames at
 * 44.1 kHz, states to the page 60 times a second), allocate almost nothing per frame: a child process (synchronous
 * optimisation, so the result does not hang on when the compiler gets to the hot paths) runs 30 s of music under
 * V8's sampling heap profiler, garbage included. Before the engines were stepped through WormEngine's own loop,
 * the worm allocated 770 KB a second (doubles boxed by V8 in one huge inlined function); one stray object per
 * engine step would show as 240 KB here.
 *
 * Allowed: a small object or two per state sent (the state itself is one reused Float32Array), one note object per
 * note, and the checkpoints' snapshot once per second of music, counted apart.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { projectRoot } from './helpers/shared.js';

interface Probe {
  which: string;
  bytes: number;
  checkpointBytes: number;
  notes: number;
  states: number;
  seconds: number;
  sites: string[];
}

function probe(which: 'worm' | 'ring'): Probe {
  const r = spawnSync(process.execPath, ['--no-concurrent-recompilation', '--import', 'tsx', resolve(projectRoot, 'test/helpers/studio-alloc-probe.ts'), which, '20', '30'], {
    cwd: projectRoot,
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Probe;
}

describe('the studio engines’ per-frame work', () => {
  it('the worm: under 400 bytes per state sent, and the checkpoints under 100 KB per second of music', () => {
    const p = probe('worm');
    expect(p.states).toBeGreaterThan(1800); // 62.5 states a second: real work was done
    expect(p.notes).toBeGreaterThan(100);
    expect(p.bytes, p.sites.join('; ')).toBeLessThan(400 * p.states);
    expect(p.checkpointBytes / p.seconds, p.sites.join('; ')).toBeLessThan(100 * 1024);
  });

  it('the ring (32 nodes): under 400 bytes per state and 1.5 KB per note, checkpoints under 100 KB a second', () => {
    const p = probe('ring');
    expect(p.states).toBeGreaterThan(1700);
    expect(p.notes).toBeGreaterThan(300);
    expect(p.bytes, p.sites.join('; ')).toBeLessThan(400 * p.states + 1536 * p.notes);
    expect(p.checkpointBytes / p.seconds, p.sites.join('; ')).toBeLessThan(100 * 1024);
  });
});
