/**
 * The Resonance view's microphone listener, in workers of its own: mic-listener.ts on the samples the page posts,
 * the states or the newly decided beats posted back. The view starts two, one for the bank and one for the online
 * tracker (whose re-runs take a tenth of a second or more, which neither the page nor the bank must wait for).
 */
import { MicListener } from './mic-listener.js';
import type { ListenerReply, ListenerRequest } from './listener-messages.js';

let listener: MicListener | undefined;

const post = (m: ListenerReply, transfer: Transferable[] = []): void => (self as unknown as Worker).postMessage(m, transfer);

self.onmessage = (e: MessageEvent<ListenerRequest>) => {
  const m = e.data;
  if (m.type === 'start') {
    listener = new MicListener(m.sampleRate, undefined, { bank: m.part === 'bank', tracker: m.part === 'tracker' });
    return;
  }
  if (!listener) return;
  try {
    const out = listener.push(m.samples);
    for (const s of out.states) post({ type: 'state', state: s, bankMsPerFrame: listener.bankMs / Math.max(1, listener.frames) }, [s.buffer]);
    if (out.tracker) post({ type: 'beats', ...out.tracker });
  } catch (err) {
    post({ type: 'error', message: (err as Error).message });
    listener = undefined;
  }
};
