/**
 * The results file: JSON Lines, one line per evaluation — the record of a search. A line holds the evaluation key,
 * the search's fingerprint, the parameters, the seed, every metric, the minimised value with its prior penalty,
 * the wall time, the host and worker, and the time it finished. Lines are appended as evaluations finish (in any
 * order); a search resumes by reading them back and replaying its strategy, which finds every evaluation already
 * done by its key and repeats none.
 */
import type { Metrics } from './objectives/objective.js';
import type { Params } from './space.js';

/** One evaluation as the executors hand it out. */
export interface EvaluationTask {
  key: string;
  objective: string;
  options: Record<string, unknown>;
  params: Params;
  seed: number;
}

/** What an executor returns for a task. */
export interface EvaluationOutcome {
  key: string;
  metrics: Metrics;
  /** The objective threw: its message (metrics are then empty). */
  error?: string;
  seconds: number;
  host: string;
  worker: string;
}

/** A line of the results file. */
export interface ResultLine {
  key: string;
  search: string;
  name: string;
  /** Order in which the strategy asked for it (replays give the same order). */
  index: number;
  params: Params;
  seed: number;
  metrics: Metrics;
  /** The minimised value: metrics[minimize] + priorWeight × penalty (Infinity when it failed). */
  value: number;
  penalty: number;
  error?: string;
  seconds: number;
  host: string;
  worker: string;
  finishedAt: string;
}

/** A JSON number that may be ±Infinity or NaN: written as a string so the line stays JSON. */
function encodeNumber(v: number): number | string {
  return Number.isFinite(v) ? v : String(v);
}

function decodeNumber(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v === 'Infinity') return Infinity;
  if (v === '-Infinity') return -Infinity;
  return NaN;
}

/**
 * One results line as text (no newline).
 * @example
 * formatResultLine({ key: 'k', search: 's', name: 'n', index: 0, params: { x: 1 }, seed: 1, metrics: { loss: 1 }, value: 1, penalty: 0, seconds: 0.1, host: 'h', worker: 'w', finishedAt: '2026-01-01T00:00:00Z' }).startsWith('{"key":"k"'); // → true
 */
export function formatResultLine(line: ResultLine): string {
  const metrics = Object.fromEntries(Object.entries(line.metrics).map(([k, v]) => [k, encodeNumber(v)]));
  return JSON.stringify({ ...line, metrics, value: encodeNumber(line.value), penalty: encodeNumber(line.penalty) });
}

/** Reading the file failed: the message names the line. */
export class ResultsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResultsFileError';
  }
}

/**
 * Parses a results file's text. A last line cut short (a crash while writing it) is dropped and reported in
 * `truncated`; any other malformed line is an error naming its line number.
 * @example
 * parseResultLines('{"key":"a","search":"s","name":"n","index":0,"params":{},"seed":1,"metrics":{"loss":2},"value":2,"penalty":0,"seconds":0,"host":"h","worker":"w","finishedAt":""}\n{"key":"b"').truncated; // → true
 */
export function parseResultLines(text: string): { lines: ResultLine[]; truncated: boolean } {
  const rows = text.split('\n');
  const lines: ResultLine[] = [];
  let truncated = false;
  rows.forEach((row, i) => {
    if (row.trim() === '') return;
    let obj: unknown;
    try {
      obj = JSON.parse(row);
    } catch {
      const isLast = rows.slice(i + 1).every((r) => r.trim() === '');
      if (isLast && !text.endsWith('\n')) {
        truncated = true;
        return;
      }
      throw new ResultsFileError(`line ${i + 1}: not JSON`);
    }
    if (obj === null || typeof obj !== 'object') throw new ResultsFileError(`line ${i + 1}: not a results object`);
    const o = obj as Record<string, unknown>;
    for (const field of ['key', 'search']) if (typeof o[field] !== 'string') throw new ResultsFileError(`line ${i + 1}: field ${field} missing or not a string`);
    if (typeof o['params'] !== 'object' || o['params'] === null) throw new ResultsFileError(`line ${i + 1}: field params missing`);
    if (typeof o['metrics'] !== 'object' || o['metrics'] === null) throw new ResultsFileError(`line ${i + 1}: field metrics missing`);
    const metrics = Object.fromEntries(Object.entries(o['metrics'] as Record<string, unknown>).map(([k, v]) => [k, decodeNumber(v)]));
    lines.push({
      ...(o as unknown as ResultLine),
      metrics,
      value: decodeNumber(o['value']),
      penalty: decodeNumber(o['penalty']),
    });
  });
  return { lines, truncated };
}

/** The best (lowest value) lines first; failed evaluations last. */
export function bestLines(lines: readonly ResultLine[], count = 10): ResultLine[] {
  return lines
    .filter((l) => Number.isFinite(l.value))
    .sort((a, b) => a.value - b.value || a.index - b.index)
    .slice(0, count);
}
