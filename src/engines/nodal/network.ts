/**
 * The nodal network of McIlwain & Pietsch (1996), event-driven: a priority queue of delayed signals, no fixed-step
 * scan. Steppable (`advanceTo`, `step`) for live use and allocation-free per step; the offline run in compose.ts is
 * the same code, so both give identical results for a seed.
 *
 * Rules, with the paper's sections:
 * - §2.1 each node accumulates the weights of the signals it receives; as soon as the total exceeds the trigger
 *   threshold it fires and the accumulator is reset to zero;
 * - §2.2 for its recovery period after a firing a node "shut[s] down all inputs": signals arriving then are lost
 *   (and, not having passed through, modify no weight);
 * - §2.3, §3.1 a firing of A sends a signal to every other node B, arriving after the delay D[A][B]; it carries
 *   the weight W[A][B] current when it arrives;
 * - §2.4–2.6 every signal that passes modifies W[A][B] by M(x_B), x_B = B's recent average firing interval, with
 *   the triggering module's (a, b, d) if it made B fire and the non-triggering module's otherwise (weight-rule.ts);
 * - §3.3 activity starts from externally driven firings and an initial variation of the weights;
 * - §4 each firing takes its pitch and velocity from the flocking modules (flock.ts).
 * Choices of ours where the paper is silent: x_B is the mean of B's last `intervalWindow` intervals, or the time
 * since B last fired if that is longer (a silent node must read as slow, or it could never recover); weights stay
 * between a floor (floorShare · threshold/(N − 1)) and a ceiling (ceilingFraction · threshold).
 */
import { createRandom } from '../../math/random.js';
import { ContourReader, scaleMask, type Contour } from './contour.js';
import { Flock } from './flock.js';
import { circleLayout, longestDelay, type DelayLayout } from './layout.js';
import { effectiveThreshold, type NodalParams } from './params.js';
import { arrivalRows, receiverAt, SignalQueue } from './signal-queue.js';
import { modificationExponent } from './weight-rule.js';

/** Slots of the register array. */
const NOW = 0;
const END = 1;
const PITCH = 2;
const VELOCITY = 3;
const TIME = 4;
const LAST_EVENT = 5;

/** One firing. The network hands its sink the same object every time: read it, do not keep it. */
export interface FiringEvent {
  timeSeconds: number;
  node: number;
  /** The pitch flock's output (MIDI, on the scale). */
  pitch: number;
  /** The velocity flock's output (MIDI 1–127, continuous). */
  velocity: number;
  /** The node whose signal triggered the firing, or −1 for an external firing. */
  cause: number;
}

/**
 * Receives each firing as it happens, as a reused {@link FiringEvent} (a fresh object or five arguments per
 * firing would allocate: V8 boxes doubles passed to calls it does not inline).
 */
export interface FiringSink {
  firing(event: Readonly<FiringEvent>): void;
}

/** What a network is built from. */
export interface NodalNetworkOptions {
  params: NodalParams;
  seed: number;
  /** Delay matrix; the circle of `params.layout` when omitted. Its size overrides `params.nodes`. */
  layout?: DelayLayout;
  /** Guiding contours (MIDI pitch, MIDI velocity 1–127 over time); default {@link defaultContours}(60), held after 60 s. */
  pitchContour?: Contour;
  velocityContour?: Contour;
}

/** Counts kept while the network runs. */
export interface NodalCounters {
  firings: number;
  externalFirings: number;
  /** Signals that reached a node outside its recovery period. */
  signalsDelivered: number;
  /** Signals lost because the receiving node was recovering. */
  signalsIgnored: number;
  /** Delivered signals that made their receiver fire. */
  triggeringInputs: number;
  /** Times the start-up sequence ran again after a complete halt. */
  restarts: number;
}

/**
 * The default guiding contours for a piece of `seconds`: pitch rising from G3 to G5 over the first 60 % and
 * falling back to C4, velocity swelling from 60 to 100 and back.
 * @example
 * const { pitch } = defaultContours(120);
 */
export function defaultContours(seconds: number): { pitch: Contour; velocity: Contour } {
  const T = Math.max(1, seconds);
  return {
    pitch: { timesSeconds: new Float64Array([0, 0.6 * T, T]), values: new Float64Array([55, 79, 60]) },
    velocity: { timesSeconds: new Float64Array([0, 0.5 * T, T]), values: new Float64Array([60, 100, 70]) },
  };
}

