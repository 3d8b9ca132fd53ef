/**
 * The progression as a self-contained HTML page: the F1 table beside the published figures, the F1 of every step in
 * every column, the control (the real worm's held-out F1 among its surrogates'), the loss curves of the trained
 * steps, what each step found (residuals, λ, K, OOB score, learned constants), and the best held-out step's onsets
 * against the piece's. Every plot renders in Node.
 */
import { escapeHtml, reportHtml, type ReportBlock, type ReportSection } from '../../report/html.js';
import { plotSvg, type PlotSpec } from '../../report/plot.js';
import { lossCurvesSpec } from '../loss-curves.js';
import { bestHeldOutRow, type ProgressionResult } from './run.js';
import { controlFindings, controlSpread } from './summary.js';
import type { StepRow } from './steps.js';

/** Options of {@link progressionReportHtml}. */
export interface ProgressionReportOptions {
  /** The command line, for the footer. */
  command?: string;
  /** Version and date, for the footer. */
  generator?: string;
  /** Files written beside the report (name → what it is), listed in the last section. */
  files?: Array<{ name: string; what: string }>;
  /** The step whose held-out onsets are shown and were written (default the best held-out step). */
  played?: StepRow;
}

function rowLabel(r: StepRow): string {
  return r.baselineOf ? `${r.step} base` : r.step;
}

/**
 * A table whose text columns (`left`) are left-aligned: the report's default style right-aligns every column but
 * the first, which suits numbers, not method names.
 */
function htmlTable(header: string[], rows: string[][], left: number[], caption?: string): ReportBlock {
  const cell = (tag: string, text: string, c: number): string =>
    `<${tag}${left.includes(c) ? ' style="text-align:left"' : ''}>${escapeHtml(text)}</${tag}>`;
  return {
    kind: 'text',
    html:
      `<table>${caption ? `<caption>${escapeHtml(caption)}</caption>` : ''}<thead><tr>${header.map((h, c) => cell('th', h, c)).join('')}</tr></thead>` +
      `<tbody>${rows.map((r) => `<tr>${r.map((x, c) => cell('td', x, c)).join('')}</tr>`).join('')}</tbody></table>`,
  };
}

function f3(x: number | undefined): string {
  return x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(3);
}

function f1Spec(result: ProgressionResult): PlotSpec {
  const order = result.rows.map(rowLabel);
  const values: Array<{ row: string; column: string; f1: number }> = [];
  for (const r of result.rows) {
    const s = r.scores;
    values.push({ row: rowLabel(r), column: 'in-sample', f1: s.inSample.f1 }, { row: rowLabel(r), column: 'held-out', f1: s.heldOut.f1 });
    if (s.control) values.push({ row: rowLabel(r), column: 'control (surrogate worm, held-out)', f1: s.control.heldOutF1 });
    if (s.secondPiece) values.push({ row: rowLabel(r), column: 'second piece', f1: s.secondPiece.f1 });
  }
  return {
    title: 'Musical F1 of each step (one-to-one, ±50 ms)',
    width: 760,
    height: 280,
    data: { values },
    mark: { type: 'point', filled: true, size: 70, opacity: 0.85 },
    encoding: {
      x: { field: 'row', type: 'ordinal', sort: order, title: 'step (base: the same learner without the worm)', axis: { labelAngle: 0 } },
      y: { field: 'f1', type: 'quantitative', scale: { domain: [0, 1] }, title: 'F1' },
      color: { field: 'column', type: 'nominal', title: null, sort: ['in-sample', 'held-out', 'control (surrogate worm, held-out)', 'second piece'], legend: { orient: 'bottom', direction: 'horizontal' } },
      shape: { field: 'column', type: 'nominal', legend: null },
    },
  } as PlotSpec;
}

function controlSpec(rows: StepRow[]): PlotSpec {
  const values: Array<{ row: string; kind: string; f1: number }> = [];
  for (const r of rows) {
    values.push({ row: rowLabel(r), kind: 'real worm', f1: r.scores.heldOut.f1 });
    for (const h of r.scores.control!.heldOut) values.push({ row: rowLabel(r), kind: 'surrogate worm', f1: h.f1 });
  }
  return {
    title: 'Held-out F1: the real worm (●) among its surrogates (○)',
    width: 620,
    height: 240,
    data: { values },
    encoding: {
      x: { field: 'row', type: 'ordinal', sort: rows.map(rowLabel), title: 'step', axis: { labelAngle: 0 } },
      y: { field: 'f1', type: 'quantitative', scale: { zero: false }, title: 'held-out F1' },
      color: { field: 'kind', type: 'nominal', title: null, scale: { range: ['#e15759', '#4e79a7'] }, legend: { orient: 'bottom' } },
    },
    layer: [
      { transform: [{ filter: "datum.kind === 'surrogate worm'" }], mark: { type: 'point', size: 50, filled: false } },
      { transform: [{ filter: "datum.kind === 'real worm'" }], mark: { type: 'point', size: 90, filled: true } },
    ],
  } as PlotSpec;
}

