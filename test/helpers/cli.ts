/** Runs the built CLI as a user would: `node dist/cli/main.js …`, in a scratch folder. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { projectRoot } from './shared.js';

export const cliPath = resolve(projectRoot, 'dist', 'cli', 'main.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** `env` adds to (or, with '', blanks) the inherited environment; NEUROMUSIC_DEBUG is blank unless given. */
export function runCli(args: string[], options: { cwd?: string; timeoutMs?: number; env?: Record<string, string> } = {}): CliResult {
  const r = spawnSync(process.execPath, [cliPath, ...args], {
    cwd: options.cwd ?? projectRoot,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
    env: { ...process.env, NEUROMUSIC_DEBUG: '', ...options.env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A fresh temporary folder, removed by the returned cleanup function. */
export function scratchDir(prefix = 'neuromusic-test-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A user mistake gets one line on stderr, "neuromusic: …", matching the pattern. */
export function expectOneLineError(stderr: string, pattern: RegExp): void {
  const lines = stderr.trim().split('\n');
  if (lines.length !== 1) throw new Error(`expected one line on stderr, got ${lines.length}:\n${stderr}`);
  if (!/^neuromusic: /.test(lines[0]!)) throw new Error(`expected "neuromusic: …", got: ${lines[0]}`);
  if (!pattern.test(lines[0]!)) throw new Error(`expected stderr to match ${pattern}, got: ${lines[0]}`);
}

/** The options of a command's --help: flags and the whole description (wrapped lines joined). */
export function helpOptions(args: string[]): Array<{ flags: string; description: string }> {
  const r = runCli([...args, '--help']);
  if (r.code !== 0) throw new Error(`${args.join(' ')} --help failed: ${r.stderr}`);
  const lines = r.stdout.split('\n');
  const options: Array<{ flags: string; description: string }> = [];
  for (const line of lines.slice(lines.indexOf('Options:') + 1)) {
    if (line.trim() === '' || !line.startsWith(' ')) break;
    const m = /^ {2}(\S.*?)(?: {2,}(.*))?$/.exec(line);
    if (m && line.startsWith('  -')) options.push({ flags: m[1]!, description: m[2] ?? '' });
    else options[options.length - 1]!.description += ` ${line.trim()}`;
  }
  return options;
}
