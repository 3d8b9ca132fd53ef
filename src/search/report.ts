/**
 * The search report: the best points, the convergence of the strategy (each evaluation's value and the best so
 * far), the minimised value against each searched parameter, and for the first two numeric parameters a heat map of
 * the best value found in each cell of their plane.
 */
import { reportHtml, type ReportSection } from '../report/html.js';
import type { PlotSpec } from '../report/plot.js';
import { heatmapPng, imagePlotSpec, pngDataUri } from '../report/raster.js';
import { bestLines, type ResultLine } from './results.js';
import { specSpace } from './space.js';
import type { SearchSpec } from './spec.js';

/** What the report shows besides the lines. */
export interface SearchReportInput {
  spec: SearchSpec;
  lines: readonly ResultLine[];
  stopReason: string;
  /** Extra figures (e.g. a study's measured values beside the best point's). */
  figures?: Array<{ label: string; value: string }>;
  /** Extra sections appended at the end. */
  sections?: ReportSection[];
  footer?: string;
}

function fmt(v: number | string | boolean | undefined): string {
  if (typeof v !== 'number') return String(v);
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : Number(v.toPrecision(4)).toString();
}

/** Best-so-far curve and every evaluation's value against its index. */
export function convergenceSpec(lines: readonly ResultLine[], metric: string): PlotSpec {
  let best = Infinity;
  const values = [...lines].sort((a, b) => a.index - b.index).filter((l) => Number.isFinite(l.value)).map((l) => {
    best = Math.min(best, l.value);
    return { evaluation: l.index + 1, value: l.value, best };
  });
  const positive = values.every((v) => v.value > 0);
  const scale = positive ? { type: 'log' as const } : {};
  return {
    width: 800,
    height: 240,
    title: 'Convergence',
    data: { values },
    layer: [
      { mark: { type: 'point', size: 14, opacity: 0.5, color: '#888' }, encoding: { x: { field: 'evaluation', type: 'quantitative' }, y: { field: 'value', type: 'quantitative', title: `${metric} (+ prior penalty)`, scale } } },
      { mark: { type: 'line', color: '#c0392b', interpolate: 'step-after' }, encoding: { x: { field: 'evaluation', type: 'quantitative' }, y: { field: 'best', type: 'quantitative', scale } } },
    ],
  } as PlotSpec;
}

/** The minimised value against one parameter, one point per evaluation. */
export function parameterSpec(lines: readonly ResultLine[], name: string, log: boolean, metric: string): PlotSpec {
  const values = lines.filter((l) => Number.isFinite(l.value) && typeof l.params[name] === 'number').map((l) => ({ x: l.params[name], value: l.value }));
  const positive = values.every((v) => v.value > 0);
  return {
    width: 260,
    height: 180,
    data: { values },
    mark: { type: 'point', size: 14, opacity: 0.6 },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: name, scale: log ? { type: 'log' } : { zero: false } },
      y: { field: 'value', type: 'quantitative', title: metric, scale: positive ? { type: 'log' } : { zero: false } },
    },
  } as PlotSpec;
}

/** The best value in each of cells × cells bins of two parameters' plane (unit-box coordinates); NaN where empty. */
export function bestValueGrid(spec: SearchSpec, lines: readonly ResultLine[], a: string, b: string, cells = 24): Float64Array {
  const space = specSpace(spec);
  const grid = new Float64Array(cells * cells).fill(NaN);
  for (const l of lines) {
    if (!Number.isFinite(l.value)) continue;
    const i = Math.min(cells - 1, Math.floor(space.toUnit(a, l.params[a]!) * cells));
    const j = Math.min(cells - 1, Math.floor(space.toUnit(b, l.params[b]!) * cells));
    const k = j * cells + i;
    if (!(grid[k]! <= l.value)) grid[k] = l.value;
  }
  return grid;
}

/**
 * The report as one self-contained HTML page.
 * @example
 * import { localExecutor } from './local-executor.js';
 * import { runSearch } from './runner.js';
 * import { parseSearchSpec } from './spec.js';
 * const spec = parseSearchSpec({ objective: 'sphere', parameters: { x1: { min: -1, max: 1 }, x2: { min: -1, max: 1 } }, strategy: { kind: 'random', evaluations: 20 } });
 * const result = await runSearch(spec, localExecutor());
 * const html = await searchReportHtml({ spec, lines: result.lines, stopReason: result.stopReason });
 * html.includes('Heat map: x1 × x2'); // → true
 */
