/**
 * Writing video without ffmpeg: an MP4 asked for on a machine without ffmpeg must fail with the clear
 * FfmpegMissingError (which says which Debian package to install) and leave no file — not hang, and not end the
 * process silently with nothing written. Runs the built module (dist/, made by `npm test` before vitest) in a
 * child Node whose PATH holds node alone.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { scratchDir } from './helpers/cli.js';
import { projectRoot } from './helpers/shared.js';

const { dir, cleanup } = scratchDir();
afterAll(cleanup);
const built = join(projectRoot, 'dist', 'node', 'video-encode.js');

describe('writeVideoFile without ffmpeg', () => {
  it.skipIf(!existsSync(built))('rejects with FfmpegMissingError and writes nothing', () => {
    const bin = join(dir, 'bin');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    const out = join(dir, 'out');
    mkdirSync(out);
    const script = join(dir, 'encode.mjs');
    writeFileSync(script, [
      `import { writeVideoFile } from ${JSON.stringify(pathToFileURL(built).href)};`,
      'const frames = Array.from({ length: 10 }, () => new Uint8Array(64 * 48));',
      `writeVideoFile(${JSON.stringify(join(out, 'clip.mp4'))}, { width: 64, height: 48, fps: 30, frames })`,
      "  .then(() => console.log('settled: ok'), (e) => console.log(`settled: ${e.name}: ${e.message}`));",
    ].join('\n'));
    const r = spawnSync(join(bin, 'node'), [script], { env: { PATH: bin }, encoding: 'utf8', timeout: 30_000 });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/settled: FfmpegMissingError: .*ffmpeg/);
    expect(readdirSync(out)).toEqual([]);
  });
});
