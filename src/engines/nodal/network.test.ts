import { describe, expect, it } from 'vitest';
import { parseDelayLayout } from './layout.js';
import { NodalNetwork, type FiringSink } from './network.js';
import { nodalParams, type NodalParamsInput } from './params.js';
import { FiringCollector } from './compose.js';

/** A hand-built network: no start-up firings, no floor, weights set by the test. */
function handBuilt(delays: number[][], over: NodalParamsInput = {}, weights?: number[][]): NodalNetwork {
  const net = new NodalNetwork({
    params: nodalParams({
      nodes: delays.length,
      triggerThreshold: 10,
      recoverySeconds: 0.1,
      startup: { firings: 0 },
      weights: { floorShare: 0, ceilingFraction: 10, initialSpread: 0 },
      ...over,
    }),
    seed: 1,
    layout: parseDelayLayout(delays, 'hand-built'),
  });
  if (weights) weights.forEach((row, a) => row.forEach((w, b) => a !== b && net.setWeight(a, b, w)));
  return net;
}

/** Modules whose increments are negligible, to watch the accumulators alone. */
const FROZEN: NodalParamsInput = {
  triggering: { amplitude: 1e-12 },
  nonTriggering: { amplitude: 1e-12 },
};

const FAR = 100; // a delay long enough to stay out of the way

function record(): { sink: FiringSink; firings: Array<[number, number, number]> } {
  const firings: Array<[number, number, number]> = [];
  return { firings, sink: { firing: (e) => firings.push([e.timeSeconds, e.node, e.cause]) } };
}

describe('a node (§2.1, §2.2)', () => {
  it('accumulates its inputs and fires as soon as the total exceeds the threshold, then resets to zero', () => {
    // A (0) → C (2) after 0.5 s, B (1) → C after 0.7 s; W = 4 each; threshold 10.
    const net = handBuilt([[0, FAR, 0.5], [FAR, 0, 0.7], [FAR, FAR, 0]], FROZEN, [[0, 0, 4], [0, 0, 4], [0, 0, 0]]);
    const { sink, firings } = record();
    net.stimulate(0, 0);
    net.stimulate(1, 0);
    net.stimulate(0, 1);
    net.advanceTo(1.4, sink);
    expect(net.accumulators[2]).toBeCloseTo(8, 9); // 4 + 4, not yet over 10
    net.advanceTo(2, sink);
    // Third signal at 1.5 s: 12 > 10 → C fires, triggered by A, and its accumulator is reset.
    expect(firings.filter(([, node]) => node === 2)).toEqual([[1.5, 2, 0]]);
    expect(net.accumulators[2]).toBe(0);
  });

  it('does not fire when the total only equals the threshold', () => {
    const net = handBuilt([[0, 0.5], [FAR, 0]], FROZEN, [[0, 5], [0, 0]]);
    const { sink, firings } = record();
    net.stimulate(0, 0);
    net.stimulate(0, 1);
    net.stimulate(0, 2);
    net.advanceTo(2.4, sink);
    expect(firings.filter(([, node]) => node === 1)).toEqual([]);
    expect(net.accumulators[1]).toBeCloseTo(10, 9);
    net.advanceTo(3, sink);
    expect(firings.filter(([, node]) => node === 1)).toEqual([[2.5, 1, 0]]);
  });

  it('ignores every input during its recovery period: no accumulation, no weight change', () => {
    // One signal (W = 11) fires B; recovery 0.5 s; signals at 0.4 s and 0.5 s are lost, 0.9 s fires again.
    const net = handBuilt([[0, 0.3], [FAR, 0]], { recoverySeconds: 0.5 }, [[0, 11], [0, 0]]);
    const { sink, firings } = record();
    for (const t of [0, 0.1, 0.2, 0.6]) net.stimulate(0, t);
    net.advanceTo(0.35, sink);
    const weightAfterTrigger = net.weight(0, 1);
    expect(weightAfterTrigger).not.toBe(11); // the triggering input was modified …
    net.advanceTo(0.55, sink);
    expect(net.weight(0, 1)).toBe(weightAfterTrigger); // … the ignored ones were not
    expect(net.accumulators[1]).toBe(0);
    expect(net.counters.signalsIgnored).toBe(2);
    net.advanceTo(1, sink);
    expect(firings.filter(([, node]) => node === 1).map(([t]) => t)).toEqual([0.3, 0.6 + 0.3]);
  });

  it('accepts input again from the moment its recovery ends', () => {
    const net = handBuilt([[0, 0.25], [FAR, 0]], { recoverySeconds: 0.5, ...FROZEN }, [[0, 11], [0, 0]]);
    const { sink, firings } = record();
    net.stimulate(0, 0); // B fires at 0.25, recovers until 0.75
    net.stimulate(0, 0.5); // arrives at exactly 0.75
    net.advanceTo(1, sink);
    expect(firings.filter(([, node]) => node === 1).map(([t]) => t)).toEqual([0.25, 0.75]);
  });
});

