import { describe, expect, it } from 'vitest';
import { renderDrums, type DrumHit } from '../../synth/drums.js';
import { beatFMeasure } from './evaluate.js';
import { hmmSlidingWindow, nextBeat } from './beat-hmm.js';
import { keepMetricalLevel, trackBeats } from './tracker.js';

/** A click track (hi-hat strokes) at a tempo, with louder downbeats every `meter` beats. */
function clickTrack(bpm: number, seconds: number, sampleRate: number, meter = 4) {
  const hits: DrumHit[] = [];
  const beats: number[] = [];
  for (let k = 0, t = 0.25; t < seconds - 0.5; k++, t = 0.25 + (k * 60) / bpm) {
    hits.push({ time: t, drum: k % meter === 0 ? 'kick' : 'hihat', velocity: 1 });
    beats.push(t);
  }
  return { audio: { sampleRate, channels: [renderDrums(hits, { sampleRate, durationSeconds: seconds })] }, beats };
}

describe('GrFNN beat tracking', () => {
  it('finds the tempo of synthetic click tracks within 1 %, and their beats', () => {
    // At 137 bpm the kick marks every third click: a kick on every fourth click of a pulse that fast reads as well as
    // a bass on every other beat of eighths, and the metrical-level test (the bass's parity) takes it for one.
    for (const [bpm, sr, meter] of [[100, 44100, 4], [137, 22050, 3], [72, 48000, 4]] as const) {
      const { audio, beats } = clickTrack(bpm, 30, sr, meter);
      const track = trackBeats(audio);
      expect(Math.abs(track.tempoBpm / bpm - 1)).toBeLessThan(0.01);
      expect(beatFMeasure(beats, track.beats).fMeasure).toBeGreaterThan(0.95);
    }
  });

  it('follows stereo input the same as its mono mix', () => {
    const { audio } = clickTrack(120, 20, 44100);
    const mono = trackBeats(audio);
    const stereo = trackBeats({ sampleRate: 44100, channels: [audio.channels[0]!, audio.channels[0]!] });
    expect(stereo.beats).toEqual(mono.beats);
  });

  it('returns no beats for silence rather than inventing them', () => {
    const track = trackBeats({ sampleRate: 44100, channels: [new Float32Array(44100 * 10)] });
    expect(track.beats.length).toBe(0);
    expect(track.tempoBpm).toBeNaN();
    // a recording too short for a beat still returns (one or no beat, no tempo)
    const short = trackBeats({ sampleRate: 22050, channels: [Float32Array.from({ length: 2205 }, (_, i) => Math.sin(i / 5))] });
    expect(short.beats.length).toBeLessThan(2);
    expect(short.tempoBpm).toBeNaN();
  });

  it('online: finds click tracks causally, and a beat never depends on the audio after it', () => {
    const { audio, beats } = clickTrack(110, 30, 22050);
    const track = trackBeats(audio, { online: true });
    expect(track.online).toBe(true);
    expect(track.latencySeconds).toBe(0);
    expect(Math.abs(track.tempoBpm / 110 - 1)).toBeLessThan(0.02);
    expect(beatFMeasure(beats, track.beats).fMeasure).toBeGreaterThan(0.9);
    // the same recording cut at 17 s: every beat decided before the cut is the same
    const cut = 17;
    const head = trackBeats({ sampleRate: 22050, channels: [audio.channels[0]!.subarray(0, cut * 22050)] }, { online: true });
    const before = (b: number[]): number[] => b.filter((t) => t < cut - 0.1);
    expect(before(head.beats)).toEqual(before(track.beats));
    expect(before(head.beats).length).toBeGreaterThan(20);
    // offline uses the whole recording
    expect(trackBeats(audio).latencySeconds).toBe(Infinity);
  });

  it('online with a stated latency: the beats the sliding window decoded that long ago, none decided later', () => {
    const { audio, beats } = clickTrack(110, 30, 22050);
    const track = trackBeats(audio, { online: true, onlineLatencySeconds: 0.3, onlineHopSeconds: 0.2 });
    expect(track.latencySeconds).toBeCloseTo(0.5, 9);
    expect(beatFMeasure(beats, track.beats).fMeasure).toBeGreaterThan(0.95);
    // cut at 17 s: the beats more than the latency before the cut are the same
    const head = trackBeats({ sampleRate: 22050, channels: [audio.channels[0]!.subarray(0, 17 * 22050)] }, { online: true, onlineLatencySeconds: 0.3, onlineHopSeconds: 0.2 });
    const before = (b: number[]): number[] => b.filter((t) => t < 17 - 0.6);
    expect(before(head.beats)).toEqual(before(track.beats));
  });

  it('online: no beats in silence', () => {
    const track = trackBeats({ sampleRate: 22050, channels: [new Float32Array(22050 * 8)] }, { online: true });
    expect(track.beats.length).toBe(0);
  });

  it('the HMM follows a tempo that glides from 90 to 125 bpm (rubato as a walk of the period); the DP decoder is still there', () => {
    const sampleRate = 22050;
    const seconds = 40;
    const hits: DrumHit[] = [];
    const beats: number[] = [];
    for (let t = 0.3, k = 0; t < seconds - 0.5; k++) {
      hits.push({ time: t, drum: k % 4 === 0 ? 'kick' : 'hihat', velocity: 1 });
      beats.push(t);
      t += 60 / (90 + (35 * t) / seconds);
    }
    const audio = { sampleRate, channels: [renderDrums(hits, { sampleRate, durationSeconds: seconds })] };
    expect(beatFMeasure(beats, trackBeats(audio).beats).fMeasure).toBeGreaterThan(0.95);
    expect(beatFMeasure(beats, trackBeats(audio, { decoder: 'dp' }).beats).fMeasure).toBeGreaterThan(0.8);
  });
});

