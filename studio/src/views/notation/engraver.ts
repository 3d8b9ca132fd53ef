/**
 * The page's side of the engraving worker: one worker for the whole session, started the first time the Notation
 * view engraves (so Verovio loads once, and only for users who open the view), with promises for its answers.
 */
import type { Score } from 'neuromusic/score';
import type { MusicXmlOptions } from 'neuromusic/notation';
import type { FromEngraver, ToEngraver } from './engrave-messages.js';

/** An engraving as the worker answered it. */
export type Engraving = Extract<FromEngraver, { type: 'engraved' }>;

interface Pending {
  resolve(message: FromEngraver): void;
  reject(error: Error): void;
}

export class Engraver {
  private readonly worker: Worker;
  private readonly pending = new Map<string, Pending>();
  private nextId = 1;
  /** performance.now() when the worker was started. */
  readonly startedAt = performance.now();

  constructor() {
    this.worker = new Worker(new URL('./engrave-worker.ts', import.meta.url), { type: 'module', name: 'neuromusic-engraver' });
    this.worker.onmessage = (e: MessageEvent<FromEngraver>) => {
      const m = e.data;
      const key = m.type === 'page' ? `page:${m.id}:${m.page}` : `engrave:${m.id}`;
      const waiting = this.pending.get(key) ?? (m.type === 'error' ? this.firstWaitingFor(m.id) : undefined);
      if (!waiting) return;
      this.pending.delete(key);
      if (m.type === 'error') waiting.reject(new Error(m.message));
      else waiting.resolve(m);
    };
    this.worker.onerror = (e) => {
      for (const p of this.pending.values()) p.reject(new Error(`the engraver stopped: ${e.message}`));
      this.pending.clear();
    };
  }

  private firstWaitingFor(id: number): Pending | undefined {
    for (const [key, p] of this.pending) {
      if (key === `engrave:${id}` || key.startsWith(`page:${id}:`)) {
        this.pending.delete(key);
        return p;
      }
    }
    return undefined;
  }

  private ask(key: string, message: ToEngraver): Promise<FromEngraver> {
    return new Promise((resolve, reject) => {
      this.pending.get(key)?.reject(new Error('superseded'));
      this.pending.set(key, { resolve, reject });
      this.worker.postMessage(message);
    });
  }

  /** Lays out a score in pages of width × height CSS pixels at `zoom` percent (MusicXML written with `options`). */
  async engrave(score: Score, width: number, height: number, zoom: number, options?: MusicXmlOptions): Promise<Engraving> {
    const id = this.nextId++;
    return (await this.ask(`engrave:${id}`, { type: 'engrave', id, score, width, height, zoom, ...(options ? { options } : {}) })) as Engraving;
  }

  /** The SVG of one page (1-based) of an engraving. */
  async page(id: number, page: number): Promise<string> {
    const m = await this.ask(`page:${id}:${page}`, { type: 'page', id, page });
    return (m as Extract<FromEngraver, { type: 'page' }>).svg;
  }
}

let shared: Engraver | undefined;

/** The session's engraver, started on first use. */
export function engraver(): Engraver {
  shared ??= new Engraver();
  return shared;
}
