import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { OutputSet, withOutputs } from './output-set.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'neuromusic-outputs-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const notes = { notes: [{ onset: 0, duration: 0.2, pitch: 60, velocity: 0.8, voice: 0 }] };
const everything = (d: string): string[] => readdirSync(d, { recursive: true }).map(String).sort();

describe('OutputSet', () => {
  it('writes nothing until published, then every output at once', async () => {
    const outputs = new OutputSet().declare(join(dir, 'a.txt'), join(dir, 'b.wav'));
    outputs.file(join(dir, 'a.txt'), 'alpha');
    const wav = outputs.wav(join(dir, 'b.wav'), notes, { sampleRate: 8000 });
    expect(wav.channels).toBe(2);
    expect(everything(dir)).toEqual([]);
    expect(await outputs.publish()).toEqual([join(dir, 'a.txt'), join(dir, 'b.wav')]);
    expect(everything(dir)).toEqual(['a.txt', 'b.wav']);
    expect(readFileSync(join(dir, 'a.txt'), 'utf8')).toBe('alpha');
    expect(readFileSync(join(dir, 'b.wav')).subarray(0, 4).toString()).toBe('RIFF');
  });

  it('streams a long render through an anonymous file: nothing named appears beside the target', async () => {
    const outputs = new OutputSet();
    const long = { notes: Array.from({ length: 20 }, (_, i) => ({ onset: i, duration: 0.5, pitch: 60 + i, velocity: 0.7, voice: 0 })) };
    const result = outputs.wav(join(dir, 'long.wav'), long, { sampleRate: 8000, maxInMemoryBytes: 1024 });
    expect(result.streamed).toBe(true);
    expect(everything(dir)).toEqual([]);
    await outputs.publish();
    expect(everything(dir)).toEqual(['long.wav']);
    expect(readFileSync(join(dir, 'long.wav')).length).toBe(44 + result.frames * 2 * 2);
  });

  it('on a failure while publishing, leaves every earlier file as it was and no temporary behind', async () => {
    writeFileSync(join(dir, 'first.mid'), 'the user\'s first');
    mkdirSync(join(dir, 'later'));
    const outputs = new OutputSet().declare(join(dir, 'first.mid'), join(dir, 'later', 'second.wav'));
    outputs.file(join(dir, 'first.mid'), 'new first');
    outputs.file(join(dir, 'later', 'second.wav'), 'new second');
    rmSync(join(dir, 'later'), { recursive: true }); // the second target's folder vanishes before publishing
    await expect(outputs.publish()).rejects.toThrow(/second\.wav: cannot write: no such file or directory/);
    expect(readFileSync(join(dir, 'first.mid'), 'utf8')).toBe('the user\'s first');
    expect(everything(dir)).toEqual(['first.mid']);
  });

  it('on a failure while renaming, restores the targets already replaced', async () => {
    writeFileSync(join(dir, 'a.mid'), 'old a');
    const outputs = new OutputSet();
    outputs.file(join(dir, 'a.mid'), 'new a');
    outputs.file(join(dir, 'b.wav'), 'new b');
    // b.wav becomes a non-empty folder after the checks: its rename fails after a.mid's succeeded.
    mkdirSync(join(dir, 'b.wav', 'inside'), { recursive: true });
    await expect(outputs.publish()).rejects.toThrow(/b\.wav: cannot write/);
    expect(readFileSync(join(dir, 'a.mid'), 'utf8')).toBe('old a');
    expect(everything(dir)).toEqual(['a.mid', 'b.wav', join('b.wav', 'inside')].sort());
  });

  it('on SIGTERM while publishing, removes its temporaries, keeps earlier files and exits 143', async () => {
    writeFileSync(join(dir, 'a.mid'), 'old a');
    const outputs = new OutputSet();
    for (const name of ['a.mid', 'b.wav', 'c.html']) outputs.file(join(dir, name), `new ${name}`);
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => {
      throw new Error('exit');
    }) as never);
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      const publishing = outputs.publish(); // writes a.mid's temporary, then yields
      expect(everything(dir).some((f) => f.endsWith('.tmp'))).toBe(true);
      expect(() => process.emit('SIGTERM')).toThrow('exit');
      expect(exit).toHaveBeenCalledWith(143);
      expect(everything(dir)).toEqual(['a.mid']);
      expect(readFileSync(join(dir, 'a.mid'), 'utf8')).toBe('old a');
      expect(stderr).toHaveBeenCalledWith('neuromusic: interrupted (SIGTERM); no output was written\n');
      await publishing.catch(() => undefined); // in a real run the process has ended here
    } finally {
      exit.mockRestore();
      stderr.mockRestore();
    }
  });

  it('checks every target before the work, and refuses two outputs on one file', () => {
    writeFileSync(join(dir, 'plain'), '');
    expect(() => new OutputSet().declare(join(dir, 'ok.mid'), join(dir, 'plain', 'x.wav'))).toThrow(/plain\/x\.wav: cannot write: a part of the path is a file, not a folder/);
    mkdirSync(join(dir, 'folder.wav'));
    expect(() => new OutputSet().declare(join(dir, 'folder.wav'))).toThrow(/folder\.wav: cannot write: is a directory/);
    expect(() => new OutputSet().declare(join(dir, 'x.json'), `${dir}/./x.json`)).toThrow(/two outputs would be written to the same file/);
    expect(everything(dir)).toEqual(['folder.wav', 'plain']);
  });

  it('does not loop on folders that cannot be made (under /proc)', () => {
    if (!existsSync('/proc/self')) return;
    expect(() => new OutputSet().declare('/proc/neuromusic/a/b.wav')).toThrow(/\/proc\/neuromusic\/a\/b\.wav: cannot write/);
  });

  it('discards everything when the work fails (withOutputs)', async () => {
    await expect(
      withOutputs((outputs) => {
        outputs.file(join(dir, 'a.txt'), 'a');
        throw new Error('the work failed');
      }),
    ).rejects.toThrow('the work failed');
    expect(everything(dir)).toEqual([]);
  });
});
