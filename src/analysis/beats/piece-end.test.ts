import { describe, expect, it } from 'vitest';
import { createRandom } from '../../math/random.js';
import { renderDrums, type DrumHit } from '../../synth/drums.js';
import { beatEvidenceMedian, beatsUntilLastOnset, musicStillPlaying } from './piece-end.js';
import { trackBeats } from './tracker.js';

/** A click track at 120 bpm (a kick every fourth click), then faint white noise 60 dB below its peak to the end. */
function clicksThenNoise(clicks: number, seconds: number, seed: number): { input: { sampleRate: number; channels: Float32Array[] }; lastClick: number } {
  const sampleRate = 22050;
  const hits: DrumHit[] = [];
  for (let k = 0; k < clicks; k++) hits.push({ time: 0.25 + 0.5 * k, drum: k % 4 === 0 ? 'kick' : 'hihat', velocity: 1 });
  const audio = renderDrums(hits, { sampleRate, durationSeconds: seconds });
  const rng = createRandom(seed);
  let peak = 0;
  for (const v of audio) peak = Math.max(peak, Math.abs(v));
  for (let i = 0; i < audio.length; i++) audio[i] = audio[i]! + 0.001 * peak * (2 * rng.next() - 1);
  return { input: { sampleRate, channels: [audio] }, lastClick: hits[hits.length - 1]!.time };
}

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
    // six seconds after the last click hold only faint white noise (60 dB below the clicks' peak)
    const { input, lastClick } = clicksThenNoise(20, 16, 7);
    const ended = trackBeats(input).beats;
    expect(Math.max(...ended)).toBeLessThan(lastClick + 0.1);
    expect(ended.filter((t) => Math.abs(t - lastClick) < 0.07)).toHaveLength(1);
    // without the test the decoder goes on beating through the noise
    const unended = trackBeats(input, { endOnsetFraction: 0 }).beats;
    expect(unended.filter((t) => t > lastClick + 0.1).length).toBeGreaterThan(5);
  });

  it('online: reads no evidence after the decision frame, and judges a heard beat by the onsets around it', () => {
    const evidence = new Float64Array(300);
    for (let f = 10; f <= 190; f += 20) evidence[f] = 1;
    const playing = musicStillPlaying(evidence, 0.5);
    const emitted = [130, 150, 170, 190];
    // predicted at 230 (40 frames of silence: two periods) but not at 231
    expect(playing(240, 230, 20, emitted)).toBe(true);
    expect(playing(241, 231, 20, emitted)).toBe(false);
    // an onset after the decision frame does not count: the future is not read
    evidence[235] = 1;
    expect(playing(241, 231, 20, emitted)).toBe(false);
    expect(playing(241, 235, 20, emitted)).toBe(true);
    evidence[235] = 0;
    // heard with a latency: a beat within 0.3 period after the last onset stays, one later goes
    expect(playing(195, 230, 20, emitted)).toBe(true);
    expect(playing(210, 250, 20, emitted)).toBe(false);
    // before any beat has been heard there is no level to judge by; a fraction of 0 keeps everything
    expect(playing(500, 299, 20, [])).toBe(true);
    expect(musicStillPlaying(evidence, 0)(260, 299, 20, emitted)).toBe(true);
  });

  it('stops the online tracker, predicted and with a latency, within a few beats of the last click', () => {
    const { input, lastClick } = clicksThenNoise(24, 20, 8);
    for (const onlineLatencySeconds of [0, 1]) {
      const beats = trackBeats(input, { online: true, onlineLatencySeconds }).beats;
      const after = beats.filter((t) => t > lastClick + 0.1).length;
      expect(after, `latency ${onlineLatencySeconds} s`).toBeLessThanOrEqual(onlineLatencySeconds > 0 ? 0 : 2);
      expect(beats.filter((t) => t > lastClick - 4 && t < lastClick + 0.1).length, `latency ${onlineLatencySeconds} s`).toBeGreaterThanOrEqual(7);
      const unended = trackBeats(input, { online: true, onlineLatencySeconds, onlineEndOnsetFraction: 0 }).beats;
      expect(unended.filter((t) => t > lastClick + 0.1).length).toBeGreaterThan(5);
    }
  });
});
