/**
 * Plots: a Vega-Lite specification rendered to a standalone SVG string by Vega's headless renderer. No browser and
 * no canvas are needed, so reports are made in Node and in the browser by the same code.
 */
import type { TopLevelSpec } from 'vega-lite';
import { namedExport } from '../math/interop.js';

type VegaApi = typeof import('vega');
type VegaLiteApi = typeof import('vega-lite');

/** Vega is loaded on first use: it doubles a command's start-up time, and most runs draw nothing. */
let libraries: Promise<{ View: VegaApi['View']; parse: VegaApi['parse']; compile: VegaLiteApi['compile'] }> | undefined;
function loadVega(): NonNullable<typeof libraries> {
  libraries ??= Promise.all([import('vega'), import('vega-lite')]).then(([vegaModule, vegaLiteModule]) => ({
    View: namedExport<VegaApi['View']>(vegaModule, 'View'),
    parse: namedExport<VegaApi['parse']>(vegaModule, 'parse'),
    compile: namedExport<VegaLiteApi['compile']>(vegaLiteModule, 'compile'),
  }));
  return libraries;
}

/** A Vega-Lite spec (the `$schema` is filled in). */
export type PlotSpec = TopLevelSpec;

/** Shared look: readable fonts, no chart border, a colour scheme that survives greyscale printing. */
export const PLOT_CONFIG = {
  font: 'Helvetica, Arial, sans-serif',
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, grid: true, gridOpacity: 0.35 },
  legend: { labelFontSize: 11, titleFontSize: 12 },
  title: { fontSize: 14, anchor: 'start' },
  range: { category: { scheme: 'tableau10' } },
} as const;

/**
 * Renders a Vega-Lite spec to an SVG string.
 * @example
 * const svg = await plotSvg({ data: { values: [{ x: 1, y: 2 }] }, mark: 'point',
 *   encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } });
 */
export async function plotSvg(spec: PlotSpec): Promise<string> {
  const full = {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    background: 'white',
    ...spec,
    config: { ...PLOT_CONFIG, ...(spec as { config?: object }).config },
  } as TopLevelSpec;
  const { View, parse, compile } = await loadVega();
  const compiled = compile(full).spec;
  const view = new View(parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
