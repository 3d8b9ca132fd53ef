/**
 * `neuromusic beats-eval`: the beat tracker, offline and online, and aubio's `aubiotrack` scored in the same run on
 * a corpus whose beats are known — generated pieces with expressive timing (beat-corpus.ts) rendered by the modal
 * piano and by fluidsynth with several General MIDI programs, some with white noise added at a stated SNR; the
 * built-in Bach prelude; and MIDI files, scored against their tempo maps.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import type { BeatsEvalCliOptions } from './command-options.js';
import { addNoise, BEAT_TEXTURES, generateBeatPiece } from '../analysis/beats-corpus.js';
import { BEAT_METRIC_LABELS, evaluateBeats, meanBeatMetrics, type BeatMetrics } from '../analysis/beats-eval.js';
import { trackBeats } from '../analysis/beats/tracker.js';
import { mixToMono } from '../analysis/beats/onset-strength.js';
import { readMidi, writeMidi } from '../formats/midi.js';
import { decodeWav } from '../formats/wav.js';
import { createRandom } from '../math/random.js';
import { bachPreludeInC } from '../pieces/bach-prelude-c-major.js';
import { beatGrid } from '../score/tempo.js';
import type { Score } from '../score/types.js';
import { renderScore } from '../synth/render.js';
import { ensureDirectory, readInputFile } from '../node/files.js';
import { onInterrupt } from '../node/interrupt.js';
import { OutputSet } from '../node/output-set.js';
import { writeWavFile } from '../node/render-wav-file.js';
import { jsonTarget } from './common-options.js';
import { emitJson, say } from './output.js';
import { createProgress } from './progress.js';
import { UsageError } from './errors.js';

const SOUND_FONT = '/usr/share/sounds/sf2/FluidR3_GM.sf2';

/** The instruments the generated pieces rotate through: the modal piano and General MIDI programs of FluidR3. */
const INSTRUMENTS: ReadonlyArray<{ name: string; program: number | null }> = [
  { name: 'modal piano', program: null },
  { name: 'GM acoustic grand', program: 0 },
  { name: 'GM nylon guitar', program: 24 },
  { name: 'GM string ensemble', program: 48 },
  { name: 'GM electric piano', program: 4 },
];
/** Noise levels the generated pieces rotate through (none, 20 dB, 10 dB SNR). */
const SNRS: ReadonlyArray<number | null> = [null, 20, 10];

/** `delayed`: the online tracker with the stated latency of --online-latency. */
type Tracker = 'offline' | 'online' | 'delayed' | 'aubio';

interface PieceResult {
  name: string;
  source: 'generated' | 'built-in' | 'midi';
  instrument: string;
  snrDb: number | null;
  bpm: number;
  seconds: number;
  referenceBeats: number;
  metrics: Partial<Record<Tracker, BeatMetrics>>;
  beats: Partial<Record<Tracker, number[]>>;
  reference: number[];
  /** Analysis seconds per tracker (aubio: the whole process). */
  analysisSeconds: Partial<Record<Tracker, number>>;
}

interface CorpusEntry {
  name: string;
  source: PieceResult['source'];
  score: Score;
  reference: number[];
  bpm: number;
  instrument: (typeof INSTRUMENTS)[number];
  snrDb: number | null;
  seed: number;
}

function have(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0;
}

/** The notated beats of a score (one per denominator note value) up to its last onset. */
function notatedBeats(score: Score): number[] {
  const lastOnset = Math.max(0, ...score.notes.map((n) => n.onset));
  return beatGrid(score.tempos, score.timeSignatures, lastOnset).map((b) => b.time);
}

function defaultMidiFiles(): string[] {
  const dir = resolve('..', 'shared', 'data', 'midi');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => f.endsWith('.mid')).sort().map((f) => join(dir, f));
}

/** Renders a score to mono audio: the modal piano in process, or fluidsynth with a General MIDI program. */
function renderMono(entry: CorpusEntry, tmp: string): { sampleRate: number; signal: Float32Array } {
  if (entry.instrument.program === null) {
    const audio = renderScore(entry.score, { sampleRate: 22050, channels: 1 });
    return { sampleRate: audio.sampleRate, signal: audio.channels[0]! };
  }
  const midi = join(tmp, `${entry.name}.mid`);
  const wav = join(tmp, `${entry.name}-fs.wav`);
  writeFileSync(midi, writeMidi(entry.score, { program: entry.instrument.program }));
  const r = spawnSync('fluidsynth', ['-ni', '-g', '1.0', '-F', wav, '-r', '44100', SOUND_FONT, midi], { encoding: 'utf8' });
  if (r.status !== 0 || !existsSync(wav)) throw new Error(`fluidsynth could not render ${entry.name}: ${(r.stderr || r.stdout).trim().split('\n')[0]}`);
  const audio = decodeWav(readInputFile(wav), wav);
  return { sampleRate: audio.sampleRate, signal: mixToMono(audio) };
}

