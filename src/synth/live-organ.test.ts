import { describe, expect, it } from 'vitest';
import { LiveOrgan } from './live-organ.js';
import { packNotes } from './live-piano.js';
import { parseOrganSettings, renderOrgan } from './organ.js';

describe('LiveOrgan', () => {
  it('plays packed notes quantum by quantum exactly as the offline renderer', () => {
    const settings = parseOrganSettings('888000000:perc3,fast,c3');
    const notes = [
      { onset: 0.01, duration: 0.3, pitch: 60, velocity: 1, voice: 0 },
      { onset: 0.2, duration: 0.4, pitch: 67, velocity: 1, voice: 0 },
      { onset: 0.55, duration: 0.2, pitch: 72, velocity: 1, voice: 0 },
    ];
    const sr = 22050;
    const offline = renderOrgan({ notes }, { sampleRate: sr, channels: 1, settings, normalizeDbfs: null }).channels[0]!;
    const live = new LiveOrgan({ sampleRate: sr, settings });
    live.schedulePacked(packNotes(notes, sr));
    const out = new Float32Array(offline.length + 128);
    for (let f = 0; f < offline.length; f += 128) {
      const block = [new Float32Array(128)];
      live.render(block, f, 128);
      out.set(block[0]!, f);
    }
    let maxDiff = 0;
    for (let i = 0; i < offline.length; i++) maxDiff = Math.max(maxDiff, Math.abs(out[i]! / 0.35 - offline[i]!));
    expect(maxDiff).toBeLessThan(1e-5);
  });

  it('ends open notes on release and everything on stop', () => {
    const live = new LiveOrgan({ sampleRate: 22050, settings: parseOrganSettings('008000000:noperc,noclick,novib') });
    live.schedulePacked(Float64Array.from([0, -7, 69, 1, -1, 0, -8, 72, 1, -1]));
    live.render([new Float32Array(1024)], 0, 1024);
    expect(live.active).toBe(2);
    live.releasePacked(Float64Array.from([1100, 7]));
    live.render([new Float32Array(1024)], 1024, 1024);
    live.render([new Float32Array(1024)], 2048, 1024);
    expect(live.active).toBe(1);
    live.stop(3100);
    live.render([new Float32Array(1024)], 3072, 1024);
    live.render([new Float32Array(1024)], 4096, 1024);
    expect(live.active).toBe(0);
  });
});
