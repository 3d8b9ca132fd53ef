/**
 * The progression's results as data (JSON), as a plain-text table for the terminal, and as the sentences that say
 * what the control showed — all computed from the measured scores, never written in advance.
 */
import type { OnsetScore } from '../../analysis/onsets-f1.js';
import type { SplitScore } from '../evaluation.js';
import type { ProgressionResult } from './run.js';
import type { StepRow } from './steps.js';

function f3(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(3);
}

function brief(s: OnsetScore): { f1: number; precision: number; recall: number; predicted: number; targets: number } {
  return { f1: s.f1, precision: s.precision, recall: s.recall, predicted: s.predicted, targets: s.targets };
}

function split(s: SplitScore) {
  return {
    ...brief(s.oneToOne),
    manyToManyF1: s.manyToMany.f1,
    threshold: s.threshold ?? null,
    rule: s.rule,
    ...(s.otherRule ? { otherRule: s.otherRule } : {}),
    trainF1: s.trainF1,
    testSpan: s.testSpan,
  };
}

/**
 * Mean and standard deviation of the surrogates' held-out F1, and the real score's distance in deviations.
 * @example
 * const result = await runProgression({ name: 'prelude', score }, undefined, { steps: [0, 1] });
 * controlSpread(result.rows[1]!)?.z; // (real − mean) / sd
 */
export function controlSpread(row: StepRow): { mean: number; sd: number; z: number } | undefined {
  const c = row.scores.control;
  if (!c || c.heldOut.length === 0) return undefined;
  const xs = c.heldOut.map((h) => h.f1);
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, sd, z: sd > 0 ? (row.scores.heldOut.f1 - mean) / sd : NaN };
}

/**
 * The result as plain JSON (no typed arrays, no predictions): what `neuromusic learn --json` writes.
 * @example
 * const result = await runProgression({ name: 'prelude', score }, undefined, { steps: [0, 1] });
 * JSON.stringify(progressionSummary(result));
 */
export function progressionSummary(result: ProgressionResult) {
  return {
    piece: result.piece,
    secondPiece: result.secondPiece ?? null,
    worm: { motorNeurons: result.motorNeurons, pcVarianceShare: result.wormPcVariance },
    backend: result.backend,
    seed: result.seed,
    settings: result.settings,
    timings: result.timings,
    rows: result.rows.map((r) => ({
      step: r.step,
      short: r.short,
      method: r.method,
      inputs: r.inputs,
      span: r.span,
      baselineOf: r.baselineOf ?? null,
      seed: r.seed ?? null,
      inSample: split(r.scores.inSample),
      heldOut: split(r.scores.heldOut),
      secondPiece: r.scores.secondPiece ? { piece: r.scores.secondPiece.piece, ...split(r.scores.secondPiece) } : null,
      control: r.scores.control
        ? {
            groups: r.scores.control.groups,
            surrogates: r.scores.control.heldOut.length,
            heldOutF1: r.scores.control.heldOutF1,
            surrogateF1s: r.scores.control.heldOut.map((h) => h.f1),
            advantage: r.scores.control.advantage,
            pValue: r.scores.control.pValue,
            z: controlSpread(r)?.z ?? null,
          }
        : null,
      info: r.info,
      curves: r.curves,
    })),
    findings: controlFindings(result),
  };
}

/**
 * The pairs (step with the worm, the same learner without it) the progression ran.
 * @example
 * const result = await runProgression({ name: 'prelude', score }, undefined, { steps: [0, 1] });
 * baselinePairs(result).map(({ worm, baseline }) => worm.scores.heldOut.f1 - baseline.scores.heldOut.f1);
 */
export function baselinePairs(result: ProgressionResult): Array<{ worm: StepRow; baseline: StepRow }> {
  const out: Array<{ worm: StepRow; baseline: StepRow }> = [];
  for (const b of result.rows) {
    if (!b.baselineOf) continue;
    const w = result.rows.find((r) => !r.baselineOf && r.step === b.baselineOf);
    if (w) out.push({ worm: w, baseline: b });
  }
  return out;
}

/**
 * What the control and the baselines showed, in sentences built from the scores.
 * @example
 * const result = await runProgression({ name: 'prelude', score }, undefined, { steps: [0, 1] });
 * controlFindings(result).forEach((line) => console.log(line));
 */
