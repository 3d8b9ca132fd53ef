/**
 * How a command publishes its outputs: all of them or none. A command that writes several files (a MIDI, a WAV, a
 * report) must not replace the user's earlier `worm.mid` and then fail on `worm.wav`. An {@link OutputSet}:
 *
 * 1. checks every target at once, before any work ({@link OutputSet.declare}): its folder exists or can be made and
 *    is writable, the target is not a folder, no two outputs share a path;
 * 2. stages each output as the work produces it ({@link OutputSet.file}, {@link OutputSet.wav}) — small files in
 *    memory, long renders in an anonymous temporary file — so nothing named appears on disk while the work runs;
 *    a file that another program must write (ffmpeg's MP4) goes to a hidden temporary name beside its target
 *    ({@link OutputSet.produce}), removed if the run fails or is interrupted;
 * 3. publishes them together at the end ({@link OutputSet.publish}): each is written to a hidden temporary name
 *    beside its target, and only when all are complete are they renamed over their targets; a failure in any step
 *    removes the temporaries and restores every target that had been replaced, and SIGINT / SIGTERM during
 *    publishing do the same and end the process with 130 / 143.
 *
 * Interrupting the work before publishing leaves nothing to clean: no named file exists yet.
 */
import { existsSync, linkSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { FormatError } from '../formats/errors.js';
import { describeSystemError, isSystemError, prepareOutput } from './files.js';
import { onInterrupt, SIGNAL_EXIT_CODES } from './interrupt.js';
import { stageWav, type StagedWav, type WavFileOptions, type WavFileResult, type WavSource } from './render-wav-file.js';

/** One staged output: bytes in memory, a WAV to write, or a file already written under a temporary name. */
type Staged =
  | { kind: 'bytes'; data: Uint8Array | string }
  | { kind: 'wav'; wav: StagedWav }
  | { kind: 'ready'; temporary: string; release: () => void };

export { SIGNAL_EXIT_CODES };

/**
 * The outputs of one command run, published together. See the module's comment for the protocol.
 * @example
 * const outputs = new OutputSet();
 * outputs.declare('piece.mid', 'piece.json');
 * outputs.file('piece.mid', writeMidi(score));
 * outputs.file('piece.json', JSON.stringify(score));
 * (await outputs.publish()).length; // → 2
 */
export class OutputSet {
  private readonly declared = new Map<string, string>();
  private readonly staged = new Map<string, Staged>();

  /**
   * Checks targets before the work: see {@link prepareOutput}. Throws a {@link FormatError} naming the first that
   * cannot be written, or two outputs that would land on the same file.
   */
  declare(...paths: Array<string | undefined | false>): this {
    for (const path of paths) {
      if (!path) continue;
      const key = resolve(path);
      const earlier = this.declared.get(key);
      if (earlier !== undefined) {
        if (earlier === path) continue;
        throw new FormatError(path, `two outputs would be written to the same file (also given as ${earlier})`);
      }
      prepareOutput(path);
      this.declared.set(key, path);
    }
    return this;
  }

  /** Stages a file's contents (declaring it if it was not). */
  file(path: string, data: Uint8Array | string): void {
    this.declareOnce(path);
    this.replace(path, { kind: 'bytes', data });
  }

  /**
   * Renders (a score) or takes (audio buffers) a WAV and stages it; returns what will be written.
   * @example
   * const outputs = new OutputSet();
   * outputs.wav('prelude.wav', score, { sampleRate: 22050 }).channels; // → 2
   * await outputs.publish();
   */
  wav(path: string, source: WavSource, options: WavFileOptions = {}): WavFileResult {
    this.declareOnce(path);
    const wav = stageWav(source, path, options);
    this.replace(path, { kind: 'wav', wav });
    return wav.result;
  }

  /**
   * Stages a file that a writer of its own makes (an encoder, an external program): `write` gets a hidden temporary
   * path beside `path` to write to, renamed over `path` at {@link publish}. The temporary file is removed if `write`
   * fails, if the set is discarded or its publishing fails, and on SIGINT / SIGTERM before then.
   * @example
   * import { existsSync, writeFileSync } from 'node:fs';
   * const outputs = new OutputSet();
   * await outputs.produce('notes.txt', (tmp) => writeFileSync(tmp, 'C E G\n'));
   * existsSync('notes.txt'); // → false
   * await outputs.publish();
   * existsSync('notes.txt'); // → true — it appears only now
   */
  async produce(path: string, write: (temporary: string) => Promise<void> | void): Promise<void> {
    this.declareOnce(path);
    const temporary = temporaryName(path, 'tmp');
    const release = onInterrupt(() => rmSync(temporary, { force: true }));
    try {
      await write(temporary);
      if (!existsSync(temporary)) throw new FormatError(path, 'the writer made no file');
    } catch (err) {
      rmSync(temporary, { force: true });
      release();
      if (!isSystemError(err)) throw err;
      throw new FormatError(path, describeSystemError(err, 'cannot write'));
    }
    this.replace(path, { kind: 'ready', temporary, release });
  }

  /** The contents staged for `path` as bytes in memory (undefined for WAVs and produced files, or if not staged). */
  contents(path: string): Uint8Array | string | undefined {
    const s = this.staged.get(path);
    return s?.kind === 'bytes' ? s.data : undefined;
  }

  /** The paths staged so far, in order. */
  get paths(): string[] {
    return [...this.staged.keys()];
  }

  /**
   * Writes every staged output to a temporary sibling, then renames them all over their targets. On any failure,
   * or SIGINT / SIGTERM, the temporaries are removed and replaced targets restored. Returns the paths written.
   */
  async publish(): Promise<string[]> {
    const entries = [...this.staged.entries()];
    this.staged.clear();
    const temporaries: string[] = [];
    const backups: Array<{ target: string; backup: string }> = [];
    const renamed: string[] = [];
    const undo = (): void => {
      for (const t of temporaries) rmSync(t, { force: true });
      for (const path of renamed) if (!backups.some((b) => b.target === path)) rmSync(path, { force: true });
      for (const { target, backup } of backups) {
        try {
          renameSync(backup, target);
        } catch {
          rmSync(backup, { force: true });
        }
      }
    };
    const release = onInterrupt(() => {
      undo();
      for (const [, s] of entries) dispose(s);
    });
    let current = '';
    try {
      for (const [path, s] of entries) {
        current = path;
        if (s.kind === 'ready') {
          temporaries.push(s.temporary);
          continue;
        }
        const tmp = temporaryName(path, 'tmp');
        temporaries.push(tmp);
        if (s.kind === 'bytes') writeFileSync(tmp, s.data);
        else s.wav.writeTo(tmp);
        // Between files, a pending Ctrl-C gets its turn.
        await new Promise((done) => setImmediate(done));
      }
      for (const [path] of entries) {
        current = path;
        if (existsSync(path)) {
          const backup = temporaryName(path, 'old');
          try {
            linkSync(path, backup);
            backups.push({ target: path, backup });
          } catch {
            // No hard links here (some network or FAT file systems): this target cannot be restored.
          }
        }
      }
      for (const [i, [path]] of entries.entries()) {
        current = path;
        renameSync(temporaries[i]!, path);
        renamed.push(path);
      }
      temporaries.length = 0;
      for (const { backup } of backups) rmSync(backup, { force: true });
      return entries.map(([path]) => path);
    } catch (err) {
      temporaries.splice(0, renamed.length);
      undo();
      if (!isSystemError(err)) throw err;
      throw new FormatError(current, describeSystemError(err, 'cannot write'));
    } finally {
      release();
      for (const [, s] of entries) dispose(s);
    }
  }

  /** Drops every staged output (nothing was written). */
  discard(): void {
    for (const s of this.staged.values()) dispose(s);
    this.staged.clear();
  }

  private declareOnce(path: string): void {
    if (!this.declared.has(resolve(path))) this.declare(path);
  }

  private replace(path: string, s: Staged): void {
    const old = this.staged.get(path);
    if (old) dispose(old);
    this.staged.set(path, s);
  }
}

/** Frees what a staged output holds: a WAV's temporary render, a produced file not yet renamed into place. */
function dispose(s: Staged): void {
  if (s.kind === 'wav') s.wav.dispose();
  else if (s.kind === 'ready') {
    rmSync(s.temporary, { force: true });
    s.release();
  }
}

function temporaryName(path: string, suffix: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.${suffix}`);
}

/**
 * Runs `work` with a fresh output set and publishes it when `work` succeeds; discards it when `work` throws.
 * @example
 * await withOutputs(async (outputs) => outputs.file('notes.txt', 'C E G\n')); // → ['notes.txt']
 */
export async function withOutputs(work: (outputs: OutputSet) => Promise<void> | void): Promise<string[]> {
  const outputs = new OutputSet();
  try {
    await work(outputs);
  } catch (err) {
    outputs.discard();
    throw err;
  }
  return outputs.publish();
}
