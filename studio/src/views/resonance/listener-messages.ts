/** Messages between the Resonance view and its microphone listener's worker (listener-worker.ts). */
import type { TrackerUpdate } from './mic-listener.js';

export type ListenerRequest =
  /** A new stream at this sample rate (forgets the last). */
  | { type: 'start'; sampleRate: number; part: 'bank' | 'tracker' }
  /** The next samples of the stream (mono). */
  | { type: 'audio'; samples: Float32Array };

export type ListenerReply =
  /** A resonance state of the bank (TIME = input seconds), and the bank's cost so far (ms a frame). */
  | { type: 'state'; state: Float32Array; bankMsPerFrame: number }
  /** What the online tracker newly decided. */
  | ({ type: 'beats' } & TrackerUpdate)
  | { type: 'error'; message: string };
