import { describe, expect, it } from 'vitest';
import { createRandom } from '../../math/random.js';
import { renderDrums, type DrumHit } from '../../synth/drums.js';
import { beatEvidenceMedian, beatsUntilLastOnset } from './piece-end.js';
import { trackBeats } from './tracker.js';

describe('the end of the beats', () => {
  it('takes the median of the strongest evidence within two frames of each beat', () => {
    // beats at 2, 10, 20: the strongest values within ±2 frames are 4, 1 and 0 (nothing near frame 20); median 1
    const evidence = new Float64Array(30);
    evidence[0] = 4;
    evidence[3] = 2;
    evidence[12] = 1;
    expect(beatEvidenceMedian([2, 10, 20], evidence)).toBe(1);
    expect(beatEvidenceMedian([10, 20], evidence)).toBe(0.5);
    expect(beatEvidenceMedian([], evidence)).toBe(0);
  });

  it('drops the beats after the last onset that reaches the fraction, keeps those within the tolerance', () => {
    const evidence = new Float64Array(200);
    for (const f of [20, 60, 100, 140]) evidence[f] = 2;
    evidence[170] = 0.4; // weaker than half the median at the beats (2): a ring, not an onset
    const beats = [20, 60, 100, 140, 180];
    expect(beatsUntilLastOnset(beats, evidence, 0.5, 5)).toEqual([20, 60, 100, 140]);
    // a tolerance that reaches past the next beat keeps it
    expect(beatsUntilLastOnset(beats, evidence, 0.5, 40)).toEqual(beats);
    // a fraction low enough counts the ring as an onset: the beat 10 frames after it stays
    expect(beatsUntilLastOnset(beats, evidence, 0.1, 10)).toEqual(beats);
    expect(beatsUntilLastOnset(beats, evidence, 0, 5)).toEqual(beats);
  });

  it('stops the offline tracker at the last click of a click track followed by noise', () => {
    const sampleRate = 22050;
    const hits: DrumHit[] = [];
    for (let k = 0; k < 20; k++) hits.push({ time: 0.25 + 0.5 * k, drum: k % 4 === 0 ? 'kick' : 'hihat', velocity: 1 });
    const lastClick = hits[hits.length - 1]!.time;
    const audio = renderDrums(hits, { sampleRate, durationSeconds: 16 });
    // six seconds after the last click hold only faint white noise (60 dB below the clicks' peak)
    const rng = createRandom(7);
    let peak = 0;
    for (const v of audio) peak = Math.max(peak, Math.abs(v));
    for (let i = 0; i < audio.length; i++) audio[i] = audio[i]! + 0.001 * peak * (2 * rng.next() - 1);
    const input = { sampleRate, channels: [audio] };
    const ended = trackBeats(input).beats;
    expect(Math.max(...ended)).toBeLessThan(lastClick + 0.1);
    expect(ended.filter((t) => Math.abs(t - lastClick) < 0.07)).toHaveLength(1);
    // without the test the decoder goes on beating through the noise
    const unended = trackBeats(input, { endOnsetFraction: 0 }).beats;
    expect(unended.filter((t) => t > lastClick + 0.1).length).toBeGreaterThan(5);
  });
});
