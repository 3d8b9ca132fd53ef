/**
 * Engraving through LilyPond (Debian `lilypond`, 2.24): a `.ly` text becomes a PDF, or one SVG or PNG per page.
 * LilyPond runs in a temporary folder; the pages then move next to the requested file atomically, so nothing
 * half-written is left when it fails.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { writeFileAtomic } from './files.js';

/** The LilyPond on PATH (or in NEUROMUSIC_LILYPOND): its version, or undefined when it is not installed. */
export function lilypondVersion(command = process.env['NEUROMUSIC_LILYPOND'] || 'lilypond'): string | undefined {
  const r = spawnSync(command, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  if (r.error || r.status !== 0) return undefined;
  return /GNU LilyPond (\S+)/.exec(r.stdout)?.[1] ?? 'unknown';
}

/** What an engraving produced. */
export interface Engraving {
  files: string[];
  /** LilyPond's warnings (lines with "warning:"), which a clean score has none of. */
  warnings: string[];
  seconds: number;
}

/**
 * Compiles LilyPond text to `output` (.pdf, .svg or .png). A one-page SVG or PNG goes to `output` itself; more pages
 * go to `<name>-page<N>.<ext>` beside it. Throws an Error with LilyPond's first error line when it fails.
 */
export function engrave(ly: string, output: string, options: { resolution?: number; command?: string } = {}): Engraving {
  const format = extname(output).slice(1).toLowerCase();
  if (!['pdf', 'svg', 'png'].includes(format)) throw new Error(`cannot engrave to "${format}": give .pdf, .svg or .png`);
  const command = options.command ?? (process.env['NEUROMUSIC_LILYPOND'] || 'lilypond');
  const dir = mkdtempSync(join(tmpdir(), 'neuromusic-ly-'));
  const t0 = performance.now();
  try {
    writeFileSync(join(dir, 'score.ly'), ly);
    const args = ['-s', `--${format}`, '-dno-point-and-click', ...(format === 'png' ? [`-dresolution=${options.resolution ?? 110}`] : []), '-o', join(dir, 'score'), join(dir, 'score.ly')];
    const r = spawnSync(command, args, { encoding: 'utf8', cwd: dir, timeout: 300_000, maxBuffer: 64 << 20 });
    if (r.error) throw new Error(`LilyPond could not run (${r.error.message})`);
    const log = `${r.stdout ?? ''}\n${r.stderr ?? ''}`;
    const warnings = log.split('\n').filter((l) => /warning:/i.test(l)).map((l) => l.replace(/^.*?score\.ly:/, 'line '));
    if (r.status !== 0) {
      const error = log.split('\n').find((l) => /error:/i.test(l)) ?? `exit status ${r.status}`;
      throw new Error(`LilyPond failed: ${error.replace(/^.*?score\.ly:/, 'line ').trim()}`);
    }
    const made = readdirSync(dir).filter((f) => f.startsWith('score') && f.endsWith(`.${format}`)).sort((a, b) => pageOf(a) - pageOf(b));
    if (made.length === 0) throw new Error('LilyPond wrote no pages');
    const files: string[] = [];
    if (made.length === 1) {
      writeFileAtomic(output, readFileSync(join(dir, made[0]!)));
      files.push(output);
    } else {
      const stem = basename(output, extname(output));
      made.forEach((f, i) => {
        const target = join(dirname(output), `${stem}-page${i + 1}.${format}`);
        writeFileAtomic(target, readFileSync(join(dir, f)));
        files.push(target);
      });
    }
    return { files, warnings, seconds: (performance.now() - t0) / 1000 };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function pageOf(file: string): number {
  return Number(/-page(\d+)\./.exec(file)?.[1] ?? 0);
}
