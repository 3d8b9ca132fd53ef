/**
 * When each data line of a Humdrum file sounds. A spine's tokens follow one another without gaps, so every token
 * that is not null starts where its spine's previous token ends: time(line B) = time(line A) + duration(A). These
 * equalities between lines are kept in a union-find structure with offsets (each line knows its time relative to
 * its set's root), so the lines tied to the start of the piece get exact times however the spines reach them, and a
 * spine added in the middle of the piece (`*+`, a "floating" spine) is placed by its later meeting with a spine of
 * known time. Two routes to the same line that disagree are a rhythm error in the file. Lines no spine times (only
 * null tokens) are spread evenly between their timed neighbours, as humlib does.
 */
import { add, equal, sub, toNumber, type Rational, ZERO } from './rational.js';

/** Where a spine's last token ends: `offset` quarter notes after line `node` (node 0 is the start of the piece). */
export interface SpineEnd {
  node: number;
  offset: Rational;
}

/** The start of the piece, node 0. */
export const ORIGIN = 0;

/** Equalities between line times, solved exactly. Node 0 is time 0; data line k is node k + 1. */
export class LineTimes {
  private readonly parent: number[] = [0];
  /** time(node) = time(parent) + offset. */
  private readonly offset: Rational[] = [ZERO];

  /** Adds a node (a data line) and returns its id. */
  addNode(): number {
    this.parent.push(this.parent.length);
    this.offset.push(ZERO);
    return this.parent.length - 1;
  }

  get size(): number {
    return this.parent.length;
  }

  /** The root of a node's set and the node's time relative to it. */
  find(node: number): { root: number; offset: Rational } {
    let total = ZERO;
    let x = node;
    const path: number[] = [];
    while (this.parent[x] !== x) {
      path.push(x);
      x = this.parent[x]!;
    }
    // Path compression: point every node on the path at the root with its total offset.
    for (let i = path.length - 1; i >= 0; i--) {
      const p = path[i]!;
      total = add(total, this.offset[p]!);
      this.offset[p] = total;
      this.parent[p] = x;
    }
    return { root: x, offset: node === x ? ZERO : this.offset[node]! };
  }

  /**
   * States time(b) = time(a) + d. Returns undefined when that holds or is new, or how far it misses (the time it
   * would give b minus the time b already has) when the two are already related otherwise.
   */
  relate(a: number, b: number, d: Rational): Rational | undefined {
    const fa = this.find(a);
    const fb = this.find(b);
    if (fa.root === fb.root) {
      const miss = sub(add(fa.offset, d), fb.offset);
      return equal(miss, ZERO) ? undefined : miss;
    }
    // time(rb) = time(b) − ob = time(a) + d − ob = time(ra) + oa + d − ob. Keep the origin a root.
    const rootOffset = sub(add(fa.offset, d), fb.offset);
    if (fb.root === ORIGIN) {
      this.parent[fa.root] = fb.root;
      this.offset[fa.root] = sub(ZERO, rootOffset);
    } else {
      this.parent[fb.root] = fa.root;
      this.offset[fb.root] = rootOffset;
    }
    return undefined;
  }

  /** Whether the node's time is fixed relative to the start. */
  known(node: number): boolean {
    return this.find(node).root === ORIGIN;
  }

  /** The node's time in quarter notes from the start (only for a known node). */
  time(node: number): Rational {
    return this.find(node).offset;
  }

  /**
   * Every node's time, in quarter notes (floats): nodes known from the start exactly; the rest placed, set by set in
   * node order, so that the first unplaced node of a set falls evenly between its placed neighbours (the previous
   * node, and the next node known from the start, or `end` after the last node).
   */
  solve(end: Rational): number[] {
    const times = new Array<number>(this.size).fill(NaN);
    const placedRoots = new Map<number, number>(); // root → its time
    placedRoots.set(ORIGIN, 0);
    const timeOf = (node: number): number | undefined => {
      const f = this.find(node);
      const rootTime = placedRoots.get(f.root);
      return rootTime === undefined ? undefined : rootTime + toNumber(f.offset);
    };
    for (let node = 0; node < this.size; node++) {
      let t = timeOf(node);
      if (t === undefined) {
        const prev = node - 1;
        const tPrev = times[prev]!;
        let next = node + 1;
        while (next < this.size && !this.known(next)) next++;
        const tNext = next < this.size ? toNumber(this.time(next)) : toNumber(end);
        t = tPrev + ((Math.max(tNext, tPrev) - tPrev) * (node - prev)) / (next - prev);
        const f = this.find(node);
        placedRoots.set(f.root, t - toNumber(f.offset));
      }
      times[node] = t;
    }
    return times;
  }
}
