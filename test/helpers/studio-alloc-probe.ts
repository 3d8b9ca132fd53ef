/**
 * Child-process probe for test/studio-engines-alloc.test.ts: runs a studio engine adapter (worm, ring or duet) the way
 * the worker's transport does — advance() in 23-ms slices, notes and states to a sink — and reports, from V8's
 * sampling heap profiler (garbage included), the bytes allocated while the engines' code was on the stack, by
 * site. Run in its own process with synchronous optimisation, so the result does not depend on when a busy
 * machine gets round to compiling the hot paths.
 */
import { Session } from 'node:inspector/promises';
import { WormLiveEngine } from '../../studio/src/engines/worm/worm-engine.js';
import { RingLiveEngine } from '../../studio/src/engines/ring/ring-engine.js';
import { DuetLiveEngine } from '../../studio/src/engines/duet/duet-engine.js';
import type { EngineSink, LiveEngine } from '../../studio/src/worker/live-engine.js';

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

const [which = 'worm', warmSeconds = '60', measuredSeconds = '60'] = process.argv.slice(2);
const engine: LiveEngine = which === 'ring' ? new RingLiveEngine() : which === 'duet' ? new DuetLiveEngine() : new WormLiveEngine();
let notes = 0;
let states = 0;
let id = 0;
const sink: EngineSink = {
  note: () => (notes++, ++id),
  release: () => undefined,
  state: () => void states++,
};
const TICK = 1024 / 44100; // the worklet's clock: every 8 quanta of 128 frames
let t = 0;
const runTo = (seconds: number): void => {
  for (; t < seconds; t += TICK) engine.advance(t, t + TICK, sink);
};
runTo(Number(warmSeconds));
const session = new Session();
session.connect();
await session.post('HeapProfiler.startSampling', { samplingInterval: 64, includeObjectsCollectedByMinorGC: true, includeObjectsCollectedByMajorGC: true });
const notesBefore = notes;
const statesBefore = states;
runTo(Number(warmSeconds) + Number(measuredSeconds));
const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: ProfileNode } };
session.disconnect();
const sites = new Map<string, number>();
let bytes = 0;
/** Bytes the checkpoints took (one snapshot per second of music): counted apart from the per-frame work. */
let checkpointBytes = 0;
const walk = (node: ProfileNode, engineAbove: boolean, inCheckpoint: boolean): void => {
  const url = node.callFrame.url;
  const here = engineAbove || /\/studio\/src\/(engines|worker)\/|\/src\/engines\//.test(url);
  const checkpoint = inCheckpoint || /\/worker\/(snapshot|checkpoints)\.ts/.test(url);
  if (here && node.selfSize > 0) {
    if (checkpoint) checkpointBytes += node.selfSize;
    else bytes += node.selfSize;
    const site = `${node.callFrame.functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${node.callFrame.lineNumber + 1}${checkpoint ? ' [checkpoint]' : ''}`;
    sites.set(site, (sites.get(site) ?? 0) + node.selfSize);
  }
  for (const child of node.children) walk(child, here, checkpoint);
};
walk(profile.head, false, false);
const top = [...sites].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([s, b]) => `${s} (${b} bytes)`);
console.log(JSON.stringify({ which, bytes, checkpointBytes, notes: notes - notesBefore, states: states - statesBefore, seconds: Number(measuredSeconds), sites: top }));
