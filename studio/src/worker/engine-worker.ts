/**
 * The engine worker: runs the engines and the transport off the page's thread, talks to the audio worklet
 * directly over a MessagePort (clock in, notes out), and answers the page (anchors, engine events, exports).
 * Everything it computes comes from the library in src/, the same code the CLI runs. Long work runs in workers of its
 * own so the music goes on: WAV exports in render-worker.ts, dances in engines/worm/dance-worker.ts.
 */
import { Transport, type TransportOutput } from './transport.js';
import { ENGINES } from './engines.js';
import { EngineUserError, type EngineHost, type EngineReply, type LiveEngine } from './live-engine.js';
import type { ExportFormat, FromWorker, ToWorker, ToWorklet } from '../protocol.js';
import type { RenderJob, RenderReply } from './render-worker.js';
import { writeMidi } from 'neuromusic/formats';

/** The dedicated worker's global scope, as far as this file uses it. */
interface WorkerScope {
  postMessage(message: FromWorker, transfer?: Transferable[]): void;
  onmessage: ((event: MessageEvent<ToWorker>) => void) | null;
}
const scope = self as unknown as WorkerScope;

/** Sample rate of exported WAV files. */
const EXPORT_SAMPLE_RATE = 44100;

const engines = new Map<string, LiveEngine>();
let transport: Transport | undefined;
let worklet: MessagePort | undefined;
let current: LiveEngine | undefined;
let seed = 0;
let bpm: number | null = null;

