/**
 * The engines the worker can run, by id. A view names its engine; adding an engine is one line here (and its
 * view's registration in ../views/index.ts).
 */
import type { EngineFactory } from './live-engine.js';
import { ScoreEngine } from '../engines/score/score-engine.js';
import { SCORE_ENGINE } from '../engines/score/messages.js';
import { WormStudioEngine } from '../engines/worm/worm-modes.js';
import { WorkerDanceComputer, type DanceWorkerHandle } from '../engines/worm/dance-computer.js';
import { WORM_ENGINE } from '../engines/worm/messages.js';
import { RingLiveEngine } from '../engines/ring/ring-engine.js';
import { RING_ENGINE } from '../engines/ring/messages.js';
import { DuetLiveEngine } from '../engines/duet/duet-engine.js';
import { DUET_ENGINE } from '../engines/duet/messages.js';
import { ComposerLiveEngine } from '../engines/composers/composer-engine.js';
import { COMPOSER_ENGINE } from '../engines/composers/messages.js';
import { ResonanceLiveEngine } from '../engines/resonance/resonance-engine.js';
import { RESONANCE_ENGINE } from '../engines/resonance/messages.js';

export const ENGINES: Record<string, EngineFactory> = {
  [SCORE_ENGINE]: () => new ScoreEngine(),
  // Dances are computed in a worker of their own (started with the first dance), so this one keeps playing.
  [WORM_ENGINE]: (host) => new WormStudioEngine(host, new WorkerDanceComputer(() =>
    new Worker(new URL('../engines/worm/dance-worker.ts', import.meta.url), { type: 'module', name: 'neuromusic-dance' }) as unknown as DanceWorkerHandle)),
  [RING_ENGINE]: () => new RingLiveEngine(),
  [DUET_ENGINE]: () => new DuetLiveEngine(),
  [COMPOSER_ENGINE]: () => new ComposerLiveEngine(),
  [RESONANCE_ENGINE]: () => new ResonanceLiveEngine(),
};
