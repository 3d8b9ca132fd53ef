import { afterEach, describe, expect, it } from 'vitest';
import { openUrl } from './open-url.js';

const saved = process.env['BROWSER'];
afterEach(() => {
  if (saved === undefined) delete process.env['BROWSER'];
  else process.env['BROWSER'] = saved;
});

describe('openUrl', () => {
  it('reports a browser command that fails', async () => {
    process.env['BROWSER'] = 'false';
    expect(await openUrl('http://127.0.0.1:1/')).toBe('false exited with status 1');
  });

  it('reports a browser command that does not exist', async () => {
    process.env['BROWSER'] = '/nonexistent/neuromusic-browser';
    expect(await openUrl('http://127.0.0.1:1/')).toBe('/nonexistent/neuromusic-browser: not found');
  });

  it('counts an opener that exits 0, or is still running after the wait, as started', async () => {
    process.env['BROWSER'] = 'true';
    expect(await openUrl('http://127.0.0.1:1/')).toBeUndefined();
    process.env['BROWSER'] = 'sleep';
    expect(await openUrl('5', 200)).toBeUndefined();
  });
});
