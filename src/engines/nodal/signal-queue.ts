/**
 * The priority queue of delayed signals, one entry per firing "wave". A firing of node s sends a signal to every
 * other node, arriving after the delays of row s of the delay matrix. Rather than N − 1 entries per firing, the
 * queue holds one entry per firing whose cursor walks row s in order of delay (precomputed once): popping the
 * earliest arrival advances that firing's cursor and sifts it down. The heap therefore holds only the firings whose
 * signals are still in flight (about N · longest delay / mean interval), and each delivery costs one sift.
 *
 * Order is total and deterministic: by arrival time, then by the firing's sequence number (earlier firings
 * first), then by the rank of the target in the sender's row (by delay, then node index). Storage is typed arrays
 * allocated up front; they only grow (doubling) if more firings are in flight than the capacity given.
 */

export class SignalQueue {
  /** Arrival time of each wave's next signal. */
  private nextTime: Float64Array;
  /** Firing time, sequence number, sender and cursor of each wave slot. */
  private fireTime: Float64Array;
  private seq: Float64Array;
  private source: Int32Array;
  private cursor: Int32Array;
  /** Binary heap of slot indices. */
  private heap: Int32Array;
  private free: Int32Array;
  private freeCount: number;
  /** Number of waves in flight. */
  size = 0;
  /**
   * The arrival time of the earliest signal in flight (Infinity when none), kept current by push and pop: read
   * from a typed array, it never has to be boxed.
   */
  readonly front = new Float64Array([Infinity]);
  private readonly scratch = new Float64Array(1);

  /**
   * @param nodes N
   * @param targets for each sender s, the other N − 1 nodes in order of arrival: `targets[s * (N − 1) + r]`
   * @param delays the matching delays, non-decreasing along each row
   * @param capacity waves in flight the queue is sized for
   */
  constructor(
    private readonly nodes: number,
    readonly targets: Int32Array,
    readonly delays: Float64Array,
    capacity: number,
  ) {
    const c = Math.max(16, capacity);
    this.nextTime = new Float64Array(c);
    this.fireTime = new Float64Array(c);
    this.seq = new Float64Array(c);
    this.source = new Int32Array(c);
    this.cursor = new Int32Array(c);
    this.heap = new Int32Array(c);
    this.free = new Int32Array(c);
    for (let i = 0; i < c; i++) this.free[i] = c - 1 - i;
    this.freeCount = c;
  }

  /** Slots allocated (grows only when more waves are in flight than expected). */
  get capacity(): number {
    return this.heap.length;
  }

  /** Adds the wave of a firing of `sender` at `time` with sequence number `sequence` (increasing). */
  push(sender: number, time: number, sequence: number): void {
    this.scratch[0] = time;
    this.pushFrom(sender, this.scratch, 0, sequence);
  }

  /** {@link push} with the firing time read from `times[index]` (no double crosses the call: see network.ts). */
  pushFrom(sender: number, times: Float64Array, index: number, sequence: number): void {
    const time = times[index]!;
    if (this.freeCount === 0) this.grow();
    const slot = this.free[--this.freeCount]!;
    this.source[slot] = sender;
    this.fireTime[slot] = time;
    this.seq[slot] = sequence;
    this.cursor[slot] = 0;
    this.nextTime[slot] = time + this.delays[sender * (this.nodes - 1)]!;
    let i = this.size++;
    const heap = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(slot, heap[parent]!)) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = slot;
    this.front[0] = this.nextTime[heap[0]!]!;
  }

  /** Arrival time of the earliest signal in flight (Infinity when none). */
  peekTime(): number {
    return this.size ? this.nextTime[this.heap[0]!]! : Infinity;
  }

  /** Sender of the earliest signal. */
  peekSource(): number {
    return this.source[this.heap[0]!]!;
  }

  /** Receiver of the earliest signal. */
  peekTarget(): number {
    const slot = this.heap[0]!;
    return this.targets[this.source[slot]! * (this.nodes - 1) + this.cursor[slot]!]!;
  }

  /** Sequence number of the firing that sent the earliest signal. */
  peekSequence(): number {
    return this.seq[this.heap[0]!]!;
  }

  /** Removes the earliest signal (call after reading it with the peek methods). */
  pop(): void {
    const slot = this.heap[0]!;
    const next = this.cursor[slot]! + 1;
    if (next < this.nodes - 1) {
      this.cursor[slot] = next;
      this.nextTime[slot] = this.fireTime[slot]! + this.delays[this.source[slot]! * (this.nodes - 1) + next]!;
      this.siftDown(slot);
      this.front[0] = this.nextTime[this.heap[0]!]!;
      return;
    }
    this.free[this.freeCount++] = slot;
    const last = this.heap[--this.size]!;
    if (this.size > 0) this.siftDown(last);
    // Two stores, not `size > 0 ? t : Infinity`: V8 may box a double merged with the constant Infinity.
    if (this.size > 0) this.front[0] = this.nextTime[this.heap[0]!]!;
    else this.front[0] = Infinity;
  }

  /** Empties the queue. */
  clear(): void {
    while (this.size > 0) this.free[this.freeCount++] = this.heap[--this.size]!;
    this.front[0] = Infinity;
  }

  private before(a: number, b: number): boolean {
    const ta = this.nextTime[a]!;
    const tb = this.nextTime[b]!;
    return ta < tb || (ta === tb && this.seq[a]! < this.seq[b]!);
  }

  /** Places `slot` at the root and sifts it down. */
  private siftDown(slot: number): void {
    const heap = this.heap;
    const n = this.size;
    let i = 0;
    while (true) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && this.before(heap[child + 1]!, heap[child]!)) child++;
      if (!this.before(heap[child]!, slot)) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = slot;
  }

  private grow(): void {
    const old = this.heap.length;
    const c = old * 2;
    const widen = <T extends Float64Array | Int32Array>(a: T, make: (n: number) => T): T => {
      const b = make(c);
      b.set(a);
      return b;
    };
    this.nextTime = widen(this.nextTime, (n) => new Float64Array(n));
    this.fireTime = widen(this.fireTime, (n) => new Float64Array(n));
    this.seq = widen(this.seq, (n) => new Float64Array(n));
    this.source = widen(this.source, (n) => new Int32Array(n));
    this.cursor = widen(this.cursor, (n) => new Int32Array(n));
    this.heap = widen(this.heap, (n) => new Int32Array(n));
    this.free = new Int32Array(c);
    for (let i = old; i < c; i++) this.free[this.freeCount++] = c - 1 - (i - old);
  }
}

/**
 * For each sender, the other nodes sorted by delay (ties by node index), with their delays: the rows the
 * {@link SignalQueue} walks.
 * @example
 * const { targets } = arrivalOrder(3, new Float64Array([0, 2, 1, 1, 0, 1, 1, 1, 0])); // row 0: [2, 1]
 */
export function arrivalOrder(nodes: number, delaysSeconds: Float64Array): { targets: Int32Array; delays: Float64Array } {
  const m = nodes - 1;
  const targets = new Int32Array(nodes * m);
  const delays = new Float64Array(nodes * m);
  const row: number[] = [];
  for (let s = 0; s < nodes; s++) {
    row.length = 0;
    for (let t = 0; t < nodes; t++) if (t !== s) row.push(t);
    row.sort((a, b) => delaysSeconds[s * nodes + a]! - delaysSeconds[s * nodes + b]! || a - b);
    for (let r = 0; r < m; r++) {
      targets[s * m + r] = row[r]!;
      delays[s * m + r] = delaysSeconds[s * nodes + row[r]!]!;
    }
  }
  return { targets, delays };
}