function aubioBeats(wav: string): { beats: number[]; seconds: number } {
  const t0 = performance.now();
  const a = spawnSync('aubiotrack', ['-i', wav], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const seconds = (performance.now() - t0) / 1000;
  if (a.status !== 0) throw new Error(`aubiotrack failed on ${wav}: ${a.stderr.trim().split('\n')[0]}`);
  return { beats: a.stdout.trim().split('\n').filter(Boolean).map(Number).filter(Number.isFinite), seconds };
}

function buildCorpus(opts: BeatsEvalCliOptions, fluid: boolean): CorpusEntry[] {
  const corpus: CorpusEntry[] = [];
  const instruments = fluid ? INSTRUMENTS : INSTRUMENTS.slice(0, 1);
  for (let i = 0; i < opts.pieces; i++) {
    const seed = opts.seed + i;
    const piece = generateBeatPiece(seed, { texture: BEAT_TEXTURES[i % BEAT_TEXTURES.length]! });
    corpus.push({
      name: piece.name,
      source: 'generated',
      score: piece.score,
      reference: piece.beats,
      bpm: piece.bpm,
      instrument: instruments[i % instruments.length]!,
      snrDb: SNRS[Math.floor(i / instruments.length) % SNRS.length]!,
      seed,
    });
  }
  const bach = bachPreludeInC();
  corpus.push({ name: 'bach-prelude-c', source: 'built-in', score: bach, reference: notatedBeats(bach), bpm: bach.tempos[0]!.bpm, instrument: instruments[fluid ? 1 : 0]!, snrDb: null, seed: 0 });
  const midiFiles = opts.midi === false ? [] : (opts.midi ?? defaultMidiFiles());
  for (const file of midiFiles) {
    if (!file.toLowerCase().endsWith('.mid') && !file.toLowerCase().endsWith('.midi')) throw new UsageError(`--midi ${file}: not a MIDI file name (.mid or .midi)`);
    const score = readMidi(readInputFile(file), file);
    const sig = score.timeSignatures[0] ?? { numerator: 4, denominator: 4 };
    if (score.notes.length === 0) throw new UsageError(`${file}: the MIDI file holds no notes`);
    corpus.push({
      name: basename(file).replace(/\.midi?$/i, ''),
      source: 'midi',
      score,
      reference: notatedBeats(score),
      bpm: ((score.tempos[0]?.bpm ?? 120) * sig.denominator) / 4,
      instrument: instruments[fluid ? 1 : 0]!,
      snrDb: null,
      seed: 0,
    });
  }
  return corpus;
}

const f3 = (x: number): string => x.toFixed(3);

function meansTable(results: readonly PieceResult[], trackers: readonly Tracker[], latency: number): string[] {
  const lines: string[] = [];
  const header = ['tracker'.padEnd(22), ...BEAT_METRIC_LABELS.map(([, l]) => l.padStart(11)), '× real time'.padStart(12)];
  lines.push(header.join(' '));
  for (const t of trackers) {
    const mean = meanBeatMetrics(results.map((r) => r.metrics[t]!));
    const audio = results.reduce((s, r) => s + r.seconds, 0);
    const spent = results.reduce((s, r) => s + (r.analysisSeconds[t] ?? 0), 0);
    const name = t === 'offline' ? 'ours, offline' : t === 'online' ? 'ours, online' : t === 'delayed' ? `ours, online +${latency} s` : 'aubio';
    lines.push([name.padEnd(22), ...BEAT_METRIC_LABELS.map(([k]) => f3(mean[k]).padStart(11)), (audio / spent).toFixed(0).padStart(12)].join(' '));
  }
  return lines;
}

/** Runs `neuromusic beats-eval`. */
export async function runBeatsEval(opts: BeatsEvalCliOptions): Promise<void> {
  const fluid = opts.fluidsynth && have('fluidsynth') && existsSync(SOUND_FONT);
  const aubio = opts.aubio && have('aubiotrack');
  const corpus = buildCorpus(opts, fluid);
  if (opts.out) ensureDirectory(opts.out);
  // The WAVs and beat CSVs of --out and the JSON are published together when every piece is scored.
  const outputs = new OutputSet().declare(jsonTarget(opts.json) === 'file' && (opts.json as string));
  const latency = opts.onlineLatency ?? 0;
  const ours: Array<'offline' | 'online' | 'delayed'> = latency > 0 ? ['offline', 'online', 'delayed'] : ['offline', 'online'];
  const trackers: Tracker[] = aubio ? [...ours, 'aubio'] : ours;
  const tmp = mkdtempSync(join(tmpdir(), 'neuromusic-beats-eval-'));
  const releaseTmp = onInterrupt(() => rmSync(tmp, { recursive: true, force: true }));
  const bar = createProgress('scoring beats', opts.quiet || jsonTarget(opts.json) === 'stdout');
  const results: PieceResult[] = [];
  try {
    for (const [i, entry] of corpus.entries()) {
      const rendered = renderMono(entry, tmp);
      const signal = entry.snrDb === null ? rendered.signal : addNoise(rendered.signal, entry.snrDb, createRandom(entry.seed).fork('noise'));
      const audio = { sampleRate: rendered.sampleRate, channels: [signal] };
      const seconds = signal.length / audio.sampleRate;
      const result: PieceResult = {
        name: entry.name,
        source: entry.source,
        instrument: entry.instrument.name,
        snrDb: entry.snrDb,
        bpm: entry.bpm,
        seconds,
        referenceBeats: entry.reference.length,
        metrics: {},
        beats: {},
        reference: entry.reference,
        analysisSeconds: {},
      };
      for (const t of ours) {
        const t0 = performance.now();
        const track = trackBeats(audio, { online: t !== 'offline', onlineLatencySeconds: t === 'delayed' ? latency : 0 });
        result.analysisSeconds[t] = (performance.now() - t0) / 1000;
        result.beats[t] = track.beats;
        result.metrics[t] = evaluateBeats(entry.reference, track.beats);
      }
      const wav = join(tmp, `${entry.name}.wav`);
      if (aubio) writeWavFile(wav, audio, { encoding: 'pcm16' });
      if (opts.out) outputs.wav(join(opts.out, `${entry.name}.wav`), audio, { encoding: 'pcm16' });
      if (aubio) {
        const a = aubioBeats(wav);
        result.analysisSeconds.aubio = a.seconds;
        result.beats.aubio = a.beats;
        result.metrics.aubio = evaluateBeats(entry.reference, a.beats);
      }
      if (opts.out) {
        const rows = [['reference', entry.reference] as const, ...trackers.map((t) => [t, result.beats[t]!] as const)];
        outputs.file(join(opts.out, `${entry.name}.beats.csv`), `source,time_s\n${rows.flatMap(([s, b]) => b.map((t) => `${s},${t.toFixed(4)}`)).join('\n')}\n`);
      }
      results.push(result);
      bar.update((i + 1) / corpus.length);
    }
  } catch (err) {
    outputs.discard();
    throw err;
  } finally {
    bar.stop();
    releaseTmp();
    rmSync(tmp, { recursive: true, force: true });
  }

  const generated = results.filter((r) => r.source === 'generated');
  const others = results.filter((r) => r.source !== 'generated');
  const json = {
    trackers,
    onlineLatencySeconds: latency > 0 ? latency : null,
    aubio,
    fluidsynth: fluid,
    tunedOn: 'generated pieces with seeds 1000–1023 (the development set); these results are for seeds ' + `${opts.seed}–${opts.seed + opts.pieces - 1}`,
    pieces: results.map((r) => ({
      name: r.name,
      source: r.source,
      instrument: r.instrument,
      snrDb: r.snrDb,
      bpm: +r.bpm.toFixed(2),
      seconds: +r.seconds.toFixed(2),
      referenceBeats: r.referenceBeats,
      metrics: r.metrics,
      analysisSeconds: r.analysisSeconds,
    })),
    means: {
      all: Object.fromEntries(trackers.map((t) => [t, meanBeatMetrics(results.map((r) => r.metrics[t]!))])),
      generated: generated.length ? Object.fromEntries(trackers.map((t) => [t, meanBeatMetrics(generated.map((r) => r.metrics[t]!))])) : null,
    },
  };
  if (jsonTarget(opts.json) === 'file') emitJson(opts.json, json, outputs);
  await outputs.publish();
  if (jsonTarget(opts.json) === 'stdout') {
    emitJson(opts.json, json);
    return;
  }
  const head = ['piece'.padEnd(44), 'instrument'.padEnd(19), 'SNR'.padStart(5), 'bpm'.padStart(5), ...trackers.map((t) => `F ${t}`.padStart(10)), ...trackers.map((t) => `AMLt ${t}`.padStart(13))];
  const lines = [head.join(' ')];
  for (const r of results) {
    lines.push([
      r.name.slice(0, 44).padEnd(44),
      r.instrument.padEnd(19),
      (r.snrDb === null ? '—' : `${r.snrDb}`).padStart(5),
      r.bpm.toFixed(0).padStart(5),
      ...trackers.map((t) => f3(r.metrics[t]!.fMeasure).padStart(10)),
      ...trackers.map((t) => f3(r.metrics[t]!.amlt).padStart(13)),
    ].join(' '));
  }
  lines.push('', `Means over all ${results.length} pieces (mir_eval's metrics, the first 5 s of each piece ignored):`, ...meansTable(results, trackers, latency));
  if (generated.length && others.length) lines.push('', `Means over the ${generated.length} generated pieces:`, ...meansTable(generated, trackers, latency));
  lines.push(
    '',
    `The tracker's defaults were tuned on generated seeds 1000–1023 only; these pieces are seeds ${opts.seed}–${opts.seed + opts.pieces - 1}${others.length ? ', the built-in prelude and the MIDI files' : ''}.`,
  );
  if (!aubio) lines.push(opts.aubio ? 'aubio left out: aubiotrack not found (Debian: aubio-tools).' : 'aubio left out (--no-aubio).');
  if (!fluid && opts.fluidsynth) lines.push('Rendered with the modal piano only: fluidsynth or /usr/share/sounds/sf2/FluidR3_GM.sf2 not found (Debian: fluidsynth, fluid-soundfont-gm).');
  if (opts.out) lines.push(`wrote the WAV files and beats CSVs to ${opts.out}`);
  say(...lines);
}
