/** docs/cli.md stays true to the program: every option of every command's --help is in its section, with its default. */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { helpOptions } from './helpers/cli.js';
import { projectRoot } from './helpers/shared.js';

const COMMANDS = [['compose'], ['critique'], ['worm', 'simulate'], ['dance'], ['analyze'], ['learn'], ['resonance'], ['beats'], ['beats-eval'], ['groove'], ['surrogate', 'train'], ['surrogate', 'eval'], ['surrogate', 'ablation'], ['eeg'], ['bcmi'], ['stimulus'], ['render'], ['notate'], ['info'], ['demo'], ['studio'], ['sweep'], ['worker']];
const doc = readFileSync(join(projectRoot, 'docs', 'cli.md'), 'utf8');

/** The text of the `## name` section. */
function section(name: string): string {
  const start = doc.indexOf(`\n## ${name}\n`);
  if (start < 0) throw new Error(`docs/cli.md has no "## ${name}" section`);
  const end = doc.indexOf('\n## ', start + 1);
  return doc.slice(start, end < 0 ? undefined : end);
}

describe('docs/cli.md', () => {
  for (const args of COMMANDS) {
    it(`lists every option of ${args.join(' ')} with its default`, () => {
      const text = section(args.join(' '));
      expect(text).toContain(`neuromusic ${args.join(' ')} [options]`);
      for (const o of helpOptions(args)) {
        if (o.flags.startsWith('-h,')) continue;
        const row = text.split('\n').find((l) => l.startsWith(`| \`${o.flags}\` |`));
        expect(row, `${args.join(' ')} ${o.flags}`).toBeDefined();
        const shown = /\(default: (.*)\)/.exec(o.description)?.[1];
        expect(row!.trim().split(' | ').at(-1)!.replace(/ \|$/, ''), `${args.join(' ')} ${o.flags}`).toBe(shown ?? '—');
      }
    });
  }
});
