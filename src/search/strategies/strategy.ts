/**
 * The strategies' common form, ask/tell: `ask` proposes a batch of points of the unit box (all may be evaluated at
 * once, in parallel), `tell` returns their values (lower is better; +Infinity for a failed evaluation), and `ask`
 * answers undefined when the strategy is done. Every strategy is deterministic given its seed and the values it was
 * told, which is what lets a search resume from its results file by replaying it.
 */
export interface SearchStrategy {
  /** The next batch of points in [0, 1]ⁿ (at least one), or undefined when finished. */
  ask(): Float64Array[] | undefined;
  /** The values of the batch just asked, in the same order. */
  tell(values: readonly number[]): void;
  /** Why the strategy stopped, once it has (e.g. 'converged: simplex within tolerance'). */
  readonly stopReason?: string;
}

/** A strategy written as a generator that yields batches and receives their values; it returns its stop reason. */
export type StrategyGenerator = Generator<Float64Array[], string, readonly number[]>;

/** Wraps a generator into the ask/tell form. */
export function generatorStrategy(generator: StrategyGenerator): SearchStrategy {
  let state = generator.next([]);
  return {
    ask() {
      return state.done ? undefined : state.value;
    },
    tell(values) {
      if (state.done) throw new Error('tell after the strategy finished');
      if (values.length !== state.value.length) throw new RangeError(`told ${values.length} values for a batch of ${state.value.length}`);
      state = generator.next(values);
    },
    get stopReason() {
      return state.done ? state.value : undefined;
    },
  };
}

/** Clamps a point into the unit box, in place; returns it. */
export function clampToBox(x: Float64Array): Float64Array {
  for (let i = 0; i < x.length; i++) x[i] = Math.min(1, Math.max(0, x[i]!));
  return x;
}