export async function searchReportHtml(input: SearchReportInput): Promise<string> {
  const { plotSvg } = await import('../report/plot.js');
  const { spec, lines } = input;
  const space = specSpace(spec);
  const best = bestLines(lines, 10);
  const ranges = space.names.filter((n) => {
    const d = spec.parameters[n]!;
    return 'min' in d;
  });
  const failed = lines.filter((l) => l.error !== undefined).length;
  const seconds = lines.reduce((s, l) => s + l.seconds, 0);
  const hosts = new Set(lines.map((l) => `${l.host} ${l.worker}`));
  const sections: ReportSection[] = [
    {
      heading: 'The search',
      blocks: [
        { kind: 'figures', items: [
          { label: 'objective', value: spec.objective },
          { label: 'strategy', value: spec.strategy.kind },
          { label: 'evaluations', value: String(lines.length) },
          { label: `best ${spec.minimize}`, value: best[0] ? fmt(best[0].value) : '—' },
          { label: 'failed', value: String(failed) },
          { label: 'evaluation time (sum)', value: `${seconds.toFixed(1)} s` },
          { label: 'workers seen', value: String(hosts.size) },
          ...(input.figures ?? []),
        ] },
        { kind: 'text', html: `<p>Stopped: ${input.stopReason.replace(/[<>&]/g, '')}. Parameters searched: ${space.names.join(', ')}${Object.keys(space.fixed).length ? `; fixed: ${Object.entries(space.fixed).map(([k, v]) => `${k} = ${String(v)}`).join(', ')}` : ''}.${space.hasPriors && spec.priorWeight > 0 ? ` The minimised value includes the priors' penalty × ${spec.priorWeight}.` : ''}</p>` },
      ],
    },
    {
      heading: 'Best points',
      blocks: [{ kind: 'table', header: ['#', 'value', ...space.names, ...Object.keys(best[0]?.metrics ?? {}).filter((m) => m !== spec.minimize).slice(0, 8)], rows: best.map((l, r) => [r + 1, fmt(l.value), ...space.names.map((n) => fmt(l.params[n])), ...Object.entries(l.metrics).filter(([m]) => m !== spec.minimize).slice(0, 8).map(([, v]) => fmt(v))]) }],
    },
  ];
  if (lines.some((l) => Number.isFinite(l.value))) {
    sections.push({ heading: 'Convergence', blocks: [{ kind: 'plot', svg: await plotSvg(convergenceSpec(lines, spec.minimize)), caption: 'Grey: each evaluation in the order the strategy asked for it; red: the best so far.' }] });
    const plots = [];
    for (const name of ranges) {
      const d = spec.parameters[name]!;
      plots.push({ kind: 'plot' as const, svg: await plotSvg(parameterSpec(lines, name, 'scale' in d && d.scale === 'log', spec.minimize)) });
    }
    if (plots.length) sections.push({ heading: 'The objective against each parameter', blocks: plots });
    if (ranges.length >= 2) {
      const [a, b] = [ranges[0]!, ranges[1]!];
      const cells = 24;
      const grid = bestValueGrid(spec, lines, a, b, cells);
      const finite = Array.from(grid).filter(Number.isFinite);
      const logScale = finite.length > 0 && finite.every((v) => v > 0);
      const shown = Float64Array.from(grid, (v) => (Number.isFinite(v) ? (logScale ? Math.log10(v) : v) : NaN));
      const hi = Math.max(...Array.from(shown).filter(Number.isFinite));
      const filled = Float64Array.from(shown, (v) => (Number.isFinite(v) ? v : hi));
      const png = heatmapPng(filled, cells, cells, { colormap: 'viridis' });
      sections.push({
        heading: `Heat map: ${a} × ${b}`,
        blocks: [{ kind: 'plot', svg: await plotSvg(imagePlotSpec(pngDataUri(png), { x: [0, 1], y: [0, 1], xTitle: `${a} (position in its range)`, yTitle: `${b} (position in its range)`, width: 420, height: 420 })), caption: `The best ${spec.minimize} found in each of ${cells} × ${cells} cells${logScale ? ' (log10)' : ''}; dark = low. Cells without an evaluation take the highest colour.` }],
      });
    }
  }
  sections.push(...(input.sections ?? []));
  return reportHtml({ title: `Search: ${spec.name}`, subtitle: `${spec.objective} · ${spec.strategy.kind} · ${lines.length} evaluations`, sections, ...(input.footer ? { footer: input.footer } : {}) });
}
