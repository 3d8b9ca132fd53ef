/** `neuromusic info [piece]`: what a piece holds. */
import { jsonTarget } from './common-options.js';
import { loadScore } from '../node/load-score.js';
import { scoreStats } from '../score/ops.js';
import { pitchName } from '../score/pitch.js';
import { clock, emitJson, say } from './output.js';
import { decodeWav } from '../formats/wav.js';
import { readInputFile } from '../node/files.js';
import { audioLevels } from '../synth/levels.js';

/** Runs `neuromusic info`. */
export function runInfo(piece: string | undefined, opts: { json?: string | boolean }): void {
  if (piece?.toLowerCase().endsWith('.wav')) {
    wavInfo(piece, opts);
    return;
  }
  const score = loadScore(piece);
  const stats = scoreStats(score);
  const voiceCounts = new Map<number, number>();
  for (const n of score.notes) voiceCounts.set(n.voice, (voiceCounts.get(n.voice) ?? 0) + 1);
  const voices = [...voiceCounts.entries()].sort((a, b) => a[0] - b[0]).map(([v, count]) => ({
    voice: v,
    name: score.meta.voiceNames?.[v] ?? `voice ${v + 1}`,
    notes: count,
  }));
  const info = {
    source: score.meta.source ?? piece ?? 'built-in',
    title: score.meta.title ?? null,
    composer: score.meta.composer ?? null,
    key: score.meta.key ?? null,
    ...stats,
    voices,
    tempos: score.tempos,
    timeSignatures: score.timeSignatures,
  };
  if (opts.json !== undefined) emitJson(opts.json, info);
  if (jsonTarget(opts.json) === 'stdout') return;
  const range = stats.pitchMin === null ? '—' : `${pitchName(stats.pitchMin)}–${pitchName(stats.pitchMax!)} (MIDI ${stats.pitchMin}–${stats.pitchMax})`;
  const tempo = score.tempos.length === 1
    ? `${score.tempos[0]!.bpm.toFixed(1)} bpm`
    : `${score.tempos.length} changes, ${Math.min(...score.tempos.map((t) => t.bpm)).toFixed(1)}–${Math.max(...score.tempos.map((t) => t.bpm)).toFixed(1)} bpm`;
  say(
    `${info.title ?? info.source}${info.composer ? ` — ${info.composer}` : ''}`,
    `  source          ${info.source}`,
    `  notes           ${stats.notes} in ${voices.length} voice${voices.length === 1 ? '' : 's'} (${voices.map((v) => `${v.name}: ${v.notes}`).join(', ')})`,
    `  duration        ${stats.durationSeconds.toFixed(2)} s (${clock(stats.durationSeconds)})`,
    `  pitch range     ${range}, ${stats.uniquePitches} distinct pitches`,
    `  rate            ${stats.notesPerSecond.toFixed(2)} notes/s`,
    `  polyphony       mean ${stats.meanPolyphony.toFixed(2)}, max ${stats.maxPolyphony}`,
    `  roll density    ${(100 * stats.rollDensity).toFixed(1)} % (20 ms frames × distinct pitches)`,
    `  tempo           ${tempo}`,
    `  time signature  ${score.timeSignatures.map((t) => `${t.numerator}/${t.denominator}`).join(', ')}`,
    ...(info.key ? [`  key             ${info.key}`] : []),
  );
}

function wavInfo(path: string, opts: { json?: string | boolean }): void {
  const wav = decodeWav(readInputFile(path), path);
  const frames = wav.channels[0]?.length ?? 0;
  const levels = wav.channels.map(audioLevels);
  const info = {
    source: path,
    sampleRate: wav.sampleRate,
    channels: wav.channels.length,
    frames,
    durationSeconds: frames / wav.sampleRate,
    bitDepth: wav.bitDepth,
    sampleFormat: wav.sampleFormat,
    levels,
  };
  if (opts.json !== undefined) emitJson(opts.json, info);
  if (jsonTarget(opts.json) === 'stdout') return;
  const db = (x: number): string => (x > 0 ? `${(20 * Math.log10(x)).toFixed(1)} dBFS` : 'silent');
  say(
    path,
    `  audio           ${info.channels} ch, ${info.sampleRate} Hz, ${info.bitDepth}-bit ${info.sampleFormat}`,
    `  duration        ${info.durationSeconds.toFixed(3)} s (${frames} frames)`,
    ...levels.map((l, c) => `  channel ${String(c + 1).padEnd(8)}peak ${db(l.peak)}, RMS ${db(l.rms)}`),
  );
}