/**
 * A nodal network in its initial state (weights varied, start-up firings scheduled), ready to be stepped.
 * @example
 * const net = new NodalNetwork({ params: nodalParams(), seed: 1 });
 * net.advanceTo(10, { firing: (e) => console.log(e.timeSeconds, e.node, e.pitch) });
 */
export class NodalNetwork {
  readonly nodes: number;
  readonly params: NodalParams;
  readonly layout: DelayLayout;
  readonly threshold: number;
  /**
   * The weights in arrival order: W[a][b] at `a · (N − 1) + rank`, where `rank` is b's place in a's row of
   * receivers sorted by delay. Stored so, the signals of one firing read their weights one after the other, which
   * keeps the event loop in cache at 1,024 nodes. Use {@link weight}, {@link setWeight} and {@link weightMatrix}.
   */
  private readonly rankedWeights: Float64Array;
  /** rank of b in a's row at `a * N + b` (−1 on the diagonal). */
  private readonly rankOf: Int32Array;
  readonly accumulators: Float64Array;
  /** Time of each node's last firing (0, the start, before its first). */
  readonly lastFiringSeconds: Float64Array;
  /** Inputs are ignored until this time. */
  readonly recoveryUntilSeconds: Float64Array;
  /** Each node's last `intervalWindow` firing intervals (a ring per node). */
  readonly intervals: Float64Array;
  readonly pitchFlock: Flock;
  readonly velocityFlock: Flock;
  readonly counters: NodalCounters = { firings: 0, externalFirings: 0, signalsDelivered: 0, signalsIgnored: 0, triggeringInputs: 0, restarts: 0 };
  /** The time up to which the network has run, seconds. */
  get time(): number {
    return this.registers[TIME]!;
  }

  private readonly queue: SignalQueue;
  /** Doubles passed between the engine's parts (see {@link run}): NOW, END, PITCH, VELOCITY, TIME, LAST_EVENT. */
  private readonly registers = new Float64Array(6);
  /** The start-up sequence's nodes, replayed after a complete halt. */
  private readonly startupNodes: Int32Array;
  /** The event handed to sinks, reused (doubles from the start so V8 stores them unboxed in place). */
  private readonly event: FiringEvent = { timeSeconds: 0.5, node: 0, pitch: 0.5, velocity: 0.5, cause: -1 };
  private readonly intervalCursor: Int32Array;
  private readonly hasFired: Uint8Array;
  private readonly intervalMeans: Float64Array;
  private readonly window: number;
  /** Seconds from a complete halt to the restart; −1: never. */
  private readonly restartAfter: number;
  private readonly minWeight: number;
  private readonly maxWeight: number;
  private readonly trigA: number;
  private readonly trigD: number;
  private readonly trigK: number;
  private readonly nonA: number;
  private readonly nonD: number;
  private readonly nonK: number;
  private readonly pitchReader: ContourReader;
  private readonly velocityReader: ContourReader;
  /** External firings, in time order: a ring buffer. */
  private externalTimes: Float64Array;
  private externalNodes: Int32Array;
  private externalHead = 0;
  private externalCount = 0;
  private sequence = 0;
  private readonly seed: number;

