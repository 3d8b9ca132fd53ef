/** The page's end of the engine worker: typed messages out, typed listeners in. */
import type { FromWorker, ToWorker } from '../protocol.js';

type Listener<T extends FromWorker['type']> = (message: Extract<FromWorker, { type: T }>) => void;

export class EngineClient {
  private readonly listeners = new Map<string, Set<(message: FromWorker) => void>>();

  constructor(private readonly worker: Worker) {
    worker.onmessage = (e: MessageEvent<FromWorker>) => {
      for (const fn of this.listeners.get(e.data.type) ?? []) fn(e.data);
    };
    worker.onerror = (e) => console.error(`engine worker: ${e.message}`);
  }

  /** Starts the worker (a module worker built from worker/engine-worker.ts). */
  static start(): EngineClient {
    return new EngineClient(new Worker(new URL('../worker/engine-worker.ts', import.meta.url), { type: 'module', name: 'neuromusic-engines' }));
  }

  send(message: ToWorker, transfer: Transferable[] = []): void {
    this.worker.postMessage(message, transfer);
  }

  on<T extends FromWorker['type']>(type: T, listener: Listener<T>): () => void {
    const set = this.listeners.get(type) ?? new Set();
    set.add(listener as (message: FromWorker) => void);
    this.listeners.set(type, set);
    return () => set.delete(listener as (message: FromWorker) => void);
  }

  /** Waits for the first message of a type. */
  next<T extends FromWorker['type']>(type: T): Promise<Extract<FromWorker, { type: T }>> {
    return new Promise((resolve) => {
      const off = this.on(type, (m) => {
        off();
        resolve(m);
      });
    });
  }
}
