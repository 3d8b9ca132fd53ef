/**
 * EEG drives the duet: a recording (the EEG twin, or any EDF file mapped onto the headset's 14 positions at its
 * 128 samples/s) → the four biomarker indices window by window, normalised against a baseline → the mapping table's
 * controls, smoothed → keyframes of a control track for {@link composeDuet}.
 *
 * Timing follows what a live system could do: a window's indices are known at its end (the 2-s window's latency),
 * so the keyframe sits at the window's end time. The baseline is a stretch of the same session: for the twin, a
 * neutral calibration recorded before the piece (as a BCI session begins with a resting baseline; it is not part
 * of the piece), for a file, its first seconds.
 *
 * Signal flow:
 *
 *   EDF ─ pickChannels (nearest electrode) ─ resample → 128 Hz ─┐
 *   twin: neutral calibration + script ─────────────────────────┴→ biomarkerSeries (z vs baseline)
 *     → DuetControlMapper (table, lag τ) → keyframes (t − pieceStart) → composeDuet({ controls })
 */
import { biomarkerSeries, type BiomarkerOptions, type BiomarkerSeries } from '../../analysis/eeg/biomarkers.js';
import { BIOMARKER_NAMES, EPOC_CHANNELS, type BiomarkerIndices, type EegRecording } from '../../analysis/eeg/types.js';
import type { EdfFile } from '../../formats/edf.js';
import { pickChannels, type PickedChannel } from '../../formats/edf-labels.js';
import { resample } from '../../math/resample.js';
import type { ControlKeyframe } from './control-track.js';
import { DEFAULT_DUET_CONTROLS, type DuetControls } from './controls.js';
import { eegTwinRecording, parseStateScript, type TwinSegment } from './eeg-twin.js';
import { DEFAULT_MAPPING_TABLE, DuetControlMapper, type MappingTable } from './mapping.js';

/** The sample rate the indices are computed at: the EPOC X's. */
export const EPOC_SAMPLE_RATE = 128;
/** Seconds of baseline when none is given. */
export const DEFAULT_BASELINE_SECONDS = 10;
/** The annotation text of the twin's calibration. */
export const BASELINE_LABEL = 'baseline';

const CONTROL_NAMES = ['lambda2', 'rho', 'tempoScale', 'density'] as const;

/** Microvolts per unit for the physical dimensions EEG files use. */
const MICROVOLTS_PER: Record<string, number> = { uv: 1, 'µv': 1, 'μv': 1, mv: 1e3, v: 1e6, nv: 1e-3 };

/** An EDF recording as the duet reads it: the 14 EPOC positions at 128 Hz, in µV. */
export interface EpocRecording {
  recording: EegRecording;
  /** Which channel of the file serves each position (and how far from it, mm). */
  picked: PickedChannel[];
  /** What was odd but usable (unknown units, channels of unequal length). */
  warnings: string[];
}

/**
 * Maps an EDF file onto the EPOC positions (each missing site served by the nearest electrode present), converts
 * to µV and resamples every picked channel to 128 Hz. Throws a RangeError when the file names no scalp electrode.
 * @example
 * const wave = Float64Array.from({ length: 512 }, (_, i) => 20 * Math.sin(i / 5));
 * const file = readEdf(writeEdf({ sampleRate: 256, signals: [{ label: 'Fp1', physicalDimension: 'uV', data: wave }, { label: 'O2', physicalDimension: 'uV', data: wave }] }));
 * const epoc = epocRecordingFromEdf(file);
 * epoc.recording.data[0].length; // → 256 — 2 s at 128 Hz
 * epoc.picked.find((p) => p.position === 'AF3').label; // → 'Fp1'
 */
