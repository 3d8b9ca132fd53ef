import { describe, expect, it } from 'vitest';
import { plotSvg } from './plot.js';
import { escapeHtml, reportHtml } from './html.js';

describe('reports', () => {
  it('renders a Vega-Lite line plot to SVG without a browser', async () => {
    const svg = await plotSvg({
      width: 200,
      height: 100,
      data: { values: [{ x: 0, y: 0 }, { x: 1, y: 2 }, { x: 2, y: 1 }] },
      mark: 'line',
      encoding: { x: { field: 'x', type: 'quantitative', title: 'time (s)' }, y: { field: 'y', type: 'quantitative' } },
    });
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('time (s)');
    expect(svg).toMatch(/<path[^>]+d="M/);
  });

  it('assembles a self-contained page and escapes text', () => {
    const html = reportHtml({
      title: 'A <test>',
      sections: [{ heading: 'Numbers', blocks: [{ kind: 'table', header: ['K', 'score'], rows: [[2, 0.51234], ['x&y', 3]] }, { kind: 'figures', items: [{ label: 'k', value: '12' }] }] }],
      footer: 'seed 1',
    });
    expect(html).toContain('<title>A &lt;test&gt;</title>');
    expect(html).toContain('<td>0.512</td>');
    expect(html).toContain('<td>x&amp;y</td>');
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(escapeHtml(`"'`)).toBe('&quot;&#39;');
  });
});

describe('raster images', async () => {
  const { encodePng, heatmapPng, colormapRgb, pngDataUri } = await import('./raster.js');
  const { unzlibSync } = await import('fflate');

  it('encodes a valid PNG: signature, IHDR, and pixels that inflate back', () => {
    const png = encodePng(new Uint8Array([255, 0, 0, 255, 0, 0, 255, 255]), 2, 1);
    expect(Array.from(png.subarray(0, 8))).toEqual([137, 80, 78, 71, 13, 10, 26, 10]);
    expect(String.fromCharCode(...png.subarray(12, 16))).toBe('IHDR');
    const idatLength = (png[33]! << 24) | (png[34]! << 16) | (png[35]! << 8) | png[36]!;
    const raw = unzlibSync(png.subarray(41, 41 + idatLength));
    expect(Array.from(raw)).toEqual([0, 255, 0, 0, 255, 0, 0, 255, 255]);
    expect(pngDataUri(png).startsWith('data:image/png;base64,iVBORw0KGgo')).toBe(true);
  });

  it('maps values through the colour map, keeping short peaks when columns are pooled', () => {
    expect(colormapRgb(0)).toEqual([68, 1, 84]);
    expect(colormapRgb(1)).toEqual([253, 231, 37]);
    const values = new Float64Array(1000);
    values[501] = 1;
    const png = heatmapPng(values, 1, 1000, { maxColumns: 10, colormap: 'greys' });
    const idatLength = (png[33]! << 24) | (png[34]! << 16) | (png[35]! << 8) | png[36]!;
    const raw = unzlibSync(png.subarray(41, 41 + idatLength));
    // Pixel 5 covers columns 500–599 and must show the peak (black); pixel 0 stays white.
    expect(Array.from(raw.subarray(1 + 5 * 4, 1 + 5 * 4 + 3))).toEqual([0, 0, 0]);
    expect(Array.from(raw.subarray(1, 4))).toEqual([255, 255, 255]);
  });
});
