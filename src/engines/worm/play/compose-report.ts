/**
 * The HTML report of `neuromusic compose --engine worm`: what the worm did (muscle raster, trajectory) beside what it
 * played (notes over time, coloured by quadrant), and the music of each command step.
 */
import { escapeHtml, reportHtml, type ReportBlock } from '../../../report/html.js';
import { plotSvg, type PlotSpec } from '../../../report/plot.js';
import { heatmapPng, imagePlotSpec, pngDataUri } from '../../../report/raster.js';
import { pianoRoll } from '../../../analysis/piano-roll.js';
import { compositionSummary, type WormComposition } from './compose.js';
import { muscleRasterPlot, wormTrajectoryPlot } from '../model/report.js';
import { summarizeRecording } from '../model/summary.js';
import { REGISTER_ORDER } from './to-notes.js';

const fmt = (x: number | null | undefined, digits = 2): string => (x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(digits));

/** Above this many notes the notes plot is drawn as an image (a piano roll) rather than one mark per note. */
const MAX_NOTE_MARKS = 3000;

/**
 * Builds the report.
 * @example
 * const html = await composeReportHtml(composeWorm({ seconds: 20 }, { record: true }), { command: 'neuromusic compose' });
 */
export async function composeReportHtml(c: WormComposition, ctx: { command?: string; version?: string } = {}): Promise<string> {
  const recording = c.recording;
  if (!recording) throw new RangeError('the report needs the run\'s recording: compose with { record: true }');
  const s = compositionSummary(c);
  const body = summarizeRecording(recording, c.schedule);
  const medium = c.options.medium === 0 ? 'water' : c.options.medium === 1 ? 'agar' : `medium ${c.options.medium.toFixed(2)}`;
  const figures = [
    { label: 'notes', value: String(s['notes']) },
    { label: 'notes per second', value: fmt(s['notesPerSecond'] as number, 1) },
    { label: 'key', value: String(s['key']) },
    { label: 'tempo from the body cycle', value: `${fmt(s['tempoBpm'] as number, 0)} bpm` },
    { label: 'most notes at once', value: String(s['maxPolyphony']) },
    { label: 'undulation (whole run)', value: `${fmt(body.overall.undulationHz)} Hz` },
    { label: 'environment', value: medium },
  ];
  const sections = [
    {
      heading: 'Summary',
      blocks: [
        { kind: 'figures', items: figures },
        {
          kind: 'text',
          html: `<p>The worm followed <code>${escapeHtml(c.schedule.text)}</code> for ${c.options.seconds} s in ${medium} (seed ${c.options.seed}).
          Each body-wall muscle is a key: the quadrant picks the register (dorsal-left bass, ventral-left, dorsal-right, ventral-right treble),
          the segment the scale step (head high, tail low), the contraction's strength the velocity, its length the note's length. The body's
          undulation is the bar: each quadrant plays a simple division of it, so the environment sets the tempo, and the wave's direction sets
          the melodic direction (head → tail walks down each register).</p>`,
        },
      ] as ReportBlock[],
    },
    { heading: 'Notes over time', blocks: [await notesPlot(c)] },
    { heading: 'Music per command step', blocks: [stepTable(c)] },
    { heading: 'Body-wall muscles (95 × time)', blocks: [await muscleRasterPlot(recording)] },
    { heading: 'Trajectory', blocks: [await wormTrajectoryPlot(recording)] },
  ];
  return reportHtml({
    title: 'The worm plays',
    subtitle: `${c.options.seconds} s · ${medium} · ${String(s['key'])} · ${c.score.notes.length} notes`,
    sections,
    footer: `${ctx.command ?? ''}${ctx.version ? ` · neuromusic ${ctx.version}` : ''} · seed ${c.options.seed}`,
  });
}

const VOICE_LABELS = ['DL (bass)', 'VL', 'DR', 'VR (treble)'];