export function epocRecordingFromEdf(file: EdfFile): EpocRecording {
  const picked = pickChannels(file, [...EPOC_CHANNELS], { nearest: true });
  const warnings: string[] = [];
  const converted = new Map<string, Float64Array>();
  const data = picked.map((p) => {
    const known = converted.get(p.label);
    if (known) return known;
    const unit = p.signal.physicalDimension.trim().toLowerCase();
    let scale = MICROVOLTS_PER[unit];
    if (scale === undefined) {
      warnings.push(`${p.label}: unit "${p.signal.physicalDimension}" is not a voltage; its values are read as µV`);
      scale = 1;
    }
    const x = p.signal.sampleRate === EPOC_SAMPLE_RATE ? Float64Array.from(p.signal.data) : resample(p.signal.data, p.signal.sampleRate, EPOC_SAMPLE_RATE);
    if (scale !== 1) for (let i = 0; i < x.length; i++) x[i] = x[i]! * scale;
    converted.set(p.label, x);
    return x;
  });
  const length = Math.min(...data.map((d) => d.length));
  if (data.some((d) => d.length !== length)) warnings.push(`the picked channels differ in length at 128 Hz; all cut to the shortest, ${length} samples`);
  return {
    recording: {
      sampleRate: EPOC_SAMPLE_RATE,
      labels: [...EPOC_CHANNELS],
      data: data.map((d) => (d.length === length ? d : d.slice(0, length))),
      annotations: file.annotations.filter((a) => a.text.trim() !== '').map((a) => ({ onset: a.onset, duration: a.duration, text: a.text.trim() })),
    },
    picked,
    warnings,
  };
}

/** A twin session: a neutral calibration, then the piece's script. */
export interface TwinSession {
  recording: EegRecording;
  /** Where the piece starts in the recording (= the calibration's length). */
  startSeconds: number;
  /** The script of the piece, fitted to its length. */
  script: TwinSegment[];
}

/**
 * The twin's recording for a piece: `baselineSeconds` of neutral calibration (annotated `baseline`), then the
 * script — cut to `seconds` when it is longer, its last state held when it is shorter.
 * @example
 * const s = twinSession({ seed: 1, script: 'relaxed 5s', baselineSeconds: 4, seconds: 6 });
 * s.recording.annotations.map((a) => `${a.text} ${a.duration}`); // → ['baseline 4', 'relaxed 6']
 * s.recording.data[0].length; // → 1280 — 10 s at 128 Hz
 */
export function twinSession(options: { seed: number; script: string | readonly TwinSegment[]; baselineSeconds?: number; seconds?: number }): TwinSession {
  const baseline = options.baselineSeconds ?? DEFAULT_BASELINE_SECONDS;
  if (!(baseline > 0)) throw new RangeError(`the baseline must last more than 0 s, got ${baseline}`);
  const parsed = typeof options.script === 'string' ? parseStateScript(options.script) : options.script.map((s) => ({ ...s }));
  const total = parsed.reduce((a, s) => a + s.seconds, 0);
  const seconds = options.seconds ?? total;
  const script: TwinSegment[] = [];
  let t = 0;
  for (const s of parsed) {
    if (t >= seconds) break;
    script.push({ state: s.state, seconds: Math.min(s.seconds, seconds - t) });
    t += s.seconds;
  }
  if (t < seconds) script[script.length - 1]!.seconds += seconds - t;
  const recording = eegTwinRecording({ seed: options.seed, script: [{ state: 'neutral', seconds: baseline }, ...script] });
  recording.annotations[0]!.text = BASELINE_LABEL;
  return { recording, startSeconds: baseline, script };
}

/** Means over the windows of one kind of segment (one twin state, one annotation text). */
export interface SegmentMeans {
  /** The state or annotation text. */
  label: string;
  /** How many annotated spans carry it, and their seconds together (within the piece). */
  spans: number;
  seconds: number;
  /** Analysis windows whose centre lies in those spans. */
  windows: number;
  biomarkers: BiomarkerIndices;
  controls: DuetControls;
}

/** What {@link eegDrive} returns. */
export interface EegDrive {
  series: BiomarkerSeries;
  /** The smoothed controls after each window (index as the series' windows). */
  controls: Record<keyof DuetControls, Float64Array>;
  /** Keyframes on the piece's clock (window end − startSeconds), from time 0. */
  track: ControlKeyframe[];
  /** Means per label, in order of first appearance; only windows centred inside the piece. */
  segments: SegmentMeans[];
  /** Where the piece starts in the recording. */
  startSeconds: number;
  /** The baseline span (s of the recording). */
  baselineSpan: [number, number];
}

/** Options of {@link eegDrive}. */
export interface EegDriveOptions {
  /** The recording's span whose windows are the baseline (default [0, 10]). */
  baselineSpan?: readonly [number, number];
  /** Where the piece starts in the recording (default 0); windows before it only warm the mapper up. */
  startSeconds?: number;
  table?: MappingTable;
  biomarkers?: BiomarkerOptions;
}

