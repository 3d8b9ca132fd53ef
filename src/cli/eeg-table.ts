/**
 * The text tables the EEG commands print (compose --engine duet, eeg, bcmi): biomarkers as z-scores against the
 * baseline, the controls they map to, and the music's descriptors, one row per state or annotated segment; and the
 * CSV of the biomarkers and controls over time.
 */
import type { BiomarkerIndices } from '../analysis/eeg/types.js';
import type { DuetControls } from '../engines/duet/controls.js';
import type { DuetDescriptors } from '../engines/duet/descriptors.js';
import type { EegDrive } from '../engines/duet/eeg-drive.js';

/** One row of a table: a label and whatever parts it has. */
export interface TableRow {
  label: string;
  biomarkers?: BiomarkerIndices;
  controls?: DuetControls;
  descriptors?: DuetDescriptors | null;
}

const fixed = (x: number | undefined, digits: number, width: number): string => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits)).padStart(width);

/** Lines of a table (header first), indented by two spaces; columns for the parts the first row has. */
export function tableLines(rows: readonly TableRow[], title = 'state'): string[] {
  const first = rows[0];
  if (!first) return [];
  const width = Math.max(10, ...rows.map((r) => r.label.length + 1));
  const head = ['  ' + title.padEnd(width)];
  if (first.biomarkers) head.push('stress attention engagement relaxation');
  if (first.controls) head.push('   λ2     ρ  tempo density');
  if (first.descriptors !== undefined) head.push('notes/s entropy   bpm ibi-sd rmssd');
  const lines = [head.join(' | ')];
  for (const r of rows) {
    const cells = ['  ' + r.label.padEnd(width)];
    if (first.biomarkers) {
      const b = r.biomarkers;
      cells.push(`${fixed(b?.stress, 2, 6)} ${fixed(b?.attention, 2, 9)} ${fixed(b?.engagement, 2, 10)} ${fixed(b?.relaxation, 2, 10)}`);
    }
    if (first.controls) {
      const c = r.controls;
      cells.push(`${fixed(c?.lambda2, 2, 5)} ${fixed(c?.rho, 1, 5)} ${fixed(c?.tempoScale, 2, 6)} ${fixed(c?.density, 2, 7)}`);
    }
    if (first.descriptors !== undefined) {
      const d = r.descriptors ?? undefined;
      cells.push(`${fixed(d?.melodyNotesPerSecond, 2, 7)} ${fixed(d?.intervalEntropyBits, 2, 7)} ${fixed(d?.meanTempoBpm, 1, 5)} ${fixed(d?.beatIntervalSdMs, 1, 6)} ${fixed(d?.beatIntervalRmssdMs, 1, 5)}`);
    }
    lines.push(cells.join(' | '));
  }
  return lines;
}

/** What the table's columns mean, as one line. */
export const TABLE_LEGEND =
  '  (biomarkers: z-scores against the baseline; λ2 drummer elasticity 1/s, ρ Lorenz; notes/s of the melody, entropy of its intervals in bits, bpm and the sd and RMSSD of the beat intervals in ms)';

const cell = (v: number): string => (Number.isFinite(v) ? String(Number(v.toPrecision(6))) : '');

/**
 * The biomarkers and controls over time as CSV: one row per analysis window, on the piece's clock (the window's end
 * minus where the piece starts; the twin's calibration windows are left out), with the label of the segment.
 */
export function eegCsv(drive: EegDrive, labelAt: (recordingSeconds: number) => string): string {
  const { series, controls, startSeconds } = drive;
  const lines = ['time,stress,attention,engagement,relaxation,lambda2,rho,tempoScale,density,segment'];
  const half = series.times[0]! / 2;
  for (let i = 0; i < series.times.length; i++) {
    const t = series.times[i]!;
    if (t < startSeconds) continue;
    const segment = labelAt(t - half).replace(/[",\n]/g, ' ');
    lines.push(
      [t - startSeconds, series.indices.stress[i]!, series.indices.attention[i]!, series.indices.engagement[i]!, series.indices.relaxation[i]!, controls.lambda2[i]!, controls.rho[i]!, controls.tempoScale[i]!, controls.density[i]!]
        .map(cell)
        .join(',') + `,${segment}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** A label finder over annotations: the last annotation that contains the time, or ''. */
export function annotationLabeller(annotations: readonly { onset: number; duration: number; text: string }[]): (seconds: number) => string {
  return (t) => {
    let label = '';
    for (const a of annotations) if (t >= a.onset && t < a.onset + a.duration) label = a.text;
    return label;
  };
}

/** Rounds every number in a JSON-bound value to 6 significant digits and turns NaN into null. */
export function tidyNumbers(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? Number(value.toPrecision(6)) : null;
  if (Array.isArray(value)) return value.map(tidyNumbers);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, tidyNumbers(v)]));
  return value;
}
