/**
 * The contract every live engine keeps, as one shared suite (scikit-learn's `check_estimator` is the model): an
 * engine that composes a whole piece offline can also be stepped a chunk at a time, as the studio steps it, and
 *
 * (a) the same seed gives the same output, bit for bit, and another seed a different one;
 * (b) stepping in any chunking — one big step, 60 Hz frames, irregular chunks (zero-length and tiny ones included),
 *     chunks ending exactly on and just before the offline run's event times — gives exactly the offline run;
 * (c) `reset` returns it to its initial state: running again gives the same output;
 * (d) its state survives JSON: an engine restored from a mid-run state (into a fresh engine of the same seed)
 *     continues exactly as the original does.
 *
 * An engine joins by describing itself in a {@link LiveEngineAdapter} and calling
 * `liveEngineContract(name, adapter)` inside a vitest file (test/live-engines.contract.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { createRandom } from '../../src/math/random.js';
import { stateFromJson, stateToJson, type JsonState } from './state-json.js';

/** A reason a check does not apply to an engine (reported as a skipped test named after it). */
export interface ContractGap {
  gap: string;
}

/**
 * How the contract drives one engine. `H` is a handle the adapter makes: the engine and whatever collects its
 * output (a note list, a firing log). Outputs are plain data (numbers, strings, arrays, typed arrays, objects),
 * compared with `toEqual`, which tells −0 from 0 and matches NaN with NaN.
 */
export interface LiveEngineAdapter<H extends object> {
  /** Seconds each run lasts: long enough for the engine to do something, short enough to run ~20 times. */
  seconds: number;
  /** A fresh engine for `seed`, ready to step from time 0. */
  create(seed: number): H;
  /** Steps the engine from `fromSeconds` (where it stands) to `toSeconds`, the way a live host does. */
  advance(handle: H, fromSeconds: number, toSeconds: number): void;
  /** Everything observable the engine has produced so far, as plain data. */
  output(handle: H): unknown;
  /** The engine's offline run of `seconds` for `seed`, in the form {@link output} gives after `seconds`. */
  compose(seed: number, seconds: number): unknown;
  /** Times (s) at which the offline run has events; chunks are cut exactly on them and just before them. */
  eventTimes(composed: unknown): ArrayLike<number>;
  /** Whether the seed changes the output (a gap for an engine whose model has no randomness by default). */
  seeded?: true | ContractGap;
  /** Back to time 0 in the initial state, forgetting the collected output. */
  reset: ((handle: H) => void) | ContractGap;
  /**
   * The object whose graph holds the whole state (default: the handle), for the JSON round trip; a gap when the
   * engine's state cannot be carried so.
   */
  stateRoot?: ((handle: H) => object) | ContractGap;
}

const isGap = (x: unknown): x is ContractGap => typeof x === 'object' && x !== null && 'gap' in x;

/** The largest double below x > 0. */
export function justBefore(x: number): number {
  const f = new Float64Array([x]);
  const bits = new BigInt64Array(f.buffer);
  bits[0] = bits[0]! - 1n;
  return f[0]!;
}

/** Chunk ends (s, increasing, the last = seconds) of each chunking the contract tries. */
export function chunkings(seconds: number, events: ArrayLike<number>): Record<string, number[]> {
  const frames: number[] = [];
  for (let k = 1; k * (1 / 60) < seconds; k++) frames.push(k / 60);
  frames.push(seconds);
  // Irregular chunks from a fixed seed: mostly up to a quarter second, some tiny, some of zero length.
  const rng = createRandom(2024);
  const irregular: number[] = [];
  let t = 0;
  while (t < seconds) {
    const r = rng.next();
    const dt = r < 0.1 ? 0 : r < 0.25 ? 1e-7 * rng.next() : rng.uniform(0, 0.25);
    t = Math.min(seconds, t + dt);
    irregular.push(t);
  }
  // Cuts exactly on event times and just before them (at most ~60 events, spread over the run).
  const inside = Array.from(events).filter((e) => e > 0 && e < seconds);
  const every = Math.max(1, Math.ceil(inside.length / 60));
  const cuts = new Set<number>();
  for (let i = 0; i < inside.length; i += every) {
    cuts.add(justBefore(inside[i]!));
    cuts.add(inside[i]!);
  }
  const onEvents = [...cuts].sort((a, b) => a - b);
  onEvents.push(seconds);
  return { 'one step': [seconds], '60 Hz frames': frames, 'irregular chunks': irregular, 'chunks ending on and just before events': onEvents };
}

