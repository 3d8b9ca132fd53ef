/** OutputSet.produce: files another writer makes (ffmpeg's MP4, LilyPond's pages) under a temporary name. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { onInterrupt } from './interrupt.js';
import { OutputSet } from './output-set.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'neuromusic-produce-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const everything = (d: string): string[] => readdirSync(d).sort();

/** Runs `body` with process.exit and stderr mocked; returns the exit code asked for and what was written. */
function withMockedExit(body: () => void): { code: unknown; stderr: string } {
  let stderr = '';
  const exit = vi.spyOn(process, 'exit').mockImplementation((() => {
    throw new Error('exit');
  }) as never);
  const write = vi.spyOn(process.stderr, 'write').mockImplementation((t) => ((stderr += String(t)), true));
  try {
    expect(body).toThrow('exit');
    return { code: exit.mock.calls[0]?.[0], stderr };
  } finally {
    exit.mockRestore();
    write.mockRestore();
  }
}

describe('OutputSet.produce', () => {
  it('gives the writer a hidden temporary beside the target, renamed over it only at publish', async () => {
    writeFileSync(join(dir, 'clip.mp4'), 'the user\'s clip');
    const outputs = new OutputSet();
    let seen = '';
    await outputs.produce(join(dir, 'clip.mp4'), (tmp) => {
      seen = tmp;
      writeFileSync(tmp, 'new clip');
    });
    expect(seen.startsWith(join(dir, '.clip.mp4.'))).toBe(true);
    expect(readFileSync(join(dir, 'clip.mp4'), 'utf8')).toBe('the user\'s clip');
    outputs.file(join(dir, 'clip.json'), '{}');
    await outputs.publish();
    expect(everything(dir)).toEqual(['clip.json', 'clip.mp4']);
    expect(readFileSync(join(dir, 'clip.mp4'), 'utf8')).toBe('new clip');
  });

  it('removes the temporary when the writer fails, and keeps the target', async () => {
    writeFileSync(join(dir, 'clip.mp4'), 'old');
    const outputs = new OutputSet();
    await expect(outputs.produce(join(dir, 'clip.mp4'), (tmp) => {
      writeFileSync(tmp, 'half a clip');
      throw new Error('the encoder died');
    })).rejects.toThrow('the encoder died');
    expect(everything(dir)).toEqual(['clip.mp4']);
    expect(readFileSync(join(dir, 'clip.mp4'), 'utf8')).toBe('old');
  });

  it('refuses a writer that made no file', async () => {
    await expect(new OutputSet().produce(join(dir, 'clip.mp4'), () => undefined)).rejects.toThrow(/clip\.mp4: the writer made no file/);
    expect(everything(dir)).toEqual([]);
  });

  it('removes the produced file when the set is discarded or a later output fails to publish', async () => {
    const discarded = new OutputSet();
    await discarded.produce(join(dir, 'a.mp4'), (tmp) => writeFileSync(tmp, 'a'));
    discarded.discard();
    expect(everything(dir)).toEqual([]);

    writeFileSync(join(dir, 'b.mp4'), 'old b');
    const failing = new OutputSet();
    await failing.produce(join(dir, 'b.mp4'), (tmp) => writeFileSync(tmp, 'new b'));
    failing.file(join(dir, 'gone', 'c.json'), '{}');
    rmSync(join(dir, 'gone'), { recursive: true }); // the second target's folder vanishes before publishing
    await expect(failing.publish()).rejects.toThrow(/c\.json: cannot write/);
    expect(everything(dir)).toEqual(['b.mp4']);
    expect(readFileSync(join(dir, 'b.mp4'), 'utf8')).toBe('old b');
  });

  it('on SIGINT while another output is being made, removes the produced temporary and exits 130', async () => {
    const listeners = process.listenerCount('SIGINT');
    const outputs = new OutputSet();
    await outputs.produce(join(dir, 'clip.mp4'), (tmp) => writeFileSync(tmp, 'clip'));
    expect(everything(dir)).toHaveLength(1);
    expect(process.listenerCount('SIGINT')).toBe(listeners + 1);
    const { code, stderr } = withMockedExit(() => process.emit('SIGINT'));
    expect(code).toBe(130);
    expect(stderr).toBe('neuromusic: interrupted (SIGINT); no output was written\n');
    expect(everything(dir)).toEqual([]);
    outputs.discard();
    expect(process.listenerCount('SIGINT')).toBe(listeners);
  });
});

describe('onInterrupt', () => {
  it('runs every registered clean-up, newest first, once; released ones not at all', () => {
    const listeners = process.listenerCount('SIGTERM');
    const order: string[] = [];
    const releaseA = onInterrupt(() => order.push('a'));
    const releaseB = onInterrupt(() => order.push('b'));
    const releaseC = onInterrupt(() => order.push('c'));
    releaseB();
    const { code } = withMockedExit(() => process.emit('SIGTERM'));
    expect(code).toBe(143);
    expect(order).toEqual(['c', 'a']);
    releaseA();
    releaseC();
    expect(process.listenerCount('SIGTERM')).toBe(listeners);
  });
});
