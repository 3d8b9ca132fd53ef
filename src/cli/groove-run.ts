/** `neuromusic groove song.wav --out DIR`: kick / snare / hi-hat events, a beat-locked drum track and a mix. */
import type { GrooveCliOptions } from './command-options.js';
import { basename, extname, join } from 'node:path';
import { extractGroove, renderGrooveAudio } from '../analysis/groove.js';
import { mixToMono } from '../analysis/beats/onset-strength.js';
import type { PlotSpec } from '../report/plot.js';
import { ensureDirectory } from '../node/files.js';
import { OutputSet } from '../node/output-set.js';
import { trackerOptions } from './beats-run.js';
import { createProgress } from './progress.js';
import { emitJson, say } from './output.js';
import { jsonTarget } from './common-options.js';
import { readWavFile } from './audio-input.js';

/** Runs `neuromusic groove`. */
export async function runGroove(song: string, opts: GrooveCliOptions): Promise<void> {
  const options = trackerOptions(opts);
  const t0 = performance.now();
  const audio = readWavFile(song);
  ensureDirectory(opts.out);
  const stem = basename(song, extname(song)) || 'song';
  const outputs = new OutputSet().declare(
    ...['drum-events.csv', 'beats.csv', 'drums.wav', 'mix.wav', 'groove.svg', ...(opts.model ? ['surrogate.csv'] : [])].map((suffix) => join(opts.out, `${stem}-${suffix}`)),
    jsonTarget(opts.json) === 'file' && (opts.json as string),
  );
  const bar = createProgress('groove', opts.quiet || jsonTarget(opts.json) === 'stdout');
  let groove;
  try {
    groove = extractGroove(audio, { beats: { ...options, onProgress: (f) => bar.update(0.8 * f) } });
  } finally {
    bar.stop();
  }
  const { drums, mix } = renderGrooveAudio(audio, groove.hits, opts.seed);
  const paths = {
    events: join(opts.out, `${stem}-drum-events.csv`),
    beats: join(opts.out, `${stem}-beats.csv`),
    drums: join(opts.out, `${stem}-drums.wav`),
    mix: join(opts.out, `${stem}-mix.wav`),
    picture: join(opts.out, `${stem}-groove.svg`),
  };
  outputs.file(paths.events, `time_s,instrument,strength,quantized_s\n${groove.events.map((e) => `${e.time.toFixed(4)},${e.instrument},${e.strength.toFixed(3)},${quantizedTime(groove.hits, e).toFixed(4)}`).join('\n')}\n`);
  outputs.file(paths.beats, `beat,time_s\n${groove.track.beats.map((t, i) => `${i + 1},${t.toFixed(4)}`).join('\n')}\n`);
  outputs.wav(paths.drums, drums);
  outputs.wav(paths.mix, mix);
  const d = groove.track.durationSeconds;
  const { plotSvg } = await import('../report/plot.js');
  const { eventsSpec, onsetSpec, oscillatorSpec, waveformSpec } = await import('../analysis/beats/figures.js');
  const panels = [
    waveformSpec(mixToMono(audio), audio.sampleRate, `waveform — ${basename(song)}`),
    onsetSpec(groove.track),
    oscillatorSpec(groove.track),
    eventsSpec(groove.events, groove.track.beats, d),
  ];
  outputs.file(paths.picture, await plotSvg({ vconcat: panels, spacing: 18 } as PlotSpec));
  // --model: the surrogate listens to the song too (the seed's inference path); its motor state over time, beside ASHLE's.
  const listening = opts.model ? await (await import('./surrogate-drummer.js')).surrogateListens(audio, opts.model === 'shipped' ? 'surrogate' : opts.model) : undefined;
  const surrogatePath = join(opts.out, `${stem}-surrogate.csv`);
  if (listening) outputs.file(surrogatePath, listening.csv);
  const counts = { kick: 0, snare: 0, hihat: 0 };
  for (const e of groove.events) counts[e.instrument]++;
  const seconds = (performance.now() - t0) / 1000;
  const summary = {
    file: song,
    tempoBpm: Number.isFinite(groove.track.tempoBpm) ? +groove.track.tempoBpm.toFixed(2) : null,
    beats: groove.track.beats.length,
    events: counts,
    drumStrokes: groove.hits.length,
    outputs: { ...paths, ...(listening ? { surrogate: surrogatePath } : {}) },
    ...(listening ? { surrogate: { frames: listening.frames, plvWithAshle: +listening.plvWithAshle.toFixed(4), surrogateBpm: +listening.surrogateBpm.toFixed(2), ashleBpm: +listening.ashleBpm.toFixed(2) } } : {}),
    seconds: +seconds.toFixed(2),
  };
  if (opts.json) emitJson(opts.json, summary, outputs);
  await outputs.publish();
  if (opts.json === true) return;
  say(
    `${basename(song)}: ${Number.isFinite(groove.track.tempoBpm) ? `${groove.track.tempoBpm.toFixed(1)} bpm` : 'no steady beat'}, ${groove.track.beats.length} beats; ${counts.kick} kick, ${counts.snare} snare, ${counts.hihat} hi-hat events (${seconds.toFixed(1)} s)`,
    ...Object.values(paths).map((p) => `  wrote ${p}`),
    ...(listening ? [`  wrote ${surrogatePath} (surrogate ${listening.surrogateBpm.toFixed(1)} bpm vs ASHLE ${listening.ashleBpm.toFixed(1)} bpm, phase PLV with ASHLE ${listening.plvWithAshle.toFixed(3)})`] : []),
  );
}

/** The quantised time at which an event's stroke was placed (the event's own time if it was merged away). */
function quantizedTime(hits: ReadonlyArray<{ time: number; drum: string }>, e: { time: number; instrument: string }): number {
  let best = e.time;
  let bestD = Infinity;
  for (const h of hits) {
    if (h.drum !== e.instrument) continue;
    const dd = Math.abs(h.time - e.time);
    if (dd < bestD) {
      bestD = dd;
      best = h.time;
    }
  }
  return best;
}