/** Steps `handle` through the chunk ends `ends`, starting where it stands (`from`). */
function stepThrough<H extends object>(adapter: LiveEngineAdapter<H>, handle: H, ends: readonly number[], from = 0): void {
  let t = from;
  for (const end of ends) {
    if (end < t) continue;
    adapter.advance(handle, t, end);
    t = end;
  }
}

/** Registers the contract's tests for one engine. */
export function liveEngineContract<H extends object>(name: string, adapter: LiveEngineAdapter<H>): void {
  const { seconds } = adapter;
  const run = (seed: number, ends: readonly number[]): unknown => {
    const h = adapter.create(seed);
    stepThrough(adapter, h, ends);
    return adapter.output(h);
  };

  describe(`live-engine contract: ${name}`, () => {
    it('(a) gives the same output for the same seed, bit for bit, and another for another seed', () => {
      const a = run(1, [seconds]);
      expect(run(1, [seconds])).toEqual(a);
      if (!isGap(adapter.seeded)) expect(run(2, [seconds])).not.toEqual(a);
      // The output grows as the engine runs (so the comparisons above compare something).
      const fresh = adapter.create(1);
      expect(adapter.output(fresh)).not.toEqual(a);
    });

    it('(a) composes offline the same piece for the same seed, and another for another seed', () => {
      const a = adapter.compose(1, seconds);
      expect(adapter.compose(1, seconds)).toEqual(a);
      if (!isGap(adapter.seeded)) expect(adapter.compose(2, seconds)).not.toEqual(a);
    });
    if (isGap(adapter.seeded)) it.skip(`(a) another seed gives another output — not so: ${adapter.seeded.gap}`, () => undefined);

    const seed = 3;
    const composed = adapter.compose(seed, seconds);
    for (const [how, ends] of Object.entries(chunkings(seconds, adapter.eventTimes(composed)))) {
      it(`(b) stepped live in ${how} (${ends.length}), gives exactly the offline run`, () => {
        expect(run(seed, ends)).toEqual(composed);
      });
    }

    const reset = adapter.reset;
    if (isGap(reset)) {
      it.skip(`(c) reset — not offered: ${reset.gap}`, () => undefined);
    } else {
      it('(c) reset returns it to the initial state: from the start or mid-run, it then plays the same again', () => {
        const h = adapter.create(seed);
        const initial = adapter.output(h);
        const ends = chunkings(seconds, []);
        stepThrough(adapter, h, ends['irregular chunks']!);
        reset(h);
        expect(adapter.output(h)).toEqual(initial);
        stepThrough(adapter, h, ends['60 Hz frames']!);
        expect(adapter.output(h)).toEqual(composed);
        // Reset part-way through, then a whole run.
        reset(h);
        stepThrough(adapter, h, [seconds / 3]);
        reset(h);
        stepThrough(adapter, h, [seconds]);
        expect(adapter.output(h)).toEqual(composed);
      });
    }

    const stateRoot = adapter.stateRoot ?? ((h: H): object => h);
    if (isGap(stateRoot)) {
      it.skip(`(d) state as JSON — not offered: ${stateRoot.gap}`, () => undefined);
    } else {
      it('(d) its state survives a JSON round trip: a fresh engine given a mid-run state continues identically', () => {
        const ends = chunkings(seconds, adapter.eventTimes(composed))['irregular chunks']!;
        const middle = ends[Math.floor(ends.length * 0.45)]!;
        const original = adapter.create(seed);
        stepThrough(adapter, original, ends.filter((t) => t <= middle));
        const json = JSON.parse(JSON.stringify(stateToJson(stateRoot(original)))) as JsonState;
        const restored = adapter.create(seed);
        stateFromJson(stateRoot(restored), json);
        expect(adapter.output(restored)).toEqual(adapter.output(original));
        stepThrough(adapter, original, ends, middle);
        stepThrough(adapter, restored, ends, middle);
        expect(adapter.output(restored)).toEqual(adapter.output(original));
        expect(adapter.output(restored)).toEqual(composed);
      });
    }
  });
}