describe('metrical level of a decoded pulse', () => {
  const fps = 100;
  // a pulse at 133 bpm (45 frames); onsets at every pulse, the even ones twice as strong
  const frames = Array.from({ length: 40 }, (_, k) => 10 + 45 * k);
  const onset = new Float64Array(2000);
  frames.forEach((f, k) => (onset[f] = k % 2 === 0 ? 2 : 1));
  it('keeps the stronger alternate beats of a fast pulse whose alternate beats differ', () => {
    expect(keepMetricalLevel(frames, onset, fps, 110, 1.3)).toEqual(frames.filter((_, k) => k % 2 === 0));
  });
  it('reads the parity from the bass where the upper voices fill every pulse alike', () => {
    // every pulse has the same onset in all bands; a bass note on every other pulse, the odd ones
    const all = new Float64Array(2000);
    const bass = new Float64Array(2000);
    frames.forEach((f, k) => {
      all[f] = 1;
      if (k % 2 === 1) bass[f] = 1;
    });
    expect(keepMetricalLevel(frames, all, fps, 110, 1.3)).toEqual(frames);
    expect(keepMetricalLevel(frames, all, fps, 110, 1.3, bass)).toEqual(frames.filter((_, k) => k % 2 === 1));
  });
  it('keeps every beat when the alternate beats are alike, or the pulse is slow enough already', () => {
    const even = new Float64Array(2000);
    // a 3/4 accent (every third beat strong) leaves the two parities alike
    frames.forEach((f, k) => (even[f] = k % 3 === 0 ? 2 : 1));
    expect(keepMetricalLevel(frames, even, fps, 110, 1.3)).toEqual(frames);
    expect(keepMetricalLevel(frames, onset, fps, 140, 1.3)).toEqual(frames);
  });
});

describe('online beat prediction', () => {
  it('carries a linearly bending period one beat on (a parabola through the beats)', () => {
    // intervals 101, 103, 105, 107, 109: the next is 111, so the beat after 525 is 636
    expect(nextBeat([0, 101, 204, 309, 416, 525])).toBeCloseTo(636, 9);
    // a steady pulse goes on steadily
    expect(nextBeat([0, 50, 100, 150, 200, 250, 300])).toBeCloseTo(350, 9);
  });
  it('decodes a steady pulse over a sliding window and predicts its beats ahead of them', () => {
    const score = Float64Array.from({ length: 1500 }, (_, f) => (f % 50 === 10 ? 5 : -0.1));
    const p = { minPeriod: 25, maxPeriod: 100, tempoChange: 30, maxChange: 0.15, salienceWeight: 0 };
    const beats = hmmSlidingWindow(score, () => 0, 100, p, { windowFrames: 800, hopFrames: 50, leadFrames: 2, level: (b) => b });
    // from the third decoding on, every onset frame 10 + 50k is predicted
    expect(beats.filter((b) => b >= 200)).toEqual(Array.from({ length: 26 }, (_, k) => 210 + 50 * k));
  });
});
