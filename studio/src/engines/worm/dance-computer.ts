/**
 * Who computes a dance for "the worm dances". In the browser a Web Worker of its own (dance-worker.ts) does: the
 * engine worker keeps playing, answering the page and running the other views while a dance is computed (seconds
 * for a few minutes of music), and a new piece or seed ends a computation nobody wants any more. In Node (the unit
 * tests) the same call runs in process, before `start` returns.
 */
import type { Score } from 'neuromusic/score';
import { danceData, danceToPiece, type DanceData } from 'neuromusic/worm';

export interface DanceJob {
  score: Score;
  seed: number;
  /** Water (0) to agar (1): where both worms, the driven one and the dancing body, are. */
  medium: number;
}

export interface DanceJobListener {
  progress(fraction: number, stage: string): void;
  done(dance: DanceData): void;
  /** `userError`: the piece cannot be danced to (said to the user); otherwise a bug. */
  failed(message: string, userError: boolean): void;
}

export interface DanceComputer {
  /** Starts computing the dance of `job`; returns a function that abandons it (nothing more is heard of it). */
  start(job: DanceJob, listener: DanceJobListener): () => void;
}

/** Progress is reported every this much of the whole (and at each new stage and at the end): a few dozen reports. */
const PROGRESS_STEP = 0.02;

/**
 * The dance of a job, or why the piece cannot be danced to (a RangeError of the core); other errors are thrown.
 * `progress` hears a few dozen reports, not one per simulated frame.
 */
export function computeDance(job: DanceJob, progress: (fraction: number, stage: string) => void): { dance: DanceData } | { error: string } {
  let last = -1;
  let lastStage = '';
  const report = (fraction: number, stage: string): void => {
    if (fraction - last < PROGRESS_STEP && stage === lastStage && fraction < 1) return;
    last = fraction;
    lastStage = stage;
    progress(fraction, stage);
  };
  try {
    return { dance: danceData(danceToPiece(job.score, { seed: job.seed, medium: job.medium }, report)) };
  } catch (err) {
    if (err instanceof RangeError) return { error: err.message };
    throw err;
  }
}

/** Computes in the calling thread: `start` returns after `done` or `failed` has been called. */
export const inProcessDanceComputer: DanceComputer = {
  start(job, listener) {
    const outcome = computeDance(job, (fraction, stage) => listener.progress(fraction, stage));
    if ('dance' in outcome) listener.done(outcome.dance);
    else listener.failed(outcome.error, true);
    return () => undefined;
  },
};

/** Engine worker → dance worker. */
export interface ToDanceWorker {
  type: 'dance';
  id: number;
  job: DanceJob;
}

/** Dance worker → engine worker. */
export type FromDanceWorker =
  | { type: 'progress'; id: number; fraction: number; stage: string }
  | { type: 'done'; id: number; dance: DanceData }
  | { type: 'failed'; id: number; message: string; userError: boolean };

/** The part of a Worker this uses (a real one in the browser; tests may pass their own). */
export interface DanceWorkerHandle {
  postMessage(message: ToDanceWorker): void;
  terminate(): void;
  onmessage: ((event: MessageEvent<FromDanceWorker>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
}

/**
 * Computes in a dance worker, started on the first job. One job at a time: a job started while another runs
 * terminates the worker (the only way to stop synchronous work) and starts a fresh one.
 */
export class WorkerDanceComputer implements DanceComputer {
  private worker: DanceWorkerHandle | undefined;
  private jobId = 0;
  private listener: DanceJobListener | undefined;

  constructor(private readonly spawn: () => DanceWorkerHandle) {}

  start(job: DanceJob, listener: DanceJobListener): () => void {
    if (this.listener) this.stop();
    const id = ++this.jobId;
    this.listener = listener;
    this.worker ??= this.open();
    this.worker.postMessage({ type: 'dance', id, job });
    return () => {
      if (this.jobId === id && this.listener) this.stop();
    };
  }

  private open(): DanceWorkerHandle {
    const worker = this.spawn();
    worker.onmessage = (event) => {
      const m = event.data;
      const listener = this.listener;
      if (m.id !== this.jobId || !listener) return;
      if (m.type === 'progress') {
        listener.progress(m.fraction, m.stage);
        return;
      }
      this.listener = undefined;
      if (m.type === 'done') listener.done(m.dance);
      else listener.failed(m.message, m.userError);
    };
    worker.onerror = (event) => {
      event.preventDefault();
      const listener = this.listener;
      this.stop();
      listener?.failed(`dance worker: ${event.message}`, false);
    };
    return worker;
  }

  private stop(): void {
    this.worker?.terminate();
    this.worker = undefined;
    this.listener = undefined;
  }
}
