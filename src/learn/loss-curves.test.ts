import { describe, expect, it } from 'vitest';
import { lossCurvesSpec } from './loss-curves.js';
import { plotSvg } from '../report/plot.js';

describe('loss curves', () => {
  it('plot Adam then L-BFGS on one log axis, dropping non-positive values', async () => {
    const curves = [
      { label: 'Adam', step: [1, 2, 3], loss: [1, 0.5, 0.3] },
      { label: 'L-BFGS', step: [3, 4, 5], loss: [0.3, 0.1, 0] },
    ];
    const spec = lossCurvesSpec(curves, 'Step 5');
    const values = (spec as { data: { values: unknown[] } }).data.values;
    expect(values.length).toBe(5); // the 0 cannot sit on a log axis
    const svg = await plotSvg(spec);
    expect(svg).toContain('<svg');
    expect(svg).toContain('L-BFGS');
    expect(svg).toContain('Step 5');
  });
});
