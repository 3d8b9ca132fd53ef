/**
 * A plain re-implementation of the nodal network's event loop, written from the paper's rules for the oracle
 * tests and as the benchmark's side-by-side baseline: every signal is its own object in a textbook binary heap
 * ordered by (arrival time, firing, rank), the design the engine's one-entry-per-firing queue improves on. It
 * shares only the pieces that are tested on their own (the weight rule, the flocks, the contours, the layout, the
 * seeded random generator).
 */
import { createRandom } from '../../src/math/random.js';
import { ContourReader, scaleMask, type Contour } from '../../src/engines/nodal/contour.js';
import { Flock } from '../../src/engines/nodal/flock.js';
import { circleLayout, type DelayLayout } from '../../src/engines/nodal/layout.js';
import { effectiveThreshold, type NodalParams } from '../../src/engines/nodal/params.js';
import { modificationIncrement } from '../../src/engines/nodal/weight-rule.js';

export interface ReferenceFiring {
  time: number;
  node: number;
  pitch: number;
  velocity: number;
  cause: number;
}

interface PendingSignal {
  time: number;
  /** Order of the firing that sent it. */
  firing: number;
  /** Rank of the receiver in the sender's row: by delay, then clockwise offset (receiver − sender) mod N. */
  rank: number;
  from: number;
  to: number;
}

export function referenceNodalRun(options: {
  params: NodalParams;
  seed: number;
  seconds: number;
  layout?: DelayLayout;
  pitchContour: Contour;
  velocityContour: Contour;
}): { firings: ReferenceFiring[]; weights: Float64Array; signals: number; restarts: number } {
  const p = options.params;
  const layout = options.layout ?? circleLayout(p.nodes, p.layout);
  const n = layout.nodes;
  const D = (a: number, b: number): number => layout.delaysSeconds[a * n + b]!;
  const threshold = effectiveThreshold({ ...p, nodes: n });
  const floor = (p.weights.floorShare * threshold) / (n - 1);
  const ceiling = p.weights.ceilingFraction * threshold;
  const clamp = (w: number): number => Math.min(ceiling, Math.max(floor, w));

  const rng = createRandom(options.seed);
  const weightRng = rng.fork('weights');
  const W = new Float64Array(n * n);
  const mean = (p.weights.initialMean * threshold) / (n - 1);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      if (a !== b) W[a * n + b] = clamp(mean * (1 + p.weights.initialSpread * (2 * weightRng.next() - 1)));
    }
  }
  const startups = p.startup.firings === 'all' ? n : p.startup.firings;
  const order = rng.fork('startup').shuffle(Array.from({ length: n }, (_, i) => i));
  const external = Array.from({ length: startups }, (_, k) => ({ time: (p.startup.durationSeconds * k) / startups, node: order[k % n]! }));

  const pitchReader = new ContourReader(options.pitchContour);
  const velocityReader = new ContourReader(options.velocityContour);
  const pitchFlock = new Flock(n, { safetyZone: p.pitch.safetyZone, min: p.pitch.min, max: p.pitch.max, scale: scaleMask(p.pitch.scale, p.pitch.root) }, pitchReader.at(0));
  const velocityFlock = new Flock(n, { safetyZone: p.velocity.safetyZone, min: p.velocity.min, max: p.velocity.max }, velocityReader.at(0));

  const acc = new Float64Array(n);
  const lastFiring = new Float64Array(n);
  const fired = new Uint8Array(n);
  const recoverUntil = new Float64Array(n);
  const K = p.intervalWindow;
  const history = Array.from({ length: n }, () => ({ values: new Float64Array(K).fill(p.initialIntervalSeconds), next: 0 }));
  const recentInterval = (node: number, t: number): number => {
    let sum = 0;
    for (const v of history[node]!.values) sum += v;
    return Math.max(sum / K, t - lastFiring[node]!);
  };

  const pending = new SignalHeap();
  const firings: ReferenceFiring[] = [];
  const fire = (node: number, t: number, cause: number): void => {
    if (fired[node]) {
      const h = history[node]!;
      h.values[h.next] = t - lastFiring[node]!;
      h.next = (h.next + 1) % K;
    }
    fired[node] = 1;
    lastFiring[node] = t;
    acc[node] = 0;
    recoverUntil[node] = t + p.recoverySeconds;
    const receivers = Array.from({ length: n }, (_, j) => j).filter((j) => j !== node);
    receivers.sort((x, y) => D(node, x) - D(node, y) || ((x - node + n) % n) - ((y - node + n) % n));
    receivers.forEach((to, rank) => pending.push({ time: t + D(node, to), firing: firings.length, rank, from: node, to }));
    const pitch = pitchFlock.next(node, pitchReader.at(t));
    const velocity = velocityFlock.next(node, velocityReader.at(t));
    firings.push({ time: t, node, pitch, velocity, cause });
  };

  let ext = 0;
  let signals = 0;
  let lastEvent = 0;
  let restarts = 0;
  const restartAfter = p.startup.restartAfterSeconds;
  while (true) {
    if (pending.peek() === undefined && ext === external.length && restartAfter !== null && startups > 0) {
      // A complete halt: the start-up sequence again, restartAfter seconds after the last event.
      restarts++;
      for (let k = 0; k < startups; k++) external.push({ time: lastEvent + restartAfter + (p.startup.durationSeconds * k) / startups, node: order[k % n]! });
    }
    const tSignal = pending.peek()?.time ?? Infinity;
    const tExternal = ext < external.length ? external[ext]!.time : Infinity;
    if (Math.min(tSignal, tExternal) >= options.seconds) break;
    if (tExternal <= tSignal) {
      fire(external[ext]!.node, tExternal, -1);
      lastEvent = tExternal;
      ext++;
      continue;
    }
    const s = pending.pop()!;
    signals++;
    lastEvent = s.time;
    if (s.time < recoverUntil[s.to]!) continue; // §2.2: inputs shut down while recovering
    const x = recentInterval(s.to, s.time);
    acc[s.to] += W[s.from * n + s.to]!;
    if (acc[s.to]! > threshold) {
      W[s.from * n + s.to] = clamp(W[s.from * n + s.to]! + modificationIncrement(x, p.triggering));
      fire(s.to, s.time, s.from);
    } else {
      W[s.from * n + s.to] = clamp(W[s.from * n + s.to]! + modificationIncrement(x, p.nonTriggering));
    }
  }
  return { firings, weights: W, signals, restarts };
}

/** A binary min-heap of pending signals. */
class SignalHeap {
  private items: PendingSignal[] = [];

  private static before(a: PendingSignal, b: PendingSignal): boolean {
    return a.time < b.time || (a.time === b.time && (a.firing < b.firing || (a.firing === b.firing && a.rank < b.rank)));
  }

  peek(): PendingSignal | undefined {
    return this.items[0];
  }

  push(s: PendingSignal): void {
    const a = this.items;
    a.push(s);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!SignalHeap.before(a[i]!, a[parent]!)) break;
      [a[i], a[parent]] = [a[parent]!, a[i]!];
      i = parent;
    }
  }

  pop(): PendingSignal | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (a.length && last) {
      a[0] = last;
      let i = 0;
      while (true) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && SignalHeap.before(a[l]!, a[m]!)) m = l;
        if (r < a.length && SignalHeap.before(a[r]!, a[m]!)) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m]!, a[i]!];
        i = m;
      }
    }
    return top;
  }
}
