import { describe, expect, it } from 'vitest';
import { readMidi } from '../../formats/midi.js';
import { composeDuet } from './compose.js';
import { DUET_VOICES } from './engine.js';
import { duetAudio, duetCsv, duetDrumHits, duetMidi } from './outputs.js';
import { duetReportHtml } from './report.js';

describe('duet outputs', () => {
  const run = composeDuet({ seconds: 4, seed: 2 });

  it('writes a MIDI file with the melody on channel 1 and the drums on channel 10', () => {
    const back = readMidi(duetMidi(run));
    const drums = back.notes.filter((n) => n.channel === 9);
    const tune = back.notes.filter((n) => n.channel === 0);
    expect(drums.length).toBe(run.score.notes.filter((n) => n.voice === DUET_VOICES.drums).length);
    expect(tune.length).toBe(run.score.notes.filter((n) => n.voice === DUET_VOICES.melody).length);
    expect(drums.length + tune.length).toBe(back.notes.length);
    // The tempo map follows the beats, so each beat lands on a quarter note: onsets come back to a tick (< 2 ms).
    const kicks = drums.filter((n) => n.pitch === 36).map((n) => n.onset);
    const sent = run.score.notes.filter((n) => n.pitch === 36 && n.voice === DUET_VOICES.drums).map((n) => n.onset);
    kicks.forEach((t, i) => expect(Math.abs(t - sent[i]!)).toBeLessThan(2e-3));
  });

  it('maps the drum strokes onto the kit and mixes a stereo buffer peaking at −1 dBFS', () => {
    expect(duetDrumHits(run).map((h) => h.drum)).toContain('snare');
    const audio = duetAudio(run, { sampleRate: 8000 });
    expect(audio.channels).toHaveLength(2);
    expect(audio.channels[0]!.length).toBeGreaterThanOrEqual(4 * 8000);
    let peak = 0;
    for (const c of audio.channels) for (const v of c) peak = Math.max(peak, Math.abs(v));
    expect(peak).toBeCloseTo(10 ** (-1 / 20), 5);
  });

  it('writes one CSV row per recorded frame, header first', () => {
    const lines = duetCsv(run.trajectory).trimEnd().split('\n');
    expect(lines).toHaveLength(run.trajectory.time.length + 1);
    const header = lines[0]!.split(',');
    const last = lines.at(-1)!.split(',');
    expect(Number(last[header.indexOf('time')])).toBe(4);
    expect(Number(last[header.indexOf('rho')])).toBe(28);
  });

  it('builds the dashboard with its four panels', async () => {
    const html = await duetReportHtml(run, { audio: duetAudio(run, { sampleRate: 8000 }), biomarkers: [{ name: 'alpha power', time: [0, 2, 4], values: [1, 2, 1] }] });
    for (const heading of ['Input and controls', 'Oscillator dynamics', 'Notes', 'Waveform']) expect(html).toContain(heading);
    expect(html).toContain('data:image/png;base64,');
  });
});