  constructor(options: NodalNetworkOptions) {
    const p = options.params;
    this.layout = options.layout ?? circleLayout(p.nodes, p.layout);
    const n = this.layout.nodes;
    this.nodes = n;
    this.params = { ...p, nodes: n };
    this.threshold = effectiveThreshold(this.params);
    this.window = p.intervalWindow;
    this.restartAfter = p.startup.restartAfterSeconds ?? -1;
    this.minWeight = (p.weights.floorShare * this.threshold) / (n - 1);
    this.maxWeight = p.weights.ceilingFraction * this.threshold;
    this.trigA = p.triggering.amplitude;
    this.trigD = p.triggering.dampeningRatio;
    this.trigK = modificationExponent(p.triggering);
    this.nonA = p.nonTriggering.amplitude;
    this.nonD = p.nonTriggering.dampeningRatio;
    this.nonK = modificationExponent(p.nonTriggering);

    this.rankedWeights = new Float64Array(n * (n - 1));
    this.accumulators = new Float64Array(n);
    this.lastFiringSeconds = new Float64Array(n);
    this.recoveryUntilSeconds = new Float64Array(n);
    this.intervals = new Float64Array(n * this.window).fill(p.initialIntervalSeconds);
    this.intervalCursor = new Int32Array(n);
    this.hasFired = new Uint8Array(n);
    this.intervalMeans = new Float64Array(n).fill(p.initialIntervalSeconds);

    const rows = arrivalRows(n, this.layout.delaysSeconds);
    this.rankOf = new Int32Array(n * n).fill(-1);
    for (let a = 0; a < n; a++) for (let r = 0; r < n - 1; r++) this.rankOf[a * n + receiverAt(rows, a, r)] = r;
    // A node fires at most once per recovery period, so at most this many of its firings have signals in flight.
    const startupFirings = p.startup.firings === 'all' ? n : p.startup.firings;
    const perNode = Math.ceil(longestDelay(this.layout) / p.recoverySeconds) + 1;
    this.queue = new SignalQueue(rows, n * perNode + startupFirings);

    const defaults = defaultContours(60);
    this.pitchReader = new ContourReader(options.pitchContour ?? defaults.pitch);
    this.velocityReader = new ContourReader(options.velocityContour ?? defaults.velocity);
    const mask = scaleMask(p.pitch.scale, p.pitch.root);
    this.pitchFlock = new Flock(n, { safetyZone: p.pitch.safetyZone, min: p.pitch.min, max: p.pitch.max, scale: mask }, this.pitchReader.at(0));
    this.velocityFlock = new Flock(n, { safetyZone: p.velocity.safetyZone, min: p.velocity.min, max: p.velocity.max }, this.velocityReader.at(0));

    this.seed = options.seed;
    this.externalTimes = new Float64Array(Math.max(64, startupFirings));
    this.externalNodes = new Int32Array(this.externalTimes.length);
    const order = createRandom(options.seed).fork('startup').shuffle(Array.from({ length: n }, (_, i) => i));
    this.startupNodes = Int32Array.from({ length: startupFirings }, (_, k) => order[k % n]!);
    this.reset();
  }

