import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import type { ComposeContext, ComposeEngine } from './compose-engine.js';
import { optionKey, registerCompose } from './compose.js';
import { numberIn } from './options.js';

const dir = mkdtempSync(join(tmpdir(), 'neuromusic-compose-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Two small engines that record what the command hands them: the registry is what is under test. */
function recordingEngines(): { engines: ComposeEngine[]; calls: Array<{ engine: string; context: ComposeContext; options: Record<string, unknown> }> } {
  const calls: Array<{ engine: string; context: ComposeContext; options: Record<string, unknown> }> = [];
  const make = (name: string, defaultSeconds: number, options: ComposeEngine['options']): ComposeEngine => ({
    name,
    description: `the ${name} engine`,
    defaultSeconds,
    options,
    async run(context, opts) {
      calls.push({ engine: name, context, options: opts });
      return { files: [], lines: [], summary: {} };
    },
  });
  return {
    calls,
    engines: [
      make('alpha', 120, [{ flags: '--nodes <n>', description: 'nodes', parse: numberIn(2, 64, { integer: true }) }]),
      make('beta', 30, [
        { flags: '--nodes <n>', description: 'neurons', parse: numberIn(2, 64, { integer: true }) },
        { flags: '--worm-speed <x>', description: 'speed' },
      ]),
    ],
  };
}

function program(engines: ComposeEngine[], defaultEngine = 'alpha'): Command {
  const p = new Command().exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  registerCompose(p, engines, defaultEngine);
  return p;
}

describe('the compose engine registry', () => {
  it('names commander attributes as commander does', () => {
    expect(optionKey('--nodes <n>')).toBe('nodes');
    expect(optionKey('--worm-speed <x>')).toBe('wormSpeed');
  });

  it('runs the chosen engine with the shared options and only the engine options given', async () => {
    const { engines, calls } = recordingEngines();
    await program(engines).parseAsync(['compose', '--engine', 'beta', '--nodes', '5', '--worm-speed', 'fast', '--out', join(dir, 'b'), '--seed', '9'], { from: 'user' });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.engine).toBe('beta');
    expect(calls[0]!.options).toEqual({ nodes: 5, wormSpeed: 'fast' });
    expect(calls[0]!.context).toMatchObject({ seconds: 30, seed: 9, outDir: join(dir, 'b'), sampleRate: 44100 });
  });

  it('runs the default engine with its own default length when neither is given', async () => {
    const { engines, calls } = recordingEngines();
    await program(engines, 'beta').parseAsync(['compose', '--out', join(dir, 'a'), '--quiet'], { from: 'user' });
    expect(calls[0]!.engine).toBe('beta');
    expect(calls[0]!.context.seconds).toBe(30);
    expect(calls[0]!.options).toEqual({});
    expect(() => program(engines, 'gamma')).toThrow(/"gamma" is not registered/);
  });

  it('declares a flag two engines share once, and refuses an option the chosen engine does not take', async () => {
    const { engines } = recordingEngines();
    const p = program(engines);
    const compose = p.commands.find((c) => c.name() === 'compose')!;
    expect(compose.options.filter((o) => o.long === '--nodes')).toHaveLength(1);
    expect(compose.options.find((o) => o.long === '--nodes')!.description).toMatch(/\[alpha, beta\]/);
    await expect(p.parseAsync(['compose', '--engine', 'alpha', '--worm-speed', 'x', '--out', join(dir, 'c')], { from: 'user' })).rejects.toThrow(/--worm-speed does not apply to --engine alpha/);
  });
});
