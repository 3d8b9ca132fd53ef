/** `neuromusic beats song.wav`: tempo and beat times of a recording, by neural resonance. */
import type { BeatsCliOptions, TempoCliOptions } from './command-options.js';
import { basename } from 'node:path';
import { trackBeats, type BeatTrackerOptions } from '../analysis/beats/tracker.js';
import { mixToMono } from '../analysis/beats/onset-strength.js';
import { reportHtml } from '../report/html.js';
import { OutputSet } from '../node/output-set.js';
import { packageInfo } from '../node/package-info.js';
import { UsageError } from './errors.js';
import { createProgress } from './progress.js';
import { emitJson, say } from './output.js';
import { jsonTarget } from './common-options.js';
import { readWavFile } from './audio-input.js';

/** The tracker options a command's flags ask for (shared with `groove`). */
export function trackerOptions(opts: TempoCliOptions): BeatTrackerOptions {
  if (opts.minBpm >= opts.maxBpm) throw new UsageError(`--min-bpm (${opts.minBpm}) must be below --max-bpm (${opts.maxBpm})`);
  return { minBpm: opts.minBpm, maxBpm: opts.maxBpm, preferredBpm: opts.preferredBpm };
}

/** Runs `neuromusic beats`. */
export async function runBeats(song: string, opts: BeatsCliOptions): Promise<void> {
  const options = trackerOptions(opts);
  if ((opts.latency ?? 0) > 0 && !opts.online) throw new UsageError('--latency applies to the online tracker: add --online');
  const outputs = new OutputSet().declare(opts.csv, opts.report, typeof opts.json === 'string' && opts.json !== '-' && opts.json);
  const t0 = performance.now();
  const audio = readWavFile(song);
  const bar = createProgress('tracking beats', opts.quiet || jsonTarget(opts.json) === 'stdout');
  let track;
  try {
    track = trackBeats(audio, { ...options, online: opts.online ?? false, onlineLatencySeconds: opts.latency ?? 0, onProgress: bar.update });
  } finally {
    bar.stop();
  }
  const seconds = (performance.now() - t0) / 1000;
  const duration = track.durationSeconds;
  if (opts.csv) outputs.file(opts.csv, `beat,time_s\n${track.beats.map((t, i) => `${i + 1},${t.toFixed(4)}`).join('\n')}${track.beats.length ? '\n' : ''}`);
  if (opts.report) {
    // Vega loads only when a picture is asked for: it would double every command's start-up time.
    const { plotSvg } = await import('../report/plot.js');
    const { oscillatorSpec, onsetSpec, salienceSpec, waveformSpec } = await import('../analysis/beats/figures.js');
    const sections = [
      {
        heading: 'Tempo and beats',
        blocks: [
          { kind: 'figures' as const, items: [
            { label: 'tempo (median inter-beat interval)', value: Number.isFinite(track.tempoBpm) ? `${track.tempoBpm.toFixed(1)} bpm` : 'no steady beat' },
            { label: 'beats', value: String(track.beats.length) },
            { label: 'duration', value: `${duration.toFixed(1)} s` },
            { label: 'analysed in', value: `${seconds.toFixed(2)} s (${(duration / seconds).toFixed(0)}× real time)` },
          ] },
          { kind: 'plot' as const, svg: await plotSvg(waveformSpec(mixToMono(audio), audio.sampleRate)) },
          { kind: 'plot' as const, svg: await plotSvg(onsetSpec(track)) },
          { kind: 'plot' as const, svg: await plotSvg(oscillatorSpec(track)), caption: `Each row is a canonical oscillator (log-spaced, time-scaled, α = −0.1) driven by the ${track.online ? 'causally normalised' : 'analytic'} multi-band onset signal; brightness is |z|. Dashed: the pulse oscillator chosen in each ${track.online ? 'quarter second' : 'window'}.` },
          { kind: 'plot' as const, svg: await plotSvg(salienceSpec(track)), caption: 'Metrical support of each candidate tempo (its harmonics and sub-harmonics in the bank), weighted by the tempo preference, averaged over the piece.' },
        ],
      },
    ];
    outputs.file(opts.report, reportHtml({ title: `Beats of ${basename(song)}`, subtitle: `${audio.channels.length} channel(s), ${audio.sampleRate} Hz, ${duration.toFixed(1)} s`, sections, footer: `neuromusic ${packageInfo().version} · beats ${basename(song)}` }));
  }
  const json = {
    file: song,
    sampleRate: audio.sampleRate,
    channels: audio.channels.length,
    durationSeconds: +duration.toFixed(3),
    tempoBpm: Number.isFinite(track.tempoBpm) ? +track.tempoBpm.toFixed(2) : null,
    beats: track.beats.map((t) => +t.toFixed(4)),
    pulseBpmPerWindow: Array.from(track.pulseHz, (f) => +(60 * f).toFixed(2)),
    windowSeconds: +track.windowSeconds.toFixed(3),
    mode: track.online ? 'online' : 'offline',
    latencySeconds: Number.isFinite(track.latencySeconds) ? track.latencySeconds : null,
    analysisSeconds: +seconds.toFixed(3),
  };
  if (opts.json) emitJson(opts.json, json, outputs);
  await outputs.publish();
  if (opts.json === true) return;
  const tempo = Number.isFinite(track.tempoBpm) ? `${track.tempoBpm.toFixed(1)} bpm` : 'no steady beat';
  say(`${basename(song)}: ${tempo}, ${track.beats.length} beats${track.online ? (track.latencySeconds > 0 ? ` (online: each decided ${track.latencySeconds.toFixed(2)} s after it sounds)` : ' (online: each predicted from the audio before it)') : ''} in ${duration.toFixed(1)} s (analysed in ${seconds.toFixed(2)} s, ${(duration / seconds).toFixed(0)}× real time)`);
  for (const out of [opts.csv, opts.report, typeof opts.json === 'string' ? opts.json : undefined]) if (out) say(`wrote ${out}`);
}
