import { beforeAll, describe, expect, it } from 'vitest';
import { bachPreludeInC } from '../../pieces/bach-prelude-c-major.js';
import { sliceScore } from '../../score/ops.js';
import { selectBackend } from '../backend.js';
import { progressionReportHtml } from './report.js';
import { bestHeldOutRow, heldOutNotes, runProgression, type ProgressionResult } from './run.js';
import { parseStepList, QUICK_SETTINGS } from './steps.js';
import { controlFindings, progressionSummary, progressionText } from './summary.js';

beforeAll(async () => {
  await selectBackend('wasm');
});

describe('parseStepList', () => {
  it('reads single steps, ranges and lists', () => {
    expect(parseStepList('0-10')).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(parseStepList('4')).toEqual([4]);
    expect(parseStepList('7-9, 0,3')).toEqual([0, 3, 7, 8, 9]);
  });
  it('refuses what is not a list of steps 0–10', () => {
    expect(() => parseStepList('a')).toThrow(/not a list of steps/);
    expect(() => parseStepList('3-1')).toThrow(/backwards/);
    expect(() => parseStepList('0-11')).toThrow(/steps 0 to 10/);
    expect(() => parseStepList('')).toThrow(/not a list of steps/);
  });
});

describe('the progression on a short piece', () => {
  // 16 s of the built-in prelude, and the next 14 s as the second piece; every step at a token budget.
  const prelude = bachPreludeInC();
  const main = { name: 'prelude 0–16 s', score: sliceScore(prelude, 0, 16) };
  const second = { name: 'prelude 16–30 s', score: sliceScore(prelude, 16, 30) };
  let result: ProgressionResult;

  beforeAll(async () => {
    result = await runProgression(main, second, { settings: QUICK_SETTINGS, seed: 3, backend: 'wasm' });
  }, 120_000);

  it('runs every step 0–10 with its baselines and scores each in every column', () => {
    expect(result.rows.map((r) => (r.baselineOf ? `${r.step} base` : r.step))).toEqual([
      '0', '1', '2', '3', '4', '5', '6', '7', '7 base', '8 ODE', '8 PDE', '9', '9b', '9 base', '10', '10 base',
    ]);
    for (const r of result.rows) {
      const s = r.scores;
      for (const f1 of [s.inSample.f1, s.heldOut.f1, s.secondPiece!.f1]) {
        expect(f1).toBeGreaterThanOrEqual(0);
        expect(f1).toBeLessThanOrEqual(1);
      }
      // Held-out scores the last 30 % only.
      const span = r.span === 'whole piece' ? 16 : 10;
      expect(s.heldOut.testSpan.startSeconds).toBeCloseTo(0.7 * Math.min(span, result.piece.seconds), 1);
      const wormInputs = !r.baselineOf && r.step !== '0';
      expect(s.control !== undefined).toBe(wormInputs);
      if (s.control) expect(s.control.heldOut).toHaveLength(QUICK_SETTINGS.surrogates);
    }
    expect(result.rows.find((r) => r.step === '1')!.controlGroups).toEqual(['neural']);
    expect(result.rows.find((r) => r.step === '8 ODE')!.controlGroups).toEqual(['worm', 'muscle']);
    expect(result.rows.find((r) => r.step === '1')!.info.residualAfter).toBeLessThanOrEqual(result.rows.find((r) => r.step === '1')!.info.residualBefore as number);
    expect(result.rows.find((r) => r.step === '8 PDE')!.info.mu).toBeGreaterThan(0);
    expect(result.timings.map((t) => t.label)).toEqual(['worm listens', 'step 0', 'step 1', 'step 2', 'step 3', 'steps 4–6', 'step 7', 'step 8', 'step 9', 'step 10']);
  });

  it('gives a subset of steps the same figures as the full run (each step has its own random stream)', async () => {
    const again = await runProgression(main, second, { settings: QUICK_SETTINGS, seed: 3, steps: [0, 7], backend: 'wasm' });
    expect(again.rows.map((r) => r.step)).toEqual(['0', '7', '7']);
    for (const r of again.rows) {
      const full = result.rows.find((x) => x.step === r.step && x.baselineOf === r.baselineOf)!;
      expect(r.scores.heldOut.f1).toBe(full.scores.heldOut.f1);
      expect(r.scores.inSample.f1).toBe(full.scores.inSample.f1);
    }
  });

  it('turns the best held-out step into the worm’s notes over the held-out span', () => {
    const best = bestHeldOutRow(result)!;
    expect(best.baselineOf).toBeUndefined();
    const { predicted, target, fromSeconds, toSeconds } = heldOutNotes(result, best);
    expect(predicted.notes).toHaveLength(best.scores.heldOut.predicted.length);
    const lo = Math.min(...main.score.notes.map((n) => n.pitch));
    const hi = Math.max(...main.score.notes.map((n) => n.pitch));
    for (const n of predicted.notes) {
      expect(n.onset).toBeGreaterThanOrEqual(-1e-9);
      expect(n.onset).toBeLessThan(toSeconds - fromSeconds);
      expect(n.pitch).toBeGreaterThanOrEqual(Math.min(lo, 60 - 14));
      expect(n.pitch).toBeLessThanOrEqual(Math.max(hi, 60 + 14));
    }
    expect(target.notes.length).toBeGreaterThan(0);
  });

  it('reports the table, the findings, JSON and HTML', async () => {
    const text = progressionText(result).join('\n');
    expect(text).toContain('0.186–0.217');
    expect(text).toContain('0.933');
    expect(text).toContain('0.858');
    expect(controlFindings(result).join(' ')).toMatch(/surrogate/);
    const json = JSON.parse(JSON.stringify(progressionSummary(result))) as { rows: Array<{ control: { pValue: number } | null }> };
    expect(json.rows).toHaveLength(16);
    expect(json.rows[1]!.control!.pValue).toBeGreaterThan(0);
    const html = await progressionReportHtml(result, { command: 'test' });
    expect(html).toContain('Does the worm add information beyond time?');
    expect((html.match(/<svg/g) ?? []).length).toBeGreaterThanOrEqual(4);
  }, 60_000);
});
