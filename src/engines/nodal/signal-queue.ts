/**
 * The priority queue of delayed signals, one entry per firing "wave". A firing of node s sends a signal to every
 * other node, arriving after the delays of row s of the delay matrix. Rather than N − 1 entries per firing, the
 * queue holds one entry per firing whose cursor walks row s in order of delay (precomputed once): popping the
 * earliest arrival advances that firing's cursor and sifts it down. The heap therefore holds only the firings whose
 * signals are still in flight (about N · longest delay / mean interval), and each delivery costs one sift.
 *
 * Order is total and deterministic: by arrival time, then by the firing's sequence number (earlier firings
 * first), then by the rank of the target in the sender's row (by delay, then clockwise offset from the sender,
 * (target − sender) mod N). Storage is typed arrays allocated up front; they only grow (doubling) if more firings
 * are in flight than the capacity given. When the layout is circulant (the delay depends only on the offset, as
 * on the circle), all senders share one row of offsets, so a delivery touches a few kilobytes of row data instead
 * of an N × N table: this keeps 1,024 nodes in cache.
 */

/** Each sender's receivers in order of arrival. */
export interface ArrivalRows {
  nodes: number;
  /**
   * true: one row shared by every sender (circulant layout), `targets` holding offsets (receiver = (sender +
   * offset) mod N) and `delays` its N − 1 delays; false: a row per sender, `targets[s · (N − 1) + r]` = receiver.
   */
  shared: boolean;
  targets: Int32Array;
  delays: Float64Array;
}

/**
 * The rows of a delay matrix: for each sender, the other nodes sorted by delay, ties by clockwise offset.
 * @example
 * const rows = arrivalRows(3, new Float64Array([0, 2, 1, 1, 0, 1, 1, 1, 0]));
 * receiverAt(rows, 0, 0); // → 2 — node 0 reaches node 2 first
 */
export function arrivalRows(nodes: number, delaysSeconds: Float64Array): ArrivalRows {
  const n = nodes;
  const m = n - 1;
  let circulant = true;
  for (let a = 1; a < n && circulant; a++) {
    for (let b = 0; b < n; b++) {
      if (a !== b && delaysSeconds[a * n + b] !== delaysSeconds[(b - a + n) % n]) {
        circulant = false;
        break;
      }
    }
  }
  const offsets = (sender: number): number[] => {
    const row = Array.from({ length: m }, (_, k) => k + 1);
    return row.sort((x, y) => delaysSeconds[sender * n + ((sender + x) % n)]! - delaysSeconds[sender * n + ((sender + y) % n)]! || x - y);
  };
  if (circulant) {
    const row = offsets(0);
    return { nodes: n, shared: true, targets: Int32Array.from(row), delays: Float64Array.from(row, (o) => delaysSeconds[o]!) };
  }
  const targets = new Int32Array(n * m);
  const delays = new Float64Array(n * m);
  for (let s = 0; s < n; s++) {
    offsets(s).forEach((o, r) => {
      targets[s * m + r] = (s + o) % n;
      delays[s * m + r] = delaysSeconds[s * n + ((s + o) % n)]!;
    });
  }
  return { nodes: n, shared: false, targets, delays };
}

/**
 * The receiver of rank `rank` in `sender`'s row.
 * @example
 * receiverAt(arrivalRows(3, new Float64Array([0, 2, 1, 1, 0, 1, 1, 1, 0])), 0, 0); // → 2
 */
export function receiverAt(rows: ArrivalRows, sender: number, rank: number): number {
  return rows.shared ? (sender + rows.targets[rank]!) % rows.nodes : rows.targets[sender * (rows.nodes - 1) + rank]!;
}

/**
 * The delay of rank `rank` in `sender`'s row.
 * @example
 * delayAt(arrivalRows(3, new Float64Array([0, 2, 1, 1, 0, 1, 1, 1, 0])), 0, 1); // → 2
 */
export function delayAt(rows: ArrivalRows, sender: number, rank: number): number {
  return rows.delays[rows.shared ? rank : sender * (rows.nodes - 1) + rank]!;
}

/**
 * The queue of firing waves (see the module comment).
 * @example
 * const q = new SignalQueue(arrivalRows(32, circleLayout(32, nodalParams().layout).delaysSeconds), 1024);
 * q.push(5, 0.0, 0); // node 5 fires at 0 s: its 31 signals are in flight
 * q.peekTarget(); // → 6 — its clockwise neighbour arrives first
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
  private readonly nodes: number;
  private readonly targets: Int32Array;
  private readonly delays: Float64Array;
  private readonly shared: boolean;
  /** Row length in the row arrays per sender: 0 when the row is shared, N − 1 otherwise. */
  private readonly stride: number;

  /**
   * @param rows each sender's receivers in order of arrival ({@link arrivalRows})
   * @param capacity waves in flight the queue is sized for
   */
  constructor(rows: ArrivalRows, capacity: number) {
    this.nodes = rows.nodes;
    this.targets = rows.targets;
    this.delays = rows.delays;
    this.shared = rows.shared;
    this.stride = rows.shared ? 0 : rows.nodes - 1;
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
    this.nextTime[slot] = time + this.delays[sender * this.stride]!;
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
    const sender = this.source[slot]!;
    const v = this.targets[sender * this.stride + this.cursor[slot]!]!;
    if (!this.shared) return v;
    const t = sender + v;
    return t >= this.nodes ? t - this.nodes : t;
  }

  /** Index of the earliest signal in the row arrays: sender · (N − 1) + its rank in the sender's row. */
  peekIndex(): number {
    const slot = this.heap[0]!;
    return this.source[slot]! * (this.nodes - 1) + this.cursor[slot]!;
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
      this.nextTime[slot] = this.fireTime[slot]! + this.delays[this.source[slot]! * this.stride + next]!;
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