export function controlFindings(result: ProgressionResult): string[] {
  const lines: string[] = [];
  const controlled = result.rows.filter((r) => r.scores.control && r.scores.control.heldOut.length > 0);
  if (controlled.length) {
    const n = Math.min(...controlled.map((r) => r.scores.control!.heldOut.length));
    const floor = 1 / (n + 1);
    const beatAll = controlled.filter((r) => r.scores.control!.heldOut.every((h) => h.f1 < r.scores.heldOut.f1));
    const belowAll = controlled.filter((r) => r.scores.control!.heldOut.every((h) => h.f1 > r.scores.heldOut.f1));
    const mean = controlled.reduce((s, r) => s + r.scores.control!.advantage, 0) / controlled.length;
    const list = (rows: StepRow[]): string => (rows.length ? ` (${rows.map((r) => r.step).join(', ')})` : '');
    lines.push(
      `Worm against surrogate worms (its columns replaced by phase-randomised copies with the same spectrum; held-out F1, ` +
        `${n} surrogate${n === 1 ? '' : 's'} per step, so the smallest attainable p is ${floor.toFixed(2)}): the real worm beat every ` +
        `surrogate in ${beatAll.length} of ${controlled.length} step${controlled.length === 1 ? '' : 's'}${list(beatAll)} and fell below every surrogate in ${belowAll.length}${list(belowAll)}; ` +
        `its mean advantage over the surrogates was ${mean >= 0 ? '+' : ''}${mean.toFixed(3)} F1.`,
    );
    const significant = controlled.filter((r) => r.scores.control!.pValue <= 0.05);
    lines.push(
      significant.length
        ? `At the 5 % level the worm carried information beyond its spectrum in step${significant.length > 1 ? 's' : ''} ${significant.map((r) => r.step).join(', ')}.`
        : `No step reaches p ≤ 0.05${floor > 0.05 ? ` (with ${n} surrogates none could)` : ''}: the control does not show the worm's timing carrying information about the onsets beyond what a signal with its spectrum carries.`,
    );
  }
  for (const { worm, baseline } of baselinePairs(result)) {
    const c = worm.scores.control;
    lines.push(
      `Step ${worm.step} (${worm.span}), held-out F1: ${worm.inputs} ${f3(worm.scores.heldOut.f1)}; ` +
        (c ? `the same with surrogate worms ${f3(c.heldOutF1)} (mean of ${c.heldOut.length}); ` : '') +
        `${baseline.inputs} ${f3(baseline.scores.heldOut.f1)}. In-sample: ${f3(worm.scores.inSample.f1)} with the worm, ${f3(baseline.scores.inSample.f1)} without.`,
    );
  }
  return lines;
}

function pad(text: string, width: number, right = false): string {
  const t = text.length > width ? `${text.slice(0, width - 1)}…` : text;
  return right ? t.padStart(width) : t.padEnd(width);
}

/**
 * The F1 table for the terminal: in-sample, held-out (with the other threshold rule), control, second piece and the
 * published figure, one row per step and baseline.
 * @example
 * const result = await runProgression({ name: 'prelude', score }, undefined, { steps: [0, 1] });
 * console.log(progressionTable(result).join('\n'));
 */
export function progressionTable(result: ProgressionResult): string[] {
  const head = [pad('step', 7), pad('method', 22), pad('inputs', 30), pad('in-sample', 9, true), pad('held-out', 9, true), pad('(rate)', 7, true), pad('control', 8, true), pad('p', 5, true), pad('2nd piece', 9, true), pad('  published', 18)];
  const lines = [head.join(' ')];
  for (const r of result.rows) {
    const s = r.scores;
    lines.push(
      [
        pad(r.baselineOf ? `${r.step} base` : r.step, 7),
        pad(r.short, 22),
        pad(r.span === 'whole piece' ? r.inputs : `${r.inputs} (${r.span})`, 30),
        pad(f3(s.inSample.f1), 9, true),
        pad(f3(s.heldOut.f1), 9, true),
        pad(f3(s.heldOut.otherRule?.f1), 7, true),
        pad(f3(s.control?.heldOutF1), 8, true),
        pad(s.control ? s.control.pValue.toFixed(2) : '—', 5, true),
        pad(f3(s.secondPiece?.f1), 9, true),
        `  ${r.seed ? r.seed.f1 : ''}`,
      ].join(' '),
    );
  }
  return lines;
}

/**
 * The whole terminal report: context, table, notes and findings.
 * @example
 * const result = await runProgression({ name: 'prelude', score }, undefined, { steps: [0, 1] });
 * console.log(progressionText(result).join('\n'));
 */
export function progressionText(result: ProgressionResult): string[] {
  const p = result.piece;
  const pcs = result.wormPcVariance.map((v) => `${(100 * v).toFixed(0)} %`).join(', ');
  const lines = [
    `neuromusic learn: ${p.name} (${p.seconds.toFixed(1)} s, ${p.onsets} onsets, ${p.onsetsPerSecond.toFixed(2)}/s)` +
      (result.secondPiece ? `; second piece ${result.secondPiece.name} (${result.secondPiece.seconds.toFixed(1)} s, ${result.secondPiece.onsets} onsets)` : '; no second piece'),
    `worm: ${result.motorNeurons} motor neurons → ${result.wormPcVariance.length} PCs (${pcs} of their variance), undulating at ${p.wormHz.toFixed(2)} Hz while listening; ` +
      `tfjs ${result.backend.backend}; seed ${result.seed}; ${result.settings.surrogates} surrogate worms per control`,
    '',
    ...progressionTable(result),
    '',
    `F1: one-to-one onset matching within ±50 ms (mir_eval), a chord one onset. in-sample: fitted and thresholded on the whole piece (PyANNOW's convention). ` +
      `held-out: model and threshold from 0–${p.heldOutFromSeconds.toFixed(1)} s, scored on ${p.heldOutFromSeconds.toFixed(1)}–${p.seconds.toFixed(1)} s; (rate): the same activation picked at the training onset rate. ` +
      `control: held-out F1 with the worm's columns replaced by surrogates (mean), p = (1 + surrogates ≥ real)/(1 + surrogates). 2nd piece: the whole-piece model on the other piece. ` +
      `published: the in-sample figures published with PyANNOW (V. Ghayoomie, 2026; threshold fitted on the targets).`,
    '',
    ...controlFindings(result),
  ];
  return lines;
}
