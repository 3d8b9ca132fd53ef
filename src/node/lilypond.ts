/**
 * Engraving through LilyPond (Debian `lilypond`, 2.24): a `.ly` text becomes a PDF, or one SVG or PNG per page.
 * LilyPond runs in a temporary folder (removed also on Ctrl-C); the pages come back as bytes, for the caller to
 * publish with its other outputs, or are written next to the requested file atomically by {@link engrave}.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join } from 'node:path';
import { writeFileAtomic } from './files.js';
import { onInterrupt } from './interrupt.js';

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

/** What {@link engravePages} produced: each page's target path and bytes, nothing written yet. */
export interface EngravedPages {
  pages: Array<{ path: string; data: Uint8Array }>;
  warnings: string[];
  seconds: number;
}

/**
 * Compiles LilyPond text to `output` (.pdf, .svg or .png). A one-page SVG or PNG goes to `output` itself; more pages
 * go to `<name>-page<N>.<ext>` beside it. Throws an Error with LilyPond's first error line when it fails.
 */
export function engrave(ly: string, output: string, options: { resolution?: number; command?: string } = {}): Engraving {
  const { pages, warnings, seconds } = engravePages(ly, output, options);
  for (const page of pages) writeFileAtomic(page.path, page.data);
  return { files: pages.map((p) => p.path), warnings, seconds };
}

/**
 * Compiles LilyPond text for `output` as {@link engrave} does, but returns the pages (their target paths and bytes)
 * instead of writing them, so that a command can publish them together with its other outputs.
 * @example
 * // not run: needs LilyPond (Debian's lilypond), which a clone may not have
 * const { pages } = engravePages(notationToLilyPond(notation), 'prelude.pdf');
 * pages[0].path; // → 'prelude.pdf'
 */
export function engravePages(ly: string, output: string, options: { resolution?: number; command?: string } = {}): EngravedPages {
  const format = extname(output).slice(1).toLowerCase();
  if (!['pdf', 'svg', 'png'].includes(format)) throw new Error(`cannot engrave to "${format}": give .pdf, .svg or .png`);
  const command = options.command ?? (process.env['NEUROMUSIC_LILYPOND'] || 'lilypond');
  const dir = mkdtempSync(join(tmpdir(), 'neuromusic-ly-'));
  const release = onInterrupt(() => rmSync(dir, { recursive: true, force: true }));
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
    const stem = basename(output, extname(output));
    const pages = made.map((f, i) => ({
      path: made.length === 1 ? output : join(dirname(output), `${stem}-page${i + 1}.${format}`),
      data: new Uint8Array(readFileSync(join(dir, f))),
    }));
    return { pages, warnings, seconds: (performance.now() - t0) / 1000 };
  } finally {
    release();
    rmSync(dir, { recursive: true, force: true });
  }
}

function pageOf(file: string): number {
  return Number(/-page(\d+)\./.exec(file)?.[1] ?? 0);
}