async function notesPlot(c: WormComposition): Promise<ReportBlock> {
  const end = c.options.seconds;
  const rules = c.schedule.steps.filter((st) => st.startS > 0 && st.startS < end).map((st) => ({ t: st.startS, label: st.action }));
  const ruleLayers = rules.length
    ? [
        { data: { values: rules }, mark: { type: 'rule', color: 'black', strokeDash: [4, 3] }, encoding: { x: { field: 't', type: 'quantitative' } } },
        { data: { values: rules }, mark: { type: 'text', align: 'left', dx: 3, baseline: 'top', fontSize: 11 }, encoding: { x: { field: 't', type: 'quantitative' }, y: { value: 2 }, text: { field: 'label' } } },
      ]
    : [];
  let layers: unknown[];
  if (c.score.notes.length <= MAX_NOTE_MARKS) {
    const values = c.score.notes.map((n) => ({ t0: n.onset, t1: n.onset + n.duration, p: n.pitch, p1: n.pitch + 0.9, v: n.velocity, quadrant: VOICE_LABELS[n.voice] ?? String(n.voice) }));
    layers = [
      {
        data: { values },
        mark: { type: 'rect' },
        encoding: {
          x: { field: 't0', type: 'quantitative', title: 'time (s)', scale: { domain: [0, end], nice: false } },
          x2: { field: 't1' },
          y: { field: 'p', type: 'quantitative', title: 'MIDI pitch', scale: { zero: false } },
          y2: { field: 'p1' },
          color: { field: 'quadrant', type: 'nominal', scale: { domain: VOICE_LABELS, range: ['#1f77b4', '#2ca02c', '#ff7f0e', '#d62728'] }, title: 'quadrant' },
          opacity: { field: 'v', type: 'quantitative', scale: { domain: [0, 1], range: [0.3, 1] }, legend: null },
        },
      },
    ];
  } else {
    const roll = pianoRoll(c.score, { frameSeconds: Math.max(0.02, end / 4000) });
    const lo = roll.pitches[0]!;
    const hi = roll.pitches[roll.pitches.length - 1]!;
    const rows = hi - lo + 1;
    const values = new Float32Array(rows * roll.frames);
    roll.pitches.forEach((p, r) => {
      for (let f = 0; f < roll.frames; f++) values[(p - lo) * roll.frames + f] = roll.active[r * roll.frames + f]!;
    });
    const png = heatmapPng(values, rows, roll.frames, { colormap: 'greys', min: 0, max: 1, rowZeroAtBottom: true });
    const { width: _w, height: _h, ...image } = imagePlotSpec(pngDataUri(png), { x: [0, roll.frames * roll.frameSeconds], y: [lo, hi + 1], xTitle: 'time (s)', yTitle: 'MIDI pitch' }) as unknown as Record<string, unknown>;
    layers = [image];
  }
  const svg = await plotSvg({ width: 900, height: 300, layer: [...layers, ...ruleLayers] } as unknown as PlotSpec);
  return {
    kind: 'plot',
    svg,
    caption: `Every note as a bar from onset to release, coloured by the quadrant that played it (${REGISTER_ORDER.join(', ')} from low to high), fainter when softer; dashed lines mark the command script's steps.`,
  };
}

function stepTable(c: WormComposition): ReportBlock {
  return {
    kind: 'table',
    header: ['step', 'window (s)', 'notes/s', 'mean note length (s)', 'mean velocity', 'melodic direction (−1 falling … +1 rising)', 'notes DL / VL / DR / VR'],
    rows: c.steps.map((st, i) => [
      `${i + 1}. ${st.action}`,
      `${st.fromS.toFixed(1)}–${st.toS.toFixed(1)}`,
      fmt(st.notesPerSecond, 1),
      fmt(st.meanDurationSeconds),
      fmt(st.meanVelocity),
      fmt(st.melodicDirection),
      st.notesPerVoice.join(' / '),
    ]),
    caption: 'Forward crawling walks down the registers (negative direction), reversing walks up; a pause is silent; the environment changes the note lengths and the tempo.',
  };
}
