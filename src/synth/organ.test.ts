import { describe, expect, it } from 'vitest';
import { DRAWBAR_RATIOS, drawbarGain, foldback, parseOrganSettings, parseRegistration, renderOrgan, type OrganSettings } from './organ.js';
import { parseInstrument } from './instrument.js';

/** Magnitude of the DFT of x at `hz` (Goertzel), normalised by length. */
function magnitudeAt(x: Float32Array, hz: number, sr: number, from = 0, to = x.length): number {
  const w = (2 * Math.PI * hz) / sr;
  let re = 0;
  let im = 0;
  for (let i = from; i < to; i++) {
    const win = 0.5 - 0.5 * Math.cos((2 * Math.PI * (i - from)) / (to - from));
    re += x[i]! * win * Math.cos(w * i);
    im -= x[i]! * win * Math.sin(w * i);
  }
  return Math.hypot(re, im) / (to - from);
}

const dry = (registration: string, options = 'noperc,noclick,novib'): OrganSettings => parseOrganSettings(`${registration}:${options}`);
const note = (pitch: number, duration = 0.5) => ({ notes: [{ onset: 0, duration, pitch, velocity: 1, voice: 0 }] });
const sr = 22050;

describe('the additive organ', () => {
  it('parses registrations and options, refusing bad ones with the accepted forms', () => {
    expect(parseRegistration('88 8000 000')).toEqual([8, 8, 8, 0, 0, 0, 0, 0, 0]);
    expect(() => parseRegistration('889000000')).toThrow(/nine drawbar digits/);
    expect(() => parseRegistration('8880')).toThrow(/nine drawbar digits/);
    const s = parseOrganSettings('008000000:perc2,slow,soft,v1,click=0.2');
    expect(s).toMatchObject({ percussion: 'second', percussionDecay: 'slow', percussionSoft: true, vibrato: 'v1', keyClick: 0.2 });
    expect(() => parseOrganSettings('888000000:wah')).toThrow(/not an organ option/);
    expect(parseInstrument('organ:888000000').kind).toBe('organ');
    expect(parseInstrument('sf2:/x/y.sf2:19')).toEqual({ kind: 'sf2', file: '/x/y.sf2', program: 19 });
    expect(parseInstrument('sf2')).toEqual({ kind: 'sf2' });
    expect(() => parseInstrument('sf2:a.sf2:200')).toThrow(/0–127/);
    expect(() => parseInstrument('harp')).toThrow(/not an instrument/);
  });

  it('has 3 dB per drawbar step and folds partials back into the tone-wheel range', () => {
    expect(20 * Math.log10(drawbarGain(5))).toBeCloseTo(-9, 10);
    expect(drawbarGain(0)).toBe(0);
    expect(foldback(20)).toBeCloseTo(40, 10);
    expect(foldback(8000)).toBeCloseTo(4000, 10);
  });

  it('sounds each drawbar at its footage: A4 with 8′ only is 440 Hz, with 16′ only 220 Hz, with 2⅔′ only 1320 Hz', () => {
    for (const [registration, hz] of [['008000000', 440], ['800000000', 220], ['000020000', 1320], ['000000008', 3520]] as const) {
      const x = renderOrgan(note(69), { sampleRate: sr, channels: 1, settings: dry(registration) }).channels[0]!;
      const at = magnitudeAt(x, hz, sr, 2000, 10000);
      for (const other of DRAWBAR_RATIOS.map((r) => 440 * r).filter((f) => Math.abs(f - hz) > 1)) expect(magnitudeAt(x, other, sr, 2000, 10000)).toBeLessThan(at / 100);
    }
  });

  it('levels the drawbars 3 dB per step: 888 against 868 lowers the 5⅓′ partial (3 × A2 = 330 Hz) by 6 dB', () => {
    const a = renderOrgan(note(57), { sampleRate: sr, channels: 1, settings: dry('888000000'), normalizeDbfs: null }).channels[0]!;
    const b = renderOrgan(note(57), { sampleRate: sr, channels: 1, settings: dry('868000000'), normalizeDbfs: null }).channels[0]!;
    const ratio = magnitudeAt(b, 330, sr, 2000, 10000) / magnitudeAt(a, 330, sr, 2000, 10000);
    expect(20 * Math.log10(ratio)).toBeCloseTo(-6, 1);
  });

  it('percussion adds a decaying third harmonic, only on a key struck when no other is held', () => {
    const s = parseOrganSettings('008000000:perc3,fast,noclick,novib');
    const x = renderOrgan(note(69, 1), { sampleRate: sr, channels: 1, settings: s, normalizeDbfs: null }).channels[0]!;
    const early = magnitudeAt(x, 1320, sr, 0, 2048);
    const late = magnitudeAt(x, 1320, sr, 16000, 18048);
    expect(early).toBeGreaterThan(20 * late);
    const legato = {
      notes: [
        { onset: 0, duration: 1, pitch: 57, velocity: 1, voice: 0 },
        { onset: 0.5, duration: 0.5, pitch: 69, velocity: 1, voice: 0 },
      ],
    };
    const y = renderOrgan(legato, { sampleRate: sr, channels: 1, settings: s, normalizeDbfs: null }).channels[0]!;
    // The second key, struck while the first is held, brings no percussion: no 1320 Hz burst at 0.5 s.
    expect(magnitudeAt(y, 1320, sr, 11025, 13073)).toBeLessThan(early / 20);
  });

  it('glides a slide note from its slideFrom pitch', () => {
    const x = renderOrgan({ notes: [{ onset: 0, duration: 0.9, pitch: 72, velocity: 1, voice: 0, slideFrom: 60 }] }, { sampleRate: sr, channels: 1, settings: dry('008000000') }).channels[0]!;
    expect(magnitudeAt(x, 261.63, sr, 0, 600)).toBeGreaterThan(magnitudeAt(x, 523.25, sr, 0, 600));
    expect(magnitudeAt(x, 523.25, sr, 8000, 16000)).toBeGreaterThan(50 * magnitudeAt(x, 261.63, sr, 8000, 16000));
  });

  it('renders the same samples every time and normalises to −1 dBFS', () => {
    const a = renderOrgan(note(60), { sampleRate: sr });
    const b = renderOrgan(note(60), { sampleRate: sr });
    expect(a.channels[0]).toEqual(b.channels[0]);
    let peak = 0;
    for (const v of a.channels[0]!) peak = Math.max(peak, Math.abs(v));
    expect(20 * Math.log10(peak)).toBeCloseTo(-1, 3);
  });
});
