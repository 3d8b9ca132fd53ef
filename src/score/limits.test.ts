import { describe, expect, it } from 'vitest';
import { DEFAULT_PIECE_LIMITS, pieceLimitProblem } from './limits.js';

const at = (onset: number, duration = 0.5): { onset: number; duration: number } => ({ onset, duration });

describe('piece limits', () => {
  it('admits an ordinary piece and an empty one', () => {
    expect(pieceLimitProblem(Array.from({ length: 2000 }, (_, i) => at(i * 0.1)))).toBeUndefined();
    expect(pieceLimitProblem([])).toBeUndefined();
  });

  it('refuses a note that ends beyond the length limit, and names where', () => {
    expect(pieceLimitProblem([at(0), at(1e9, 1)])).toMatch(/^the last note ends at 1000000001 s, beyond the limit of 14400 s \(4 h; raise it with NEUROMUSIC_MAX_PIECE_SECONDS\)$/);
    expect(pieceLimitProblem([at(DEFAULT_PIECE_LIMITS.maxSeconds - 1, 1)])).toBeUndefined();
    expect(pieceLimitProblem([at(100, 1)], { maxSeconds: 60 })).toMatch(/ends at 101 s, beyond the limit of 60 s/);
  });

  it('refuses more notes than the limit', () => {
    expect(pieceLimitProblem(Array.from({ length: 11 }, (_, i) => at(i)), { maxNotes: 10 })).toMatch(/^11 notes, more than the limit of 10/);
  });

  it('counts onsets in the densest one-second window exactly', () => {
    // 1001 onsets inside 0.9 s: one more than the limit.
    const dense = Array.from({ length: 1001 }, (_, i) => at((0.9 * i) / 1000));
    expect(pieceLimitProblem(dense)).toMatch(/^1001 notes start within one second \(from 0\.00 s\), more than the limit of 1000/);
    // 1000 in every second for ten seconds (exact binary fractions): at the limit, not over it (a window is half-open).
    const even = Array.from({ length: 10_000 }, (_, i) => at(Math.floor(i / 1000) + (i % 1000) / 1024));
    expect(pieceLimitProblem(even)).toBeUndefined();
    // Two bursts of 600 a second apart, unsorted: never 1000 inside one window.
    const bursts = [...Array.from({ length: 600 }, () => at(5)), ...Array.from({ length: 600 }, () => at(4))];
    expect(pieceLimitProblem(bursts)).toBeUndefined();
    // The same bursts 0.5 s apart: 1200 inside one window, found wherever the window starts.
    const close = [...Array.from({ length: 600 }, () => at(5.5)), ...Array.from({ length: 600 }, () => at(5))];
    expect(pieceLimitProblem(close)).toMatch(/^1200 notes start within one second \(from 5\.00 s\)/);
  });
});