  /**
   * Back to time 0 in the state a fresh network of the same options starts in: the seed's initial weights, no
   * signal in flight, every node unfired, the flocks at the contours' start, and the start-up firings scheduled
   * (firings scheduled with {@link stimulate} are forgotten). Allocates only the seed's generator.
   */
  reset(): void {
    const n = this.nodes;
    const p = this.params;
    // §3.3: an initial variation in the weightings, and a short sequence of externally driven firings.
    const weightRng = createRandom(this.seed).fork('weights');
    const mean = (p.weights.initialMean * this.threshold) / (n - 1);
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        if (a === b) continue;
        const w = mean * (1 + p.weights.initialSpread * (2 * weightRng.next() - 1));
        this.rankedWeights[a * (n - 1) + this.rankOf[a * n + b]!] = Math.min(this.maxWeight, Math.max(this.minWeight, w));
      }
    }
    this.accumulators.fill(0);
    this.lastFiringSeconds.fill(0);
    this.recoveryUntilSeconds.fill(0);
    this.intervals.fill(p.initialIntervalSeconds);
    this.intervalCursor.fill(0);
    this.hasFired.fill(0);
    this.intervalMeans.fill(p.initialIntervalSeconds);
    const c = this.counters;
    c.firings = c.externalFirings = c.signalsDelivered = c.signalsIgnored = c.triggeringInputs = c.restarts = 0;
    this.registers.fill(0);
    this.queue.clear();
    this.pitchFlock.reset(this.pitchReader.at(0));
    this.velocityFlock.reset(this.velocityReader.at(0));
    this.sequence = 0;
    this.externalHead = 0;
    this.externalCount = 0;
    this.scheduleStartup(0);
  }

  /** Schedules the start-up sequence from `startSeconds` on (no allocation: the ring holds a whole sequence). */
  private scheduleStartup(startSeconds: number): void {
    const count = this.startupNodes.length;
    const duration = this.params.startup.durationSeconds;
    for (let k = 0; k < count; k++) {
      const at = (this.externalHead + this.externalCount) % this.externalTimes.length;
      this.externalTimes[at] = startSeconds + (duration * k) / count;
      this.externalNodes[at] = this.startupNodes[k]!;
      this.externalCount++;
    }
  }

  /** Schedules an externally driven firing of `node` at `timeSeconds` (default: now; not in the past). */
  stimulate(node: number, timeSeconds = this.time): void {
    if (!Number.isInteger(node) || node < 0 || node >= this.nodes) throw new RangeError(`no node ${node} in a network of ${this.nodes}`);
    if (!(timeSeconds >= this.time)) throw new RangeError(`cannot stimulate in the past (${timeSeconds} s < ${this.time} s)`);
    if (this.externalCount === this.externalTimes.length) {
      const times = new Float64Array(this.externalTimes.length * 2);
      const nodes = new Int32Array(times.length);
      for (let i = 0; i < this.externalCount; i++) {
        const j = (this.externalHead + i) % this.externalTimes.length;
        times[i] = this.externalTimes[j]!;
        nodes[i] = this.externalNodes[j]!;
      }
      this.externalTimes = times;
      this.externalNodes = nodes;
      this.externalHead = 0;
    }
    // Insert in time order (after any firing already scheduled at the same time).
    const size = this.externalTimes.length;
    let i = this.externalCount;
    while (i > 0) {
      const prev = (this.externalHead + i - 1) % size;
      if (this.externalTimes[prev]! <= timeSeconds) break;
      const at = (this.externalHead + i) % size;
      this.externalTimes[at] = this.externalTimes[prev]!;
      this.externalNodes[at] = this.externalNodes[prev]!;
      i--;
    }
    const at = (this.externalHead + i) % size;
    this.externalTimes[at] = timeSeconds;
    this.externalNodes[at] = node;
    this.externalCount++;
  }


  /** Runs for `dtSeconds` more; returns the number of firings. */
  step(dtSeconds: number, sink?: FiringSink): number {
    this.registers[END] = this.registers[TIME]! + dtSeconds;
    return this.runWithRestarts(sink);
  }

  /**
   * Processes every event before `endSeconds` in time order (ties: external firings first, then signals by the
   * firing that sent them, then by their rank in its row: delay, then clockwise offset), and returns the number
   * of firings. Allocation-free.
   */
  advanceTo(endSeconds: number, sink?: FiringSink): number {
    this.registers[END] = endSeconds;
    return this.runWithRestarts(sink);
  }

  /**
   * {@link run}, and when it stops because the network has come to a complete halt (no signal in flight, §3.2),
   * the start-up sequence again (§3.3) and on. Kept out of the event loop so that the rare restart does not make
   * V8 throw away the loop's optimised code.
   */
  private runWithRestarts(sink: FiringSink | undefined): number {
    let firings = this.run(sink);
    while (this.queue.size === 0 && this.externalCount === 0 && this.restartAfter >= 0 && this.startupNodes.length > 0) {
      const at = this.registers[LAST_EVENT]! + this.restartAfter;
      this.counters.restarts++;
      this.scheduleStartup(at);
      if (!(at < this.registers[END]!)) break;
      firings += this.run(sink);
    }
    return firings;
  }

  /**
   * The event loop, up to `registers[END]`. Doubles travel between the engine's parts through the `registers`
   * typed array rather than as call arguments or return values: V8 boxes (allocates) a double that crosses a call
   * it does not inline, and the live engine must not allocate per step.
   */
  private run(sink: FiringSink | undefined): number {
    const reg = this.registers;
    const endSeconds = reg[END]!;
    if (!(endSeconds >= reg[TIME]!)) throw new RangeError(`cannot run backwards to ${endSeconds} s from ${this.time} s`);
    const q = this.queue;
    const w = this.rankedWeights;
    const acc = this.accumulators;
    const recovery = this.recoveryUntilSeconds;
    const threshold = this.threshold;
    const lastFiring = this.lastFiringSeconds;
    const means = this.intervalMeans;
    const minW = this.minWeight;
    const maxW = this.maxWeight;
    const trigA = this.trigA;
    const trigK = this.trigK;
    const trigD = this.trigD;
    const nonA = this.nonA;
    const nonK = this.nonK;
    const nonD = this.nonD;
    const c = this.counters;
    const before = c.firings;
    while (true) {
      const tSignal = q.front[0]!;
      if (this.externalCount > 0 && this.externalTimes[this.externalHead]! <= tSignal) {
        const tExternal = this.externalTimes[this.externalHead]!;
        if (!(tExternal < endSeconds)) break;
        const node = this.externalNodes[this.externalHead]!;
        this.externalHead = (this.externalHead + 1) % this.externalTimes.length;
        this.externalCount--;
        c.externalFirings++;
        reg[NOW] = tExternal;
        reg[LAST_EVENT] = tExternal;
        this.fire(node, -1, sink);
        continue;
      }
      if (!(tSignal < endSeconds)) break;
      const from = q.peekSource();
      const to = q.peekTarget();
      const ij = q.peekIndex(); // W[from][to] in arrival order
      q.pop();
      reg[LAST_EVENT] = tSignal;
      if (tSignal < recovery[to]!) {
        c.signalsIgnored++;
        continue;
      }
      c.signalsDelivered++;
      // x = recentIntervalSeconds(to, tSignal), inlined: a double returned from a call may be boxed.
      let x = tSignal - lastFiring[to]!;
      if (means[to]! > x) x = means[to]!;
      acc[to] += w[ij]!;
      let weight: number;
      if (acc[to]! > threshold) {
        weight = w[ij]! + trigA * (Math.exp(trigK / x) - trigD);
        c.triggeringInputs++;
        // Clamped with stores in each branch: a ternary merging doubles can make V8 box them.
        if (weight < minW) w[ij] = minW;
        else if (weight > maxW) w[ij] = maxW;
        else w[ij] = weight;
        reg[NOW] = tSignal;
        this.fire(to, from, sink);
      } else {
        weight = w[ij]! + nonA * (Math.exp(nonK / x) - nonD);
        if (weight < minW) w[ij] = minW;
        else if (weight > maxW) w[ij] = maxW;
        else w[ij] = weight;
      }
    }
    reg[TIME] = endSeconds;
    return c.firings - before;
  }

  /**
   * x: the recent average firing interval of `node` at time t — the mean of its last `intervalWindow` intervals,
   * or the time since it last fired when that is longer.
   */
  recentIntervalSeconds(node: number, timeSeconds: number): number {
    const open = timeSeconds - this.lastFiringSeconds[node]!;
    const mean = this.intervalMeans[node]!;
    return open > mean ? open : mean;
  }

  /**
   * W[from][to].
   * @example
   * const net = new NodalNetwork({ params: nodalParams(), seed: 1 });
   * net.weight(0, 1); // the weight of node 0's signals to node 1
   */
  weight(from: number, to: number): number {
    this.checkPair(from, to);
    return this.rankedWeights[from * (this.nodes - 1) + this.rankOf[from * this.nodes + to]!]!;
  }

  /** Sets W[from][to] (not clamped: the rule clamps at the next signal). */
  setWeight(from: number, to: number, value: number): void {
    this.checkPair(from, to);
    this.rankedWeights[from * (this.nodes - 1) + this.rankOf[from * this.nodes + to]!] = value;
  }

  /** The N × N weight matrix, row = sender, column = receiver, diagonal 0 (into `out` when given). */
  weightMatrix<T extends Float64Array | Float32Array = Float64Array>(out?: T): T {
    const n = this.nodes;
    const m = out ?? (new Float64Array(n * n) as T);
    for (let a = 0; a < n; a++) {
      m[a * n + a] = 0;
      for (let b = 0; b < n; b++) if (a !== b) m[a * n + b] = this.rankedWeights[a * (n - 1) + this.rankOf[a * n + b]!]!;
    }
    return m;
  }

  private checkPair(from: number, to: number): void {
    if (!(from >= 0 && to >= 0 && from < this.nodes && to < this.nodes && from !== to && Number.isInteger(from) && Number.isInteger(to))) {
      throw new RangeError(`no connection ${from} → ${to} in a network of ${this.nodes}`);
    }
  }

  /** Signals in flight: firings whose signals have not all arrived. */
  get firingsInFlight(): number {
    return this.queue.size;
  }

  /** Node `node` fires at `registers[NOW]`. */
  private fire(node: number, cause: number, sink: FiringSink | undefined): void {
    const reg = this.registers;
    const t = reg[NOW]!;
    const k = this.window;
    if (this.hasFired[node]) {
      this.intervals[node * k + this.intervalCursor[node]!] = t - this.lastFiringSeconds[node]!;
      this.intervalCursor[node] = (this.intervalCursor[node]! + 1) % k;
      // Summed afresh (k is small), so the mean carries no rounding drift.
      let sum = 0;
      for (let i = node * k, end = i + k; i < end; i++) sum += this.intervals[i]!;
      this.intervalMeans[node] = sum / k;
    }
    this.hasFired[node] = 1;
    this.lastFiringSeconds[node] = t;
    this.accumulators[node] = 0;
    this.recoveryUntilSeconds[node] = t + this.params.recoverySeconds;
    this.counters.firings++;
    this.queue.pushFrom(node, reg, NOW, this.sequence++);
    this.pitchReader.readInto(reg, NOW, PITCH);
    this.pitchFlock.updateFrom(node, reg, PITCH);
    this.velocityReader.readInto(reg, NOW, VELOCITY);
    this.velocityFlock.updateFrom(node, reg, VELOCITY);
    if (sink) {
      const e = this.event;
      e.timeSeconds = t;
      e.node = node;
      e.pitch = this.pitchFlock.last;
      e.velocity = this.velocityFlock.last;
      e.cause = cause;
      sink.firing(e);
    }
  }
}
