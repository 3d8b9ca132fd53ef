/**
 * The dance worker: computes the dance of a piece (the core's `danceToPiece`, the CLI's `neuromusic dance`) off the
 * engine worker's thread, with its progress, and posts it back as data (see dance-computer.ts).
 */
import { computeDance, type FromDanceWorker, type ToDanceWorker } from './dance-computer.js';

interface DanceWorkerScope {
  postMessage(message: FromDanceWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToDanceWorker>) => void) | null;
}
const scope = self as unknown as DanceWorkerScope;

/** The distinct buffers under the typed arrays of a plain object tree. */
function buffersOf(root: unknown): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== 'object') return;
    if (ArrayBuffer.isView(value)) {
      if (value.buffer instanceof ArrayBuffer) buffers.add(value.buffer);
      return;
    }
    for (const item of Array.isArray(value) ? value : Object.values(value)) visit(item);
  };
  visit(root);
  return [...buffers];
}

scope.onmessage = (event) => {
  const { id, job } = event.data;
  try {
    const outcome = computeDance(job, (fraction, stage) => scope.postMessage({ type: 'progress', id, fraction, stage }));
    // The dance's arrays move to the engine worker (tens of MB for a few minutes of music: not copied).
    if ('dance' in outcome) scope.postMessage({ type: 'done', id, dance: outcome.dance }, buffersOf(outcome.dance));
    else scope.postMessage({ type: 'failed', id, message: outcome.error, userError: true });
  } catch (err) {
    const message = err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err);
    scope.postMessage({ type: 'failed', id, message, userError: false });
  }
};
