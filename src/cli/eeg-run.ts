/**
 * `neuromusic eeg <input>`: an EEG recording described — header, channels (and which of the headset's 14 positions
 * each serves), annotations, the reader's warnings, the biomarkers per segment — and, with --write-edf, written as
 * EDF+. The twin is shown as the EDF+ file it writes (its 14 channels at 128 Hz, the neutral calibration annotated
 * `baseline`, one annotation per state), so what is printed is what another reader will see.
 */
import type { EegRecording } from '../analysis/eeg/types.js';
import { readEdf, type EdfFile } from '../formats/edf.js';
import { writeEdf } from '../formats/edf-write.js';
import { OutputSet } from '../node/output-set.js';
import { eegDrive } from '../engines/duet/eeg-drive.js';
import type { EegCliOptions } from './command-options.js';
import type { EegSource } from './eeg-source.js';
import { asUserError, loadEegSource } from './eeg-source-load.js';
import { tableLines, tidyNumbers } from './eeg-table.js';
import { jsonTarget } from './common-options.js';
import { emitJson, say } from './output.js';

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * A recording as EDF+ bytes: µV, records of one second (or the longest whole fraction of a second that the length
 * fills; a recording whose length allows none of at least 1/16 s is cut to whole seconds).
 */
export function recordingToEdf(recording: EegRecording, recordingField: string): Uint8Array {
  const fs = recording.sampleRate;
  let n = recording.data[0]?.length ?? 0;
  let perRecord = gcd(n, fs);
  if (perRecord < fs / 16) {
    n -= n % fs;
    perRecord = fs;
  }
  return writeEdf({
    sampleRate: fs,
    recordDurationSeconds: perRecord / fs,
    signals: recording.labels.map((label, c) => ({ label, physicalDimension: 'uV', transducer: 'AgAgCl electrode', data: recording.data[c]!.subarray(0, n) })),
    annotations: recording.annotations.filter((a) => a.onset < n / fs),
    recording: recordingField,
  });
}

/** Runs `neuromusic eeg`. */
export async function runEeg(source: EegSource, opts: EegCliOptions): Promise<void> {
  const outputs = new OutputSet().declare(opts.writeEdf, jsonTarget(opts.json) === 'file' && (opts.json as string));
  const eeg = loadEegSource(source, { seed: opts.seed, baselineSeconds: opts.baseline, ...(opts.seconds !== undefined ? { seconds: opts.seconds } : {}) });
  const twinBytes = source.kind === 'twin' ? recordingToEdf(eeg.recording, `X X neuromusic_EEG_twin_seed_${opts.seed}`) : undefined;
  const file: EdfFile = twinBytes ? readEdf(twinBytes, { name: source.text }) : eeg.edf!;
  const drive = asUserError(source, () => eegDrive(eeg.recording, { baselineSpan: eeg.baselineSpan, startSeconds: eeg.startSeconds }));
  const serves = new Map<string, string[]>();
  for (const p of eeg.picked ?? []) serves.set(p.label, [...(serves.get(p.label) ?? []), p.distanceMm === 0 ? p.position : `${p.position} (${p.distanceMm.toFixed(0)} mm away)`]);
  const channels = file.signals.map((s) => ({
    label: s.label,
    sampleRate: s.sampleRate,
    unit: s.physicalDimension,
    physicalMin: s.physicalMin,
    physicalMax: s.physicalMax,
    serves: twinBytes ? [s.label] : (serves.get(s.label) ?? []),
  }));
  let wrote: string | undefined;
  if (opts.writeEdf) {
    outputs.file(opts.writeEdf, twinBytes ?? recordingToEdf(eeg.recording, 'X X neuromusic_EPOC_positions_128Hz'));
    wrote = opts.writeEdf;
  }
  const h = file.header;
  const description = {
    input: source.text,
    kind: source.kind,
    label: eeg.label,
    header: { format: h.format, patient: h.patient, recording: h.recording, startDate: h.startDate, startTime: h.startTimeOfDay, records: h.recordCount, recordSeconds: h.recordDurationSeconds, signals: h.signalCount },
    start: file.startTime ? file.startTime.toISOString() : null,
    durationSeconds: file.duration,
    channels,
    annotations: file.annotations.length,
    warnings: eeg.warnings,
    baseline: { fromSeconds: drive.baselineSpan[0], toSeconds: drive.baselineSpan[1], windows: drive.series.baseline.windows },
    biomarkerChannels: drive.series.channels,
    segments: drive.segments.map((s) => ({ label: s.label, spans: s.spans, seconds: s.seconds, windows: s.windows, biomarkers: s.biomarkers })),
    ...(wrote ? { wrote } : {}),
  };
  if (opts.json !== undefined) emitJson(opts.json, tidyNumbers(description), outputs);
  await outputs.publish();
  if (jsonTarget(opts.json) === 'stdout') return;
  const width = Math.max(5, ...channels.map((c) => c.label.length));
  const shown = channels.length > 40 ? channels.filter((c) => c.serves.length > 0) : channels;
  say(
    `${eeg.label}`,
    `  ${h.format}, patient "${h.patient}", recording "${h.recording}"`,
    `  start ${file.startTime ? file.startTime.toISOString().replace('T', ' ').replace(/\.000Z$/, ' (as written; no time zone)') : `${h.startDate} ${h.startTimeOfDay} (unreadable)`}, ${file.duration} s in ${h.recordCount} records of ${h.recordDurationSeconds} s`,
    `  ${channels.length} channel${channels.length === 1 ? '' : 's'}${shown.length < channels.length ? ` (the ${shown.length} that serve the headset's positions shown)` : ''}:`,
    ...shown.map((c) => `    ${c.label.padEnd(width)} ${`${+c.sampleRate.toFixed(3)} Hz`.padStart(9)} ${c.unit.padEnd(3)} ${`[${c.physicalMin}, ${c.physicalMax}]`.padEnd(20)} ${c.serves.length ? `→ ${c.serves.join(', ')}` : ''}`),
    `  ${file.annotations.length} annotation${file.annotations.length === 1 ? '' : 's'}`,
    ...eeg.warnings.map((w) => `  warning: ${w}`),
    `  biomarkers (z against the baseline, ${drive.baselineSpan[0]}–${drive.baselineSpan[1]} s: ${drive.series.baseline.windows} windows), mean per ${source.kind === 'twin' ? 'state' : 'annotated segment'}:`,
    ...tableLines(drive.segments.map((s) => ({ label: s.label, biomarkers: s.biomarkers })), source.kind === 'twin' ? 'state' : 'segment'),
    ...(wrote ? [`  wrote ${wrote} (EDF+, ${eeg.recording.labels.length} channels at ${eeg.recording.sampleRate} Hz, µV)`] : []),
  );
}
