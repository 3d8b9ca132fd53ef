/**
 * The nodal network as a whole: against a plain re-implementation, the firing ring for live views, homeostasis over
 * long runs, and a 10-minute run that stays active. Determinism, live stepping against the offline run, reset and
 * state export are checked by the live-engine contract (test/live-engines.contract.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { composeNodal, NodalNetwork, nodalParams, FiringCollector, FiringRing, defaultContours, firingTimesByNode, medianIntervals, activityPerWindow, type FiringSink } from '../src/engines/nodal/index.js';
import { referenceNodalRun } from './helpers/nodal-reference.js';

const median = (xs: Iterable<number>): number => {
  const s = [...xs].filter(Number.isFinite).sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

describe('the event-driven network against a plain re-implementation of the paper\'s rules', () => {
  it('gives the same firings, pitches, velocities, causes and final weights', () => {
    const params = nodalParams({ nodes: 12 });
    const seconds = 40;
    const contours = defaultContours(seconds);
    const fast = composeNodal({ params, seed: 5, seconds, pitchContour: contours.pitch, velocityContour: contours.velocity });
    const slow = referenceNodalRun({ params, seed: 5, seconds, pitchContour: contours.pitch, velocityContour: contours.velocity });
    expect(fast.firings.count).toBeGreaterThan(200);
    expect(fast.firings.count).toBe(slow.firings.length);
    for (let i = 0; i < slow.firings.length; i++) {
      const r = slow.firings[i]!;
      expect([fast.firings.timesSeconds[i], fast.firings.nodes[i], fast.firings.pitches[i], fast.firings.velocities[i], fast.firings.causes[i]]).toEqual([r.time, r.node, r.pitch, r.velocity, r.cause]);
    }
    const net = new NodalNetwork({ params, seed: 5, pitchContour: contours.pitch, velocityContour: contours.velocity });
    net.advanceTo(seconds);
    expect([...net.weightMatrix()]).toEqual([...slow.weights]);
  });

  it('agrees through halts and restarts too', () => {
    const params = nodalParams({ nodes: 10, weights: { floorShare: 0 }, startup: { restartAfterSeconds: 1.5 } });
    const seconds = 90;
    const contours = defaultContours(seconds);
    const fast = composeNodal({ params, seed: 8, seconds, pitchContour: contours.pitch, velocityContour: contours.velocity });
    const slow = referenceNodalRun({ params, seed: 8, seconds, pitchContour: contours.pitch, velocityContour: contours.velocity });
    expect(fast.counters.restarts).toBeGreaterThan(0);
    expect(fast.counters.restarts).toBe(slow.restarts);
    expect([...fast.firings.timesSeconds]).toEqual(slow.firings.map((f) => f.time));
    expect([...fast.firings.nodes]).toEqual(slow.firings.map((f) => f.node));
  });
});

describe('live views', () => {
  const params = nodalParams();

  it('keeps the last firings in a fixed ring for live views', () => {
    const net = new NodalNetwork({ params, seed: 4 });
    const ring = new FiringRing(16);
    const all = new FiringCollector();
    const both: FiringSink = { firing: (e) => (ring.firing(e), all.firing(e)) };
    for (let k = 0; k < 200; k++) net.step(0.05, both);
    const log = all.log();
    expect(ring.total).toBe(log.count);
    for (let k = ring.total - 16; k < ring.total; k++) {
      expect([ring.time(k), ring.node(k), ring.pitch(k), ring.velocity(k), ring.cause(k)]).toEqual([log.timesSeconds[k], log.nodes[k], log.pitches[k], log.velocities[k], log.causes[k]]);
    }
    expect(() => ring.node(ring.total - 17)).toThrow(/no longer/);
  });
});

describe('homeostasis: the weight rule drives firing intervals toward the breakpoint (§2.5)', () => {
  for (const b of [0.6, 1]) {
    it(`brings a network that starts too busy to intervals near b = ${b} s when both modules share it`, () => {
      const params = nodalParams({ triggering: { breakpointSeconds: b }, nonTriggering: { breakpointSeconds: b }, weights: { initialMean: 3 } });
      const seconds = 600;
      for (const seed of [1, 2]) {
        const run = composeNodal({ params, seed, seconds });
        const times = firingTimesByNode(run.firings, 32);
        const early = median(medianIntervals(times, 0, 30));
        const late = median(medianIntervals(times, seconds - 120));
        expect(Math.abs(Math.log(late / b))).toBeLessThan(Math.abs(Math.log(early / b)));
        expect(late).toBeGreaterThan(0.75 * b);
        expect(late).toBeLessThan(1.33 * b);
      }
    });
  }

  it('with the paper\'s two modules, settles between the two breakpoints (0.2 s and 2 s)', () => {
    for (const seed of [1, 2, 3]) {
      const run = composeNodal({ params: nodalParams(), seed, seconds: 600 });
      const late = median(medianIntervals(firingTimesByNode(run.firings, 32), 300));
      expect(late).toBeGreaterThan(0.2);
      expect(late).toBeLessThan(2);
    }
  });
});

describe('a 10-minute run with the defaults', () => {
  it('stays active, neither silent nor saturated, on every node', () => {
    for (const seed of [1, 3, 7]) {
      const run = composeNodal({ params: nodalParams(), seed, seconds: 600 });
      const windows = activityPerWindow(run.firings, 600, 10);
      // Silent: a 10-s window with no note. Saturated: every node firing as fast as its recovery allows.
      const saturated = (32 * 10) / 0.1;
      expect(Math.min(...windows)).toBeGreaterThan(0.02 * saturated); // > 6 notes per second
      expect(Math.max(...windows)).toBeLessThan(0.5 * saturated);
      const lastMinutes = firingTimesByNode(run.firings, 32).map((t) => t.filter((x) => x > 300).length);
      expect(Math.min(...lastMinutes)).toBeGreaterThan(30);
      expect(run.counters.restarts).toBe(0); // kept alive by its own dynamics
      const net = new NodalNetwork({ params: nodalParams(), seed });
      net.advanceTo(600);
      expect(net.weightMatrix().every(Number.isFinite)).toBe(true);
      expect(net.accumulators.every(Number.isFinite)).toBe(true);
    }
  });
});
