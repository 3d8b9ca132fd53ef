import { describe, expect, it } from 'vitest';
import { DEFAULT_MAPPING_TABLE, DuetControlMapper, mapIndicesToControls, mapRow, parseMappingTable } from './mapping.js';
import { DEFAULT_DUET_CONTROLS } from './controls.js';

const calm = { stress: 0, attention: 0, engagement: 0, relaxation: 0 };

describe('the mapping table', () => {
  it('gives the defaults at baseline and moves each control the documented way', () => {
    expect(mapIndicesToControls(calm)).toEqual(DEFAULT_DUET_CONTROLS);
    const relaxed = mapIndicesToControls({ ...calm, relaxation: 3 });
    expect(relaxed.lambda2).toBe(0.5); // clipped at atHigh
    expect(mapIndicesToControls({ ...calm, relaxation: -1 }).lambda2).toBeCloseTo(2.5, 12); // halfway to atLow = 3
    expect(mapIndicesToControls({ ...calm, stress: 1 }).rho).toBeCloseTo(36.5, 12); // 28 + (45 − 28)/2
    expect(mapIndicesToControls({ ...calm, stress: -2 }).rho).toBe(20); // below 24.74: the melodist settles
    expect(mapIndicesToControls({ ...calm, attention: 2 }).tempoScale).toBeCloseTo(1.2, 12);
    expect(mapIndicesToControls({ ...calm, engagement: -50 }).density).toBe(0.25);
  });

  it('stays within the anchors for any input, and treats NaN as no evidence', () => {
    for (const row of DEFAULT_MAPPING_TABLE.rows) {
      const lo = Math.min(row.atLow, row.atHigh), hi = Math.max(row.atLow, row.atHigh);
      for (const z of [-1e9, -3, -0.1, 0, 0.7, 5, 1e9, Infinity, -Infinity]) {
        const v = mapRow(row, z);
        expect(v).toBeGreaterThanOrEqual(lo);
        expect(v).toBeLessThanOrEqual(hi);
      }
      expect(mapRow(row, NaN)).toBe(row.atZero);
    }
  });

  it('loads from JSON and fills defaults', () => {
    const table = parseMappingTable(JSON.parse('{"timeConstantSeconds": 0.5, "rows": [{"control": "density", "index": "attention", "atLow": 0.1, "atZero": 0.4, "atHigh": 1}]}'));
    expect(table.rows[0]!.zSpan).toBe(2);
    const c = mapIndicesToControls({ ...calm, attention: 1 }, table);
    expect(c.density).toBeCloseTo(0.7, 12);
    expect(c.rho).toBe(28); // no row: the base value
  });

  it('refuses broken tables with the field named', () => {
    expect(() => parseMappingTable({ rows: [{ control: 'tempo', index: 'stress', atLow: 1, atZero: 1, atHigh: 1 }] })).toThrow(/rows\.0\.control/);
    expect(() => parseMappingTable({ rows: [{ control: 'rho', index: 'stress', atLow: 30, atZero: 20, atHigh: 40 }] })).toThrow(/monotone/);
    expect(() => parseMappingTable({ rows: [{ control: 'rho', index: 'stress', atLow: 20, atZero: 28, atHigh: 40, zSpan: 0 }] })).toThrow(/zSpan/);
    const row = { control: 'rho', index: 'stress', atLow: 20, atZero: 28, atHigh: 40 };
    expect(() => parseMappingTable({ rows: [row, row] })).toThrow(/one row only/);
    expect(() => parseMappingTable({ rows: [{ control: 'density', index: 'stress', atLow: 0, atZero: 0.5, atHigh: 1.5 }] })).toThrow(/0\.\.1/);
    expect(() => parseMappingTable({ rows: [{ control: 'lambda2', index: 'stress', atLow: -1, atZero: 1, atHigh: 2 }] })).toThrow(/positive/);
    expect(() => parseMappingTable({ rows: [], extra: 1 })).toThrow(/extra|Unrecognized/);
    expect(() => parseMappingTable('{}')).toThrow(/mapping table/);
  });
});

describe('DuetControlMapper', () => {
  it('lags the target by its time constant, independently of the update rate', () => {
    const target = { ...calm, stress: 2 };
    const coarse = new DuetControlMapper();
    coarse.update(target, 3);
    const fine = new DuetControlMapper();
    for (let i = 0; i < 300; i++) fine.update(target, 0.01);
    const expected = 45 - 17 * Math.exp(-3 / 2);
    expect(coarse.controls.rho).toBeCloseTo(expected, 10);
    expect(fine.controls.rho).toBeCloseTo(expected, 10);
    expect(fine.controls.lambda2).toBe(2);
    fine.reset();
    expect(fine.controls).toEqual(DEFAULT_DUET_CONTROLS);
    const instant = new DuetControlMapper({ ...DEFAULT_MAPPING_TABLE, timeConstantSeconds: 0 });
    expect(instant.update(target, 0).rho).toBe(45);
    expect(() => instant.update(target, -1)).toThrow(/≥ 0/);
  });
});
