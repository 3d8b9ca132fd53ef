import { describe, expect, it } from 'vitest';
import { LiveDrums, LIVE_DRUM_GAIN, kitDrum, withDrumStrokes, PACKED_HIT_FIELDS } from './live-drums.js';
import { renderDrums } from 'neuromusic/synth';

const RATE = 8000;

/** Renders the kit in quanta of `quantum` frames (the worklet's are 128) into a stereo buffer of `frames`. */
function renderLive(drums: LiveDrums, frames: number, quantum: number): Float32Array[] {
  const out = [new Float32Array(frames), new Float32Array(frames)];
  for (let f = 0; f < frames; f += quantum) {
    const n = Math.min(quantum, frames - f);
    drums.render([out[0]!.subarray(f, f + n), out[1]!.subarray(f, f + n)], f, n);
  }
  return out;
}

describe('the live drum kit (the worklet’s drum voice)', () => {
  it('starts each stroke at its exact frame, whatever the quantum: the core kit’s render, sample for sample', () => {
    const hits = [
      [100, 36, 1],
      [1037, 42, 0.5],
      [1037, 38, 0.8],
      [2501, 46, 0.6],
      [2600, 36, 0.3],
    ];
    // The independent reference: the core's renderDrums at the same times and velocities.
    const reference = renderDrums(
      [{ time: 100 / RATE, drum: 'kick', velocity: 1 }, { time: 1037 / RATE, drum: 'hihat', velocity: 0.5 }, { time: 1037 / RATE, drum: 'snare', velocity: 0.8 },
        { time: 2501 / RATE, drum: 'openhat', velocity: 0.6 }, { time: 2600 / RATE, drum: 'kick', velocity: 0.3 }],
      { sampleRate: RATE, durationSeconds: 1 },
    );
    for (const quantum of [128, 37, 1000]) {
      const drums = new LiveDrums({ sampleRate: RATE });
      // Two messages, the second's first stroke earlier than the first's last: the queue keeps frame order.
      drums.scheduleHits(Float64Array.from([...hits[0]!, ...hits[1]!, ...hits[3]!]));
      drums.scheduleHits(Float64Array.from([...hits[2]!, ...hits[4]!]));
      const [left, right] = renderLive(drums, RATE, quantum);
      for (let i = 0; i < RATE; i++) {
        expect(left![i]).toBeCloseTo(LIVE_DRUM_GAIN * reference[i]!, 6);
        expect(right![i]).toBe(left![i]);
      }
      expect(drums.late).toBe(0);
    }
  });

  it('stops: strokes queued from the stop frame on never sound, and a sounding one is cut there', () => {
    const drums = new LiveDrums({ sampleRate: RATE });
    drums.scheduleHits(Float64Array.from([0, 36, 1, 3000, 38, 1]));
    const out = [new Float32Array(4000), new Float32Array(4000)];
    drums.render([out[0]!.subarray(0, 128), out[1]!.subarray(0, 128)], 0, 128);
    drums.stop(1000);
    for (let f = 128; f < 4000; f += 128) {
      const n = Math.min(128, 4000 - f);
      drums.render([out[0]!.subarray(f, f + n), out[1]!.subarray(f, f + n)], f, n);
    }
    expect(Math.abs(out[0]![500]!)).toBeGreaterThan(0);
    expect(out[0]!.subarray(1000).every((x) => x === 0)).toBe(true);
    expect(drums.pending).toBe(0);
  });

  it('plays only General MIDI channel 10’s kit keys, and mixes strokes into a render at the live level', () => {
    expect(kitDrum({ pitch: 38, channel: 9 })).toBe('snare');
    expect(kitDrum({ pitch: 49, channel: 9 })).toBeUndefined(); // a crash cymbal: not in the kit
    expect(kitDrum({ pitch: 38 })).toBeUndefined();
    expect(PACKED_HIT_FIELDS).toBe(3);
    const piano = [new Float32Array(RATE / 2), new Float32Array(RATE / 2)];
    const mixed = withDrumStrokes(piano, [{ onset: 0.4, duration: 0.1, pitch: 36, velocity: 1, voice: 1, channel: 9 }], RATE);
    // Longer than the piano's render: the kick rings 0.5 s from 0.4 s; normalised to −1 dBFS.
    expect(mixed[0]!.length).toBe(0.9 * RATE);
    const peak = Math.max(...mixed[0]!.map(Math.abs));
    expect(peak).toBeCloseTo(10 ** (-1 / 20), 6);
  });
});
