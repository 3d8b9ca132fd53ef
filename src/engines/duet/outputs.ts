/**
 * What a duet run becomes: a multi-track Standard MIDI File (the melody on its own track and channel, the drums on
 * General MIDI's percussion channel 10), a stereo WAV mix (the modal piano plays the melody, the synthesised kit the
 * drums), and the trajectories as CSV text. Pure functions of a {@link DuetRun}; the caller writes the bytes.
 */
import type { AudioBuffers } from '../../formats/wav.js';
import { writeMidi } from '../../formats/midi.js';
import { renderDrums, type DrumHit, type DrumName } from '../../synth/drums.js';
import { renderScore } from '../../synth/render.js';
import type { DuetRun, DuetTrajectory } from './compose.js';
import { TRAJECTORY_COLUMNS } from './compose.js';
import { DUET_VOICES } from './engine.js';
import { GM_DRUM_KEYS } from './params.js';

const DRUM_BY_KEY = new Map<number, DrumName>(Object.entries(GM_DRUM_KEYS).map(([name, key]) => [key, name as DrumName]));

/**
 * The duet as a format-1 MIDI file: track 1 the melody (channel 1), track 2 the drums (channel 10), tempo map from
 * the drummer's beats.
 * @example
 * const bytes = duetMidi(composeDuet({ seconds: 2 }));
 * readMidi(bytes).notes.some((n) => n.channel === 9); // → true — the drums on channel 10
 */
export function duetMidi(run: DuetRun): Uint8Array {
  return writeMidi(run.score);
}

/** The drum strokes of a duet's score, for the drum synthesiser. */
export function duetDrumHits(run: DuetRun): DrumHit[] {
  const hits: DrumHit[] = [];
  for (const n of run.score.notes) {
    if (n.voice !== DUET_VOICES.drums) continue;
    const drum = DRUM_BY_KEY.get(n.pitch);
    if (drum) hits.push({ time: n.onset, drum, velocity: n.velocity });
  }
  return hits;
}

/** Options of {@link duetAudio}. */
export interface DuetAudioOptions {
  /** Samples per second (default 44,100). */
  sampleRate?: number;
  /** Level of the drums against the piano, as a ratio of RMS (default 0.8). */
  drumsToMelody?: number;
  /** Seed of the drum kit's noise (default 0). */
  seed?: number;
}

/**
 * The duet mixed to stereo: the melody on the modal piano, the drums (centred) from the synthesised kit at
 * `drumsToMelody` of the piano's RMS, the mix scaled so its peak is −1 dBFS; `run.seconds` long plus the last
 * notes' ring.
 * @example
 * const audio = duetAudio(composeDuet({ seconds: 1 }), { sampleRate: 8000 });
 * audio.channels.length; // → 2
 */
export function duetAudio(run: DuetRun, options: DuetAudioOptions = {}): AudioBuffers {
  const sampleRate = options.sampleRate ?? 44100;
  const melody = run.score.notes.filter((n) => n.voice === DUET_VOICES.melody);
  const piano = renderScore({ notes: melody }, { sampleRate, channels: 2, normalizeDbfs: null });
  const length = Math.max(piano.channels[0]!.length, Math.ceil((run.seconds + 0.6) * sampleRate));
  const drums = renderDrums(duetDrumHits(run), { sampleRate, durationSeconds: length / sampleRate, seed: options.seed ?? 0 });
  const rms = (x: Float32Array): number => {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i]! * x[i]!;
    return Math.sqrt(s / Math.max(1, x.length));
  };
  const pianoRms = Math.max(rms(piano.channels[0]!), rms(piano.channels[1]!));
  const drumRms = rms(drums);
  const gain = pianoRms > 0 && drumRms > 0 ? ((options.drumsToMelody ?? 0.8) * pianoRms) / drumRms : 1;
  const channels = [0, 1].map((c) => {
    const out = new Float32Array(length);
    const p = piano.channels[c]!;
    for (let i = 0; i < length; i++) out[i] = (i < p.length ? p[i]! : 0) + gain * drums[i]!;
    return out;
  });
  let peak = 0;
  for (const c of channels) for (let i = 0; i < length; i++) peak = Math.max(peak, Math.abs(c[i]!));
  const ceiling = 10 ** (-1 / 20);
  if (peak > 0) for (const c of channels) for (let i = 0; i < length; i++) c[i] = (c[i]! * ceiling) / peak;
  return { sampleRate, channels };
}

/**
 * The trajectories as CSV text: a header, then one row per recorded frame (time, the controls, the input envelope,
 * the drummer's phase, tempo, learned frequency and amplitude, the listener's strongest frequency and PLV, the
 * Lorenz x, y, z). Numbers with up to 6 significant digits; a listener that hears nothing has an empty strongest
 * frequency.
 * @example
 * duetCsv(composeDuet({ seconds: 1 }).trajectory).split('\n')[0]; // → 'time,lambda2,rho,tempoScale,density,inputEnvelope,drummerPhase,drummerHz,drummerLearnedHz,drummerAmplitude,listenerStrongestHz,listenerPlv,lorenzX,lorenzY,lorenzZ'
 */
export function duetCsv(trajectory: DuetTrajectory): string {
  const lines = [TRAJECTORY_COLUMNS.join(',')];
  const cell = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(6))) : '');
  for (let f = 0; f < trajectory.time.length; f++) lines.push(TRAJECTORY_COLUMNS.map((c) => cell(trajectory[c][f]!)).join(','));
  return `${lines.join('\n')}\n`;
}
