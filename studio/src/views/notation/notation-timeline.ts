/**
 * Where the playhead is in an engraved score: Verovio's timemap (the moments at which notes start and stop, in
 * milliseconds at the notated tempo) turned into the notes sounding after each moment and the page they are on, so
 * that every animation frame finds what to light with one binary search and touches the page only when that
 * changes.
 */
import type { EngravedMoment } from './engrave-messages.js';

export class NotationTimeline {
  private readonly times: Float64Array;
  /** Notes sounding from moment i until moment i + 1. */
  private readonly sounding: string[][];
  /** The page to show from moment i: the page of the notes that start latest at or before it. */
  private readonly pages: Int32Array;
  /** Onset of each note, ms. */
  private readonly onsets = new Map<string, number>();

  constructor(moments: readonly EngravedMoment[], notePages: Readonly<Record<string, number>>) {
    const sorted = [...moments].sort((a, b) => a.ms - b.ms);
    this.times = Float64Array.from(sorted, (m) => m.ms);
    this.sounding = [];
    this.pages = new Int32Array(sorted.length);
    const now = new Set<string>();
    let page = 1;
    sorted.forEach((m, i) => {
      for (const id of m.off) now.delete(id);
      for (const id of m.on) {
        now.add(id);
        if (!this.onsets.has(id)) this.onsets.set(id, m.ms);
        const p = notePages[id];
        if (p !== undefined && p > 0) page = p;
      }
      this.sounding.push([...now]);
      this.pages[i] = page;
    });
  }

  /** Number of moments. */
  get length(): number {
    return this.times.length;
  }

  /**
   * Index of the last moment at or before `ms`, or −1 before the first.
   * @example
   * new NotationTimeline([{ ms: 0, on: ['a'], off: [] }, { ms: 500, on: ['b'], off: ['a'] }], {}).at(499); // → 0
   */
  at(ms: number): number {
    let lo = 0;
    let hi = this.times.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.times[mid]! <= ms) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** Ids of the notes sounding after moment `index` (none before the first). */
  soundingAt(index: number): readonly string[] {
    return index < 0 ? [] : this.sounding[index]!;
  }

  /** The page (1-based) to show after moment `index`. */
  pageAt(index: number): number {
    return index < 0 ? 1 : this.pages[index]!;
  }

  /** When a note starts, ms (undefined for an id not in the timemap). */
  onsetOf(id: string): number | undefined {
    return this.onsets.get(id);
  }

  /** The first moment shown on `page`, ms (undefined when no note starts on it). */
  firstMsOnPage(page: number): number | undefined {
    const i = this.pages.indexOf(page);
    return i < 0 ? undefined : this.times[i];
  }
}