describe('signals (§2.3, §3.1)', () => {
  it('arrive after the pair\'s delay: two nodes talking with delays 0.3 s and 0.5 s', () => {
    const net = handBuilt([[0, 0.3], [0.5, 0]], FROZEN, [[0, 11], [11, 0]]);
    const { sink, firings } = record();
    net.stimulate(0, 0);
    net.advanceTo(3.3, sink);
    // A at 0, B 0.3 later, A 0.5 after that, …: period 0.8 s.
    const expected: Array<[number, number, number]> = [[0, 0, -1], [0.3, 1, 0], [0.8, 0, 1], [1.1, 1, 0], [1.6, 0, 1], [1.9, 1, 0], [2.4, 0, 1], [2.7, 1, 0], [3.2, 0, 1]];
    expect(firings.length).toBe(expected.length);
    firings.forEach(([t, node, cause], i) => {
      expect(t).toBeCloseTo(expected[i]![0], 12);
      expect([node, cause]).toEqual([expected[i]![1], expected[i]![2]]);
    });
  });

  it('go to every other node, each after its own delay', () => {
    const n = 5;
    const delays = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 0 : 0.1 * (j + 1) + 0.01 * i)));
    // A long recovery: every node fires once, when node 2's signal reaches it.
    const net = handBuilt(delays, { recoverySeconds: 1, ...FROZEN }, Array.from({ length: n }, () => Array.from({ length: n }, () => 20)));
    const { sink, firings } = record();
    net.stimulate(2, 0);
    net.advanceTo(0.55, sink);
    // Node j ≠ 2 fires when 2's signal reaches it, at 0.1·(j + 1) + 0.02.
    expect(firings.slice(1).every(([, , cause]) => cause === 2)).toBe(true);
    expect(firings.slice(1).map(([t, node]) => [Number(t.toFixed(6)), node])).toEqual([[0.12, 0], [0.22, 1], [0.42, 3], [0.52, 4]]);
  });
});

describe('weight modification in the network (§2.4–2.6)', () => {
  it('adds M_non(x) to a connection whose signal does not trigger, M_trig(x) to one that does', () => {
    const net = handBuilt([[0, 0.3], [FAR, 0]], { initialIntervalSeconds: 1 }, [[0, 2], [0, 0]]);
    net.stimulate(0, 0);
    net.advanceTo(0.5);
    // B has never fired: x = max(initial interval 1 s, 0.3 s since the start) = 1 → 0.3^(2/1) − 0.3 = −0.21.
    expect(net.weight(0, 1)).toBeCloseTo(2 - 0.21, 12);
    net.stimulate(0, 2);
    net.advanceTo(2.5);
    // x = max(1, 2.3 s since the start) = 2.3 → M = 0.3^(2/2.3) − 0.3.
    expect(net.weight(0, 1)).toBeCloseTo(2 - 0.21 + (0.3 ** (2 / 2.3) - 0.3), 12);
    net.setWeight(0, 1, 12);
    net.stimulate(0, 3);
    net.advanceTo(3.5);
    // Triggering (accumulator 2 + 1.79… + 12 > 10): M = 2·(0.5^(0.2/3.3) − 0.5), x = 3.3 s.
    expect(net.counters.firings).toBe(4);
    expect(net.weight(0, 1)).toBeCloseTo(12 + 2 * (0.5 ** (0.2 / 3.3) - 0.5), 12);
  });

  it('measures x as the mean of the last intervals, or the time since the last firing when that is longer', () => {
    const net = handBuilt([[0, FAR], [FAR, 0]], { intervalWindow: 2, initialIntervalSeconds: 5, ...FROZEN });
    for (const t of [0, 1, 1.5, 3.5]) net.stimulate(0, t);
    net.advanceTo(3.6);
    // Intervals 1, 0.5, 2: the window keeps the last two (0.5, 2) → mean 1.25; 0.1 s since the last firing.
    expect(net.recentIntervalSeconds(0, 3.6)).toBeCloseTo(1.25, 12);
    expect(net.recentIntervalSeconds(0, 6)).toBeCloseTo(2.5, 12);
    // Node 1 never fired: its initial history (5 s) until the run is longer than that.
    expect(net.recentIntervalSeconds(1, 3.6)).toBe(5);
    expect(net.recentIntervalSeconds(1, 7)).toBe(7);
  });

  it('keeps weights between the floor and the ceiling', () => {
    const net = handBuilt([[0, 0.3], [FAR, 0]], { weights: { floorShare: 0.5, ceilingFraction: 1.2, initialSpread: 0 } }, [[0, 5.1], [0, 0]]);
    net.stimulate(0, 0);
    net.advanceTo(1);
    expect(net.weight(0, 1)).toBe(5); // 5.1 − 0.21 clipped at the floor 0.5 · 10 / 1
    net.setWeight(0, 1, 11.9);
    net.stimulate(0, 10);
    net.advanceTo(11); // triggers: +M_trig(10 s) ≈ +0.97 → ceiling 12
    expect(net.weight(0, 1)).toBe(12);
  });
});

