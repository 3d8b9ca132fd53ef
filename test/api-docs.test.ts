/**
 * The API reference builds without a warning: `npm run docs` (TypeDoc over the package's entry points, warnings
 * treated as errors) fails on a broken {@link}, a module without its doc comment, or a public signature that
 * names a type no entry point exports.
 */
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { projectRoot } from './helpers/shared.js';

const config = JSON.parse(readFileSync(resolve(projectRoot, 'typedoc.json'), 'utf8')) as { entryPoints: string[]; out: string };
const pkg = JSON.parse(readFileSync(resolve(projectRoot, 'package.json'), 'utf8')) as { exports: Record<string, { import: string } | string> };

describe('the API reference', () => {
  it('documents exactly the entry points of the exports map', () => {
    const sources = Object.values(pkg.exports)
      .filter((target): target is { import: string } => typeof target !== 'string')
      .map((target) => target.import.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'));
    expect([...config.entryPoints].sort()).toEqual(sources.sort());
  });

  it('npm run docs builds it with no warning', () => {
    const out = resolve(projectRoot, config.out);
    rmSync(out, { recursive: true, force: true });
    const r = spawnSync(process.execPath, [resolve(projectRoot, 'node_modules', 'typedoc', 'bin', 'typedoc')], {
      cwd: projectRoot,
      encoding: 'utf8',
      timeout: 300_000,
    });
    const text = `${r.stdout}\n${r.stderr}`;
    expect(r.status, text).toBe(0);
    expect(text).not.toMatch(/\[warning\]|\[error\]/);
    expect(existsSync(resolve(out, 'index.html'))).toBe(true);
    expect(existsSync(resolve(out, 'modules', 'neuromusic_worm.html'))).toBe(true);
  }, 300_000);
});
