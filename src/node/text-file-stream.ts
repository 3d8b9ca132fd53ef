/**
 * A text file written piece by piece: pieces are gathered into blocks of about `blockBytes` and each block is
 * written as it fills, so a long output (a dance's WCON or timeline) streams to disk instead of being built as one
 * string. The caller owns the path (an output set's temporary name, see OutputSet.produce).
 */
import { closeSync, openSync, writeSync } from 'node:fs';

/**
 * Appends text to a file in blocks.
 * @example
 * import { readFileSync } from 'node:fs';
 * const file = new TextFileStream('out.json');
 * file.write('{"a":'); file.write('1}');
 * file.close();
 * readFileSync('out.json', 'utf8'); // → '{"a":1}'
 */
export class TextFileStream {
  private readonly fd: number;
  private pieces: string[] = [];
  private pending = 0;
  private open = true;
  /** Characters written so far (UTF-16 code units, bytes for ASCII text). */
  written = 0;

  constructor(path: string, private readonly blockBytes = 1 << 20) {
    this.fd = openSync(path, 'w');
  }

  /** Appends `text` (written when the block fills, or at {@link close}). */
  write(text: string): void {
    if (!this.open) throw new Error('write after close');
    this.pieces.push(text);
    this.pending += text.length;
    this.written += text.length;
    if (this.pending >= this.blockBytes) this.flush();
  }

  /** Writes what is pending and closes the file. Idempotent. */
  close(): void {
    if (!this.open) return;
    try {
      this.flush();
    } finally {
      this.open = false;
      closeSync(this.fd);
    }
  }

  private flush(): void {
    if (this.pieces.length === 0) return;
    writeSync(this.fd, this.pieces.join(''));
    this.pieces = [];
    this.pending = 0;
  }
}
