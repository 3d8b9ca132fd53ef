/**
 * neuromusic/report — self-contained HTML reports: sections of text, tables, Vega-Lite plots rendered to inline
 * SVG, and heatmaps encoded as PNG data URIs. The engines and analyses build their reports from these pieces.
 *
 * @example
 * ```ts
 * import { reportHtml, plotSvg } from 'neuromusic/report';
 * const svg = await plotSvg({ mark: 'line', data: { values: [{ x: 0, y: 1 }, { x: 1, y: 3 }] },
 *   encoding: { x: { field: 'x', type: 'quantitative' }, y: { field: 'y', type: 'quantitative' } } });
 * const html = reportHtml({ title: 'A line', sections: [{ heading: 'Plot', blocks: [{ kind: 'plot', svg }] }] });
 * ```
 *
 * @module neuromusic/report
 */
export { reportHtml, escapeHtml, type Report, type ReportSection, type ReportBlock } from './html.js';
export { plotSvg, PLOT_CONFIG, type PlotSpec } from './plot.js';
export { heatmapPng, imagePlotSpec, colormapRgb, encodePng, pngDataUri, type Colormap, type HeatmapOptions } from './raster.js';
