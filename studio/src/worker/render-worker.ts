/**
 * The render worker: renders a performance to a WAV file with the modal piano (the CLI's `renderScore` and WAV
 * codec; drum strokes with the worklet's kit, audio/live-drums.ts) off the engine worker's thread, so the music
 * keeps playing and the page keeps its answers while a long export renders. The engine worker starts it with the
 * first WAV export.
 */
import { renderScore } from 'neuromusic/synth';
import { encodeWav } from 'neuromusic/formats';
import type { Score } from 'neuromusic/score';
import { kitDrum, withDrumStrokes } from '../audio/live-drums.js';

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
    // Drum strokes (General MIDI channel 10) play on the kit, as in the worklet: mixed in after the piano.
    const strokes = score.notes.some((n) => kitDrum(n) !== undefined);
    const audio = renderScore(strokes ? { notes: score.notes.filter((n) => kitDrum(n) === undefined) } : score, {
      sampleRate,
      channels,
      ...(ringSize ? { ringSize } : {}),
      ...(strokes ? { normalizeDbfs: null } : {}),
      onProgress: (fraction) => scope.postMessage({ type: 'progress', id, fraction }),
    });
    const bytes = encodeWav(strokes ? { sampleRate, channels: withDrumStrokes(audio.channels, score.notes, sampleRate) } : audio, 'pcm16');
    scope.postMessage({ type: 'done', id, bytes }, [bytes.buffer]);
  } catch (err) {
    scope.postMessage({ type: 'failed', id, message: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) });
  }
};