function post(message: FromWorker, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function toWorklet(message: ToWorklet, transfer: Transferable[] = []): void {
  worklet?.postMessage(message, transfer);
}

const output: TransportOutput = {
  notes(forWorklet, forPage) {
    toWorklet({ type: 'notes', notes: forWorklet }, [forWorklet.buffer]);
    post({ type: 'notes', notes: forPage }, [forPage.buffer]);
  },
  drums(hits) {
    toWorklet({ type: 'drums', hits }, [hits.buffer]);
  },
  releases(forWorklet, forPage) {
    toWorklet({ type: 'releases', releases: forWorklet }, [forWorklet.buffer]);
    post({ type: 'releases', releases: forPage }, [forPage.buffer]);
  },
  stop(frame) {
    toWorklet({ type: 'stop', frame });
    post({ type: 'stopped', frame });
  },
  anchor(anchor) {
    post({ type: 'anchor', anchor });
  },
  state(time, state, transfer) {
    if (current) post({ type: 'state', engine: current.id, time, state }, transfer);
  },
  ended() {
    post({ type: 'ended' });
  },
};

/** Shows the view the moment the engine is parked at (after a selection, seek or command). */
function postCurrentState(): void {
  const now = current?.currentState?.();
  if (current && now) post({ type: 'state', engine: current.id, time: now.time, state: now.state });
}

function replyFor(engine: LiveEngine): EngineReply {
  return {
    event: (event, transfer) => post({ type: 'event', engine: engine.id, event }, transfer),
    userError: (message) => post({ type: 'user-error', message }),
  };
}

function engine(id: string): LiveEngine {
  let e = engines.get(id);
  if (!e) {
    const factory = ENGINES[id];
    if (!factory) throw new Error(`no engine "${id}" (known: ${Object.keys(ENGINES).join(', ')})`);
    const host: EngineHost = {
      event: (event, transfer) => post({ type: 'event', engine: id, event }, transfer),
      userError: (message) => post({ type: 'user-error', message }),
      changed: () => guard(() => changedByItself(id)),
    };
    e = factory(host);
    e.setSeed(seed);
    engines.set(id, e);
  }
  return e;
}

/** An engine's background work (a dance computed in its own worker) changed what it plays. */
function changedByItself(id: string): void {
  // An engine not playing now is seeked anew when it is selected.
  if (current?.id !== id) return;
  transport?.engineChanged('changed', performance.now());
  postInfo(current);
  if (!transport?.playing) postCurrentState();
}

/** The ring size the worklet pans speaker notes around (sent when it changes). */
let ringSpeakers: number | null = null;

function postInfo(e: LiveEngine): void {
  const info = e.info();
  post({ type: 'info', engine: e.id, info });
  const speakers = info.ringSpeakers ?? null;
  if (e === current && speakers !== ringSpeakers) {
    ringSpeakers = speakers;
    toWorklet({ type: 'ring', speakers });
  }
}

function exportFile(id: number, format: ExportFormat): void {
  if (!current) throw new Error('nothing to export: no engine selected');
  const info = current.info();
  const score = current.performance(bpm ?? info.nativeBpm);
  const base = fileBase(info.title);
  if (format !== 'midi' && format !== 'wav') {
    if (!current.exportFile || !info.exports.includes(format)) throw new Error(`the ${current.id} engine does not export ${format}`);
    const file = current.exportFile(format, bpm ?? info.nativeBpm, (fraction) => post({ type: 'progress', id, fraction }));
    const bytes = file.bytes;
    post({ type: 'exported', id, fileName: `${base}.${file.extension}`, mime: file.mime, bytes }, [bytes.buffer]);
    return;
  }
  if (format === 'midi') {
    const bytes = current.midiFile ? current.midiFile(score) : writeMidi(score);
    post({ type: 'exported', id, fileName: `${base}.mid`, mime: 'audio/midi', bytes }, [bytes.buffer]);
    return;
  }
  // Seconds of rendering for a long piece: in the render worker, while this one keeps the music going.
  wavExports.set(id, `${base}.wav`);
  renderer().postMessage({
    id,
    score,
    sampleRate: EXPORT_SAMPLE_RATE,
    channels: 2,
    ...(info.ringSpeakers ? { ringSize: info.ringSpeakers } : {}),
  } satisfies RenderJob);
}

/** WAV exports in the render worker: id → file name. */
const wavExports = new Map<number, string>();
let renderWorker: Worker | undefined;

/** The render worker, started with the first WAV export. */
function renderer(): Worker {
  if (renderWorker) return renderWorker;
  const worker = new Worker(new URL('./render-worker.ts', import.meta.url), { type: 'module', name: 'neuromusic-render' });
  worker.onmessage = (event: MessageEvent<RenderReply>) => {
    const m = event.data;
    const fileName = wavExports.get(m.id);
    if (fileName === undefined) return;
    if (m.type === 'progress') {
      post({ type: 'progress', id: m.id, fraction: m.fraction });
      return;
    }
    wavExports.delete(m.id);
    if (m.type === 'done') {
      post({ type: 'exported', id: m.id, fileName, mime: 'audio/wav', bytes: m.bytes }, [m.bytes.buffer]);
      return;
    }
    post({ type: 'export-failed', id: m.id });
    post({ type: 'fault', message: `rendering ${fileName} failed: ${m.message}` });
  };
  worker.onerror = (event) => {
    event.preventDefault();
    for (const id of wavExports.keys()) post({ type: 'export-failed', id });
    wavExports.clear();
    worker.terminate();
    renderWorker = undefined;
    post({ type: 'fault', message: `the render worker failed: ${event.message}` });
  };
  renderWorker = worker;
  return worker;
}

/** A file name from a title: letters, digits and dashes. */
function fileBase(title: string): string {
  const slug = title.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().replace(/[\s_]+/g, '-').toLowerCase();
  return slug.slice(0, 60) || 'neuromusic';
}

function handle(message: ToWorker): void {
  const now = performance.now();
  switch (message.type) {
    case 'init': {
      worklet = message.worklet;
      const t = new Transport(message.sampleRate, output);
      transport = t;
      worklet.onmessage = (e: MessageEvent<unknown>) => {
        if (typeof e.data === 'number') guard(() => t.clock(e.data as number, performance.now()));
      };
      post({ type: 'ready', engines: Object.keys(ENGINES) });
      return;
    }
    case 'select': {
      const e = engine(message.engine);
      current = e;
      transport?.setEngine(e, now);
      postInfo(e);
      e.describe(replyFor(e));
      postCurrentState();
      return;
    }
    case 'play':
      transport?.play(now);
      return;
    case 'pause':
      transport?.pause(now);
      return;
    case 'seek':
      transport?.seek(message.time, now);
      if (!transport?.playing) postCurrentState();
      return;
    case 'settings': {
      if (message.seed !== seed) {
        seed = message.seed;
        for (const e of engines.values()) e.setSeed(seed);
        if (current) {
          transport?.engineChanged('changed', now);
          postInfo(current);
          current.describe(replyFor(current));
          if (!transport?.playing) postCurrentState();
        }
      }
      if (message.bpm !== bpm) {
        bpm = message.bpm;
        transport?.setTempo(bpm, now);
      }
      return;
    }
    case 'command': {
      // The engine's answers wait until the transport has moved (a new piece parks at 0), so the page sees the
      // new anchor and length before the view sees the new material.
      const e = engine(message.engine);
      const held: Array<() => void> = [];
      const reply = replyFor(e);
      const effect = e.command(message.command, {
        event: (event, transfer) => held.push(() => reply.event(event, transfer)),
        userError: (m) => held.push(() => reply.userError(m)),
      });
      if (e === current) {
        transport?.engineChanged(effect, now);
        postInfo(e);
      }
      for (const send of held) send();
      if (e === current && !transport?.playing) postCurrentState();
      return;
    }
    case 'live-input':
      engine(message.engine).liveInput?.(message.input);
      return;
    case 'export':
      try {
        exportFile(message.id, message.format);
      } catch (err) {
        post({ type: 'export-failed', id: message.id });
        if (!(err instanceof EngineUserError)) throw err;
        post({ type: 'user-error', message: err.message });
      }
      return;
  }
}

/** Runs `fn`; an exception is a bug, reported to the page as a fault (which logs it). */
function guard(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    post({ type: 'fault', message: err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err) });
  }
}

scope.onmessage = (event) => guard(() => handle(event.data));
// What runs outside `handle` (a dance worker's answer arriving) and throws is a bug too.
(self as unknown as { onerror: ((event: ErrorEvent) => void) | null }).onerror = (event) => {
  event.preventDefault();
  post({ type: 'fault', message: event.error instanceof Error ? `${event.error.message}\n${event.error.stack ?? ''}` : event.message });
};