function onsetStripSpec(result: ProgressionResult, row: StepRow, seconds: number): PlotSpec {
  const s = row.scores.heldOut;
  const from = s.testSpan.startSeconds;
  const to = Math.min(s.testSpan.endSeconds, from + seconds);
  const targets = result.heard.piece.score.notes.map((n) => n.onset).filter((t) => t >= from && t < to);
  const values = [
    ...[...new Set(targets)].map((t) => ({ t, what: 'piece' })),
    ...Array.from(s.predicted).filter((t) => t >= from && t < to).map((t) => ({ t, what: `step ${row.step}` })),
  ];
  return {
    title: `Onsets, ${from.toFixed(1)}–${to.toFixed(1)} s of the held-out span: the piece and step ${row.step}`,
    width: 760,
    height: 90,
    data: { values },
    mark: { type: 'tick', thickness: 1.5 },
    encoding: {
      x: { field: 't', type: 'quantitative', scale: { domain: [from, to] }, title: 'time (s)' },
      y: { field: 'what', type: 'nominal', title: null },
      color: { field: 'what', type: 'nominal', legend: null },
    },
  } as PlotSpec;
}

function infoValue(v: number | string): string {
  if (typeof v === 'string') return v;
  if (Number.isInteger(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e4) ? v.toExponential(2) : v.toPrecision(4);
}

function tableBlock(result: ProgressionResult): ReportBlock {
  return htmlTable(
    ['step', 'method', 'inputs', 'in-sample F1', 'held-out F1', 'held-out, rate rule', 'control F1 (mean)', 'control p', 'second piece F1', 'published (in-sample)'],
    result.rows.map((r) => {
      const s = r.scores;
      return [
        r.baselineOf ? `${r.step} baseline` : r.step,
        r.method,
        r.span === 'whole piece' ? r.inputs : `${r.inputs} (${r.span})`,
        f3(s.inSample.f1),
        f3(s.heldOut.f1),
        f3(s.heldOut.otherRule?.f1),
        f3(s.control?.heldOutF1),
        s.control ? s.control.pValue.toFixed(2) : '—',
        f3(s.secondPiece?.f1),
        r.seed ? r.seed.f1 : '',
      ];
    }),
    [0, 1, 2, 9],
  );
}

/**
 * Renders the progression's report.
 * @example
 * const result = await runProgression({ name: 'prelude', score }, undefined, { steps: [0, 1] });
 * const html = await progressionReportHtml(result, { command: 'neuromusic learn prelude.mid' });
 */
export async function progressionReportHtml(result: ProgressionResult, options: ProgressionReportOptions = {}): Promise<string> {
  const p = result.piece;
  const sections: ReportSection[] = [];
  const best = bestHeldOutRow(result);
  const played = options.played ?? best;
  const random = result.rows.find((r) => r.step === '0');
  sections.push({
    heading: 'The F1 progression',
    blocks: [
      {
        kind: 'figures',
        items: [
          ...(best ? [{ label: `best held-out F1 (step ${best.step}, ${best.short})`, value: f3(best.scores.heldOut.f1) }] : []),
          ...(random ? [{ label: 'random onsets, held-out', value: f3(random.scores.heldOut.f1) }] : []),
          { label: 'target onsets (a chord counts once)', value: String(p.onsets) },
          { label: 'held-out span', value: `${p.heldOutFromSeconds.toFixed(1)}–${p.seconds.toFixed(1)} s` },
          { label: 'surrogate worms per control', value: String(result.settings.surrogates) },
        ],
      },
      tableBlock(result),
      {
        kind: 'text',
        html:
          '<p><b>in-sample</b>: fitted on the whole piece and thresholded on the same frames — PyANNOW\'s convention, for comparison with its published figures. ' +
          `<b>held-out</b>: model and threshold from the first 70 % (0–${p.heldOutFromSeconds.toFixed(1)} s), scored on the rest; ` +
          '<b>rate rule</b>: the same activation picked at the onset rate the training threshold produced, instead of at its value (after L-BFGS the value often does not transfer). ' +
          '<b>control</b>: the held-out protocol again with the worm\'s columns replaced by phase-randomised surrogates (same power spectrum, random phases); ' +
          'p = (1 + surrogates scoring at least the real worm) / (1 + surrogates). <b>second piece</b>: the whole-piece model and threshold on another piece the worm heard. ' +
          'Baselines are the same learner without the worm. <b>published</b>: the in-sample figures published with PyANNOW (V. Ghayoomie, 2026), threshold fitted on the targets — ' +
          '0.186–0.217 for random onsets (step 0), 0.933 for Fourier time + worm PCs on a 10 s window (step 9), 0.858 for its pure-time net ' +
          '(NB04, trained on the whole piece; PyANNOW quotes it as step 9\'s ceiling).</p>',
      },
      { kind: 'plot', svg: await plotSvg(f1Spec(result)) },
    ],
  });

  const controlled = result.rows.filter((r) => r.scores.control && r.scores.control.heldOut.length > 0);
  sections.push({
    heading: 'Does the worm add information beyond time?',
    blocks: [
      { kind: 'text', html: controlFindings(result).map((l) => `<p>${escapeHtml(l)}</p>`).join('') },
      {
        kind: 'text',
        html:
          '<p>The worm hears the piece: <code>musicDrive</code> turns its loudness, bass weight and register into the command interneurons\' input, so ' +
          'anything the worm adds is the piece\'s own dynamics passed through its nervous system and body. A surrogate keeps each worm column\'s spectrum ' +
          '(its rhythm, the ~2 Hz body wave) and destroys its alignment with the music: a step that scores as well on surrogates found the worm\'s rhythm ' +
          'useful, not its listening. Two cautions. A phase-randomised surrogate is stationary, while the real worm\'s activity changes with the piece\'s ' +
          'sections: on a time split that can favour the surrogates, so a real worm below all of them means its features shifted between the training and ' +
          'the test span, not that it "knows less". And p-values over many steps need correcting for their number before any one of them is read as a finding. ' +
          'The beat phase of a quantised score marks the note grid by itself, which is why the beat-only forest is a baseline.</p>',
      },
      ...(controlled.length
        ? [
            { kind: 'plot', svg: await plotSvg(controlSpec(controlled)) } as ReportBlock,
            {
              kind: 'table',
              header: ['step', 'real held-out F1', 'surrogates: mean', 'sd', 'real − mean (sd)', 'p'],
              rows: controlled.map((r) => {
                const sp = controlSpread(r)!;
                return [rowLabel(r), f3(r.scores.heldOut.f1), f3(sp.mean), f3(sp.sd), Number.isFinite(sp.z) ? sp.z.toFixed(1) : '—', r.scores.control!.pValue.toFixed(2)];
              }),
            } as ReportBlock,
          ]
        : []),
    ],
  });

  const trained = result.rows.filter((r) => r.curves.length > 0);
  if (trained.length) {
    const blocks: ReportBlock[] = [];
    for (const r of trained) blocks.push({ kind: 'plot', svg: await plotSvg(lossCurvesSpec(r.curves, `Step ${rowLabel(r)}: ${r.short} (${r.inputs})`)) });
    sections.push({ heading: 'Loss curves (whole-piece fits)', blocks });
  }

  const withInfo = result.rows.filter((r) => Object.keys(r.info).length > 0);
  if (withInfo.length) {
    sections.push({
      heading: 'Inside each step',
      blocks: [
        {
          kind: 'text',
          html:
            '<p>From the whole-piece fits: the residual of step 1 (disparity ‖aligned − P‖²/‖P − P̄‖² against the piece\'s whitened feature space, before and after the rotation), K and silhouette of ' +
            'step 2, λ of step 3, the objectives of the MLPs, the out-of-bag score and feature importances of step 7, the learned constants of the PINNs.</p>',
        },
        htmlTable(
          ['step', 'inputs', 'figures of the whole-piece fit'],
          withInfo.map((r) => [`${rowLabel(r)}: ${r.short}`, r.inputs, Object.entries(r.info).map(([k, v]) => `${k} ${infoValue(v)}`).join(' · ')]),
          [0, 1, 2],
        ),
      ],
    });
  }

  if (played) {
    const files = options.files ?? [];
    sections.push({
      heading: `${played === best ? 'The best held-out step' : 'Held-out onsets of step'} ${played.step} (${played.short}, ${played.inputs})`,
      blocks: [
        { kind: 'plot', svg: await plotSvg(onsetStripSpec(result, played, 20)) },
        {
          kind: 'text',
          html:
            `<p>Its held-out predictions become notes: the timing is the learner's, the pitch the worm's — at each predicted onset the most active body-wall ` +
            'muscle chooses the key through the worm\'s note mapping (quadrant → register, segment → scale step, head high), over the piece\'s pitch range and key.</p>' +
            (files.length ? `<ul>${files.map((f) => `<li><a href="${escapeHtml(f.name)}">${escapeHtml(f.name)}</a> — ${escapeHtml(f.what)}</li>`).join('')}</ul>` : ''),
        },
      ],
    });
  }

  sections.push({
    heading: 'Time per stage',
    blocks: [{ kind: 'table', header: ['stage', 'seconds'], rows: result.timings.map((t) => [t.label, t.seconds.toFixed(1)]) }],
  });

  const second = result.secondPiece;
  return reportHtml({
    title: 'Teaching the worm a piece: the learning progression',
    subtitle:
      `${p.name} (${p.seconds.toFixed(1)} s, ${p.onsets} onsets)` +
      (second ? ` · second piece ${second.name} (${second.seconds.toFixed(1)} s, ${second.onsets} onsets)` : ' · no second piece') +
      ` · worm: ${result.motorNeurons} motor neurons, ${p.wormHz.toFixed(2)} Hz while listening · tfjs ${result.backend.backend} · seed ${result.seed}`,
    sections,
    footer: [options.command, options.generator].filter(Boolean).join(' · '),
  });
}