describe('start-up (§3.3)', () => {
  it('fires every node once, in a seeded order, spread over the start-up time, with varied weights', () => {
    const params = nodalParams({ nodes: 16, startup: { firings: 'all', durationSeconds: 0.8 }, weights: { initialSpread: 0.5 } });
    const a = new FiringCollector();
    const net = new NodalNetwork({ params, seed: 9 });
    net.advanceTo(0.8, a);
    const external = a.log();
    const ext = Array.from({ length: external.count }, (_, i) => i).filter((i) => external.causes[i] === -1);
    expect(ext.length).toBe(16);
    expect(new Set(ext.map((i) => external.nodes[i])).size).toBe(16);
    ext.forEach((i, k) => expect(external.timesSeconds[i]).toBeCloseTo((0.8 * k) / 16, 12));
    const fair = net.threshold / 15;
    const w = [...net.weightMatrix()].filter((_, i) => i % 17 !== 0);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(0.9 * fair); // the floor
    expect(Math.max(...w)).toBeLessThanOrEqual(1.5 * 1.5 * fair + 1e-9);
    expect(new Set(w).size).toBeGreaterThan(100);
  });

  it('after a complete halt, runs the start-up sequence again (and never, when asked not to)', () => {
    // Without a weight floor the default network dies out within a minute (see docs/nodal.md).
    const dies = { nodes: 12, weights: { floorShare: 0 } } as const;
    const silent = new FiringCollector();
    const never = new NodalNetwork({ params: nodalParams({ ...dies, startup: { restartAfterSeconds: null, durationSeconds: 0.5 } }), seed: 2 });
    never.advanceTo(120, silent);
    const last = silent.log();
    expect(last.timesSeconds[last.count - 1]).toBeLessThan(60);
    expect(never.counters.restarts).toBe(0);

    const log = new FiringCollector();
    const net = new NodalNetwork({ params: nodalParams({ ...dies, startup: { restartAfterSeconds: 2, durationSeconds: 0.5 } }), seed: 2 });
    net.advanceTo(120, log);
    const f = log.log();
    expect(net.counters.restarts).toBeGreaterThan(0);
    // The run ends at the same place as the one that never restarts, then the start-up sequence comes back:
    // 12 external firings, each node once, 2 s after the last signal (at most one longest delay, 3 s, after
    // the last firing), spread over 0.5 s.
    const k = last.count;
    expect(f.timesSeconds.subarray(0, k)).toEqual(last.timesSeconds);
    const gap = f.timesSeconds[k]! - f.timesSeconds[k - 1]!;
    expect(gap).toBeGreaterThanOrEqual(2);
    expect(gap).toBeLessThanOrEqual(2 + 3);
    expect(f.causes[k]).toBe(-1);
    const restart = Array.from({ length: f.count - k }, (_, i) => k + i).filter((i) => f.causes[i] === -1).slice(0, 12);
    expect(new Set(restart.map((i) => f.nodes[i])).size).toBe(12);
    expect(f.timesSeconds[restart[11]!]! - f.timesSeconds[k]!).toBeCloseTo((0.5 * 11) / 12, 9);
  });

  it('takes external firings in time order whenever they are scheduled', () => {
    const net = handBuilt([[0, FAR], [FAR, 0]], FROZEN);
    const { sink, firings } = record();
    net.stimulate(1, 5);
    net.stimulate(0, 3);
    net.stimulate(1, 4);
    net.advanceTo(6, sink);
    expect(firings).toEqual([[3, 0, -1], [4, 1, -1], [5, 1, -1]]);
  });

  it('refuses to run backwards or to stimulate a node that does not exist', () => {
    const net = new NodalNetwork({ params: nodalParams({ nodes: 4 }), seed: 1 });
    net.advanceTo(2);
    expect(() => net.advanceTo(1)).toThrow(/backwards/);
    expect(() => net.stimulate(4)).toThrow(/no node 4/);
    expect(() => net.stimulate(0, 1)).toThrow(/past/);
  });
});
