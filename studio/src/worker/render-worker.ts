/**
 * The render worker: renders a performance to a WAV file with the modal piano (the CLI's `renderScore` and WAV
 * codec) off the engine worker's thread, so the music keeps playing and the page keeps its answers while a long
 * export renders. The engine worker starts it with the first WAV export.
 */
import { renderScore } from 'neuromusic/synth';
import { encodeWav } from 'neuromusic/formats';
import type { Score } from 'neuromusic/score';

/** Engine worker → render worker. */
export interface RenderJob {
  id: number;
  score: Pick<Score, 'notes'>;
  sampleRate: number;
  channels: number;
  /** Speakers on the ring that speaker notes are panned around (none: notes sit by pitch). */
  ringSize?: number;
}

/** Render worker → engine worker. */
export type RenderReply =
  | { type: 'progress'; id: number; fraction: number }
  | { type: 'done'; id: number; bytes: Uint8Array }
  | { type: 'failed'; id: number; message: string };

interface RenderWorkerScope {
  postMessage(message: RenderReply, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<RenderJob>) => void) | null;
}
const scope = self as unknown as RenderWorkerScope;

scope.onmessage = (event) => {
  const { id, score, sampleRate, channels, ringSize } = event.data;
  try {
    const audio = renderScore(score, {
      sampleRate,
      channels,
      ...(ringSize ? { ringSize } : {}),
      onProgress: (fraction) => scope.postMessage({ type: 'progress', id, fraction }),
    });
    const bytes = encodeWav(audio, 'pcm16');
    scope.postMessage({ type: 'done', id, bytes }, [bytes.buffer]);
  } catch (err) {
    scope.postMessage({ type: 'failed', id, message: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) });
  }
};