/**
 * From a recording to a control track: the indices, the mapped and smoothed controls, their keyframes and the means
 * per segment.
 * @example
 * const session = twinSession({ seed: 2, script: 'stressed 20s', baselineSeconds: 10 });
 * const drive = eegDrive(session.recording, { baselineSpan: [0, 10], startSeconds: 10 });
 * drive.segments[0].label; // → 'stressed'
 * drive.segments[0].controls.rho > 35; // → true — stress raises the Lorenz ρ
 */
export function eegDrive(recording: EegRecording, options: EegDriveOptions = {}): EegDrive {
  const span: [number, number] = [...(options.baselineSpan ?? [0, DEFAULT_BASELINE_SECONDS])];
  const start = options.startSeconds ?? 0;
  const series = biomarkerSeries(recording, span, options.biomarkers ?? {});
  const mapper = new DuetControlMapper(options.table ?? DEFAULT_MAPPING_TABLE);
  const n = series.times.length;
  const controls = Object.fromEntries(CONTROL_NAMES.map((c) => [c, new Float64Array(n)])) as Record<keyof DuetControls, Float64Array>;
  const track: ControlKeyframe[] = [];
  const indices: BiomarkerIndices = { stress: 0, attention: 0, engagement: 0, relaxation: 0 };
  let before: DuetControls | undefined;
  for (let i = 0; i < n; i++) {
    for (const name of BIOMARKER_NAMES) indices[name] = series.indices[name][i]!;
    const c = mapper.update(indices, i === 0 ? 0 : series.times[i]! - series.times[i - 1]!);
    for (const name of CONTROL_NAMES) controls[name][i] = c[name];
    const t = series.times[i]! - start;
    if (t < 0) before = { ...c };
    else {
      if (track.length === 0 && t > 0) track.push({ timeSeconds: 0, controls: before ?? pick(c) });
      track.push({ timeSeconds: t, controls: { ...c } });
    }
  }
  if (track.length === 0) track.push({ timeSeconds: 0, controls: before ?? { ...DEFAULT_DUET_CONTROLS } });
  return { series, controls, track, segments: segmentMeans(recording, series, controls, start), startSeconds: start, baselineSpan: span };
}

function pick(c: Readonly<DuetControls>): DuetControls {
  return { lambda2: c.lambda2, rho: c.rho, tempoScale: c.tempoScale, density: c.density };
}

/** Means of the indices and controls over the windows centred in each label's spans (inside the piece). */
function segmentMeans(recording: EegRecording, series: BiomarkerSeries, controls: Record<keyof DuetControls, Float64Array>, start: number): SegmentMeans[] {
  const half = series.times[0]! / 2; // the first window starts at 0, so it ends one window length in
  const out = new Map<string, { spans: number; seconds: number; windows: number; b: BiomarkerIndices; c: DuetControls }>();
  for (const a of recording.annotations) {
    const from = Math.max(a.onset, start);
    const to = a.onset + a.duration;
    if (to <= from) continue;
    let entry = out.get(a.text);
    if (!entry) {
      entry = { spans: 0, seconds: 0, windows: 0, b: { stress: 0, attention: 0, engagement: 0, relaxation: 0 }, c: { lambda2: 0, rho: 0, tempoScale: 0, density: 0 } };
      out.set(a.text, entry);
    }
    entry.spans++;
    entry.seconds += to - from;
    for (let i = 0; i < series.times.length; i++) {
      const centre = series.times[i]! - half;
      if (centre < from || centre >= to) continue;
      entry.windows++;
      for (const name of BIOMARKER_NAMES) entry.b[name] += series.indices[name][i]!;
      for (const name of CONTROL_NAMES) entry.c[name] += controls[name][i]!;
    }
  }
  return [...out].map(([label, e]) => {
    for (const name of BIOMARKER_NAMES) e.b[name] = e.windows ? e.b[name] / e.windows : NaN;
    for (const name of CONTROL_NAMES) e.c[name] = e.windows ? e.c[name] / e.windows : NaN;
    return { label, spans: e.spans, seconds: e.seconds, windows: e.windows, biomarkers: e.b, controls: e.c };
  });
}
