/**
 * Every live engine passes the same contract (test/contracts/live-engine.ts): determinism for a seed, live stepping
 * in any chunking equal to the offline run, reset, and state that survives JSON. Each engine takes part through
 * one adapter below; a new engine joins by adding one.
 */
import { WormEngine } from '../src/engines/worm/model/engine.js';
import { parseCommandScript, scheduleDrive } from '../src/engines/worm/model/command.js';
import { NodalNetwork } from '../src/engines/nodal/network.js';
import { composeNodal, FiringCollector, type FiringLog } from '../src/engines/nodal/compose.js';
import { defaultContours } from '../src/engines/nodal/network.js';
import { nodalParams, type NodalParams } from '../src/engines/nodal/params.js';
import type { NoteEvent } from '../src/score/types.js';
import { ScoreEngine } from '../studio/src/engines/score/score-engine.js';
import { RingLiveEngine } from '../studio/src/engines/ring/ring-engine.js';
import { WormLiveEngine } from '../studio/src/engines/worm/worm-engine.js';
import { DuetLiveEngine } from '../studio/src/engines/duet/duet-engine.js';
import { ResonanceLiveEngine } from '../studio/src/engines/resonance/resonance-engine.js';
import { ComposerLiveEngine } from '../studio/src/engines/composers/composer-engine.js';
import { encodeWav } from '../src/formats/wav.js';
import { QUIET_HOST, type EngineSink, type LiveEngine } from '../studio/src/worker/live-engine.js';
import { DuetEngine, type DuetEngineOptions } from '../src/engines/duet/engine.js';
import { pulseEnvelope } from '../src/engines/duet/input.js';
import { composeDuet } from '../src/engines/duet/compose.js';
import { sortNotes } from '../src/score/ops.js';
import { liveEngineContract, type ContractGap } from './contracts/live-engine.js';

// ── The worm model (src/engines/worm/model/engine.ts): a fixed time grid, stepped by frame length. ─────────────

const WORM_SCRIPT = 'forward 0.4s, reverse';

function wormEngine(seed: number): WormEngine {
  // With neural noise, so that the seed matters; a command switch mid-run, so that the drive does.
  return new WormEngine({ params: { neural: { noisePerSqrtS: 0.05 }, seed }, drive: scheduleDrive(parseCommandScript(WORM_SCRIPT)) });
}

function wormOutput(engine: WormEngine): unknown {
  const s = engine.state;
  return {
    steps: engine.steps,
    time: s.time,
    midlineX: Array.from(s.midlineX),
    midlineY: Array.from(s.midlineY),
    neuronActivity: Array.from(s.neuronActivity),
    muscleActivation: Array.from(s.muscleActivation),
    centroid: [s.centroidX, s.centroidY],
    behaviour: [s.behaviour, s.axialSpeedMmPerS, s.turnRateRadPerS],
  };
}

liveEngineContract('the worm model (WormEngine)', {
  seconds: 1,
  create: (seed) => ({ engine: wormEngine(seed) }),
  advance: (h, from, to) => void h.engine.step(to - from),
  output: (h) => wormOutput(h.engine),
  compose: (seed, seconds) => {
    const engine = wormEngine(seed);
    engine.advance(Math.floor(seconds / engine.stepS + 1e-9));
    return wormOutput(engine);
  },
  // The grid's step times, the command switch among them.
  eventTimes: () => {
    const h = wormEngine(0).stepS;
    return Array.from({ length: Math.round(1 / h) }, (_, k) => (k + 1) * h);
  },
  reset: (h) => h.engine.reset(),
});

// ── The nodal network (src/engines/nodal): event-driven, stepped by span into a firing sink. ──────────────────

function nodalAdapter(params: NodalParams, seconds: number) {
  const contours = defaultContours(seconds);
  const firings = (log: FiringLog, counters: object): unknown => ({ firings: log, counters: { ...counters } });
  return {
    seconds,
    create: (seed: number) => ({
      net: new NodalNetwork({ params, seed, pitchContour: contours.pitch, velocityContour: contours.velocity }),
      collector: new FiringCollector(),
    }),
    advance: (h: { net: NodalNetwork; collector: FiringCollector }, from: number, to: number) => void h.net.step(to - from, h.collector),
    output: (h: { net: NodalNetwork; collector: FiringCollector }) => firings(h.collector.log(), h.net.counters),
    compose: (seed: number, s: number) => {
      const run = composeNodal({ params, seed, seconds: s });
      return firings(run.firings, run.counters);
    },
    eventTimes: (composed: unknown) => (composed as { firings: FiringLog }).firings.timesSeconds,
    reset: (h: { net: NodalNetwork; collector: FiringCollector }) => {
      h.net.reset();
      h.collector.count = 0;
    },
  };
}

liveEngineContract('the nodal network (NodalNetwork)', nodalAdapter(nodalParams(), 20));
// A network that halts and restarts (§3.2–3.3): the restart path under chunking too.
liveEngineContract('the nodal network through halts and restarts', nodalAdapter(nodalParams({ nodes: 10, weights: { floorShare: 0 }, startup: { restartAfterSeconds: 1.5 } }), 60));

// ── The studio's engines (studio/src/engines): advance(from, to) into a sink; the export is the offline run. ───

/** What a listener collects: notes (open ones closed by their releases) and where the engine stands. */
class Listener implements EngineSink {
  notes: NoteEvent[] = [];
  time = 0;
  /** Open notes: id → index in `notes` (a plain record, so that the listener's state is JSON). */
  private open: Record<number, number> = {};
  private nextId = 1;

  note(n: NoteEvent): number {
    this.notes.push({ ...n });
    this.open[this.nextId] = this.notes.length - 1;
    return this.nextId++;
  }

  release(time: number, id: number): void {
    const i = this.open[id];
    if (i === undefined) return;
    delete this.open[id];
    this.notes[i]!.duration = time - this.notes[i]!.onset;
  }

  state(): void {}

  clear(): void {
    this.notes = [];
    this.open = {};
    this.time = 0;
  }
}

/**
 * The notes in a canonical order (a score sorts simultaneous notes by pitch, an engine plays them in its event
 * order), with what still sounds at `end` ended there and every note cut at `end`, as an export ends them.
 */
function heard(notes: readonly NoteEvent[], end: number, cutAtEnd = false): NoteEvent[] {
  return notes
    .map((n) => {
      const open = n.duration === Infinity || (cutAtEnd && n.onset + n.duration > end);
      return open ? { ...n, duration: cutAtEnd ? Math.max(1e-3, end - n.onset) : end - n.onset } : n;
    })
    .sort((a, b) => a.onset - b.onset || a.pitch - b.pitch || (a.voice ?? 0) - (b.voice ?? 0) || a.velocity - b.velocity);
}

interface StudioOptions {
  seconds: number;
  /** Set-up after construction (a command the engine needs to use its seed). */
  prepare?: (engine: LiveEngine) => void;
  /** Commands after the seed is set (what a seed change would undo: the composers' generations, their search). */
  afterSeed?: (engine: LiveEngine) => void;
  /** Whether an export cuts notes still sounding at its end (the ring's notes have a fixed length). */
  cutAtEnd?: boolean;
  seeded?: true | ContractGap;
  /** Whether the engine's state (and the listener's) survives JSON; the default is a gap. */
  stateAsJson?: boolean;
}

function studioAdapter(make: () => LiveEngine, options: StudioOptions) {
  const create = (seed: number) => {
    const engine = make();
    options.prepare?.(engine);
    engine.setSeed(seed);
    options.afterSeed?.(engine);
    engine.seek(0);
    return { engine, listener: new Listener() };
  };
  type Handle = ReturnType<typeof create>;
  const cut = options.cutAtEnd ?? false;
  return {
    seconds: options.seconds,
    ...(options.seeded ? { seeded: options.seeded } : {}),
    create,
    advance: (h: Handle, from: number, to: number) => {
      h.engine.advance(from, to, h.listener);
      h.listener.time = to;
    },
    // Notes still sounding end where the engine stands (the worm: at the last step of its grid before `to`).
    output: (h: Handle) => heard(h.listener.notes, h.engine.currentState?.()?.time ?? h.listener.time, cut),
    compose: (seed: number, seconds: number) => {
      const h = create(seed);
      // The export covers what was played: play the span in one step (nothing heard), then export it.
      h.engine.advance(0, seconds, { note: () => 0, release: () => undefined, state: () => undefined });
      const native = h.engine.info().nativeBpm;
      return heard(h.engine.performance(native).notes.filter((n) => n.onset < seconds), seconds, cut);
    },
    eventTimes: (composed: unknown) => (composed as NoteEvent[]).map((n) => n.onset),
    reset: (h: Handle) => {
      h.engine.seek(0);
      h.listener.clear();
    },
    ...(options.stateAsJson
      ? {}
      : { stateRoot: { gap: 'rebuilt from its seed, settings and recorded commands by seek(t); its checkpoints are in-memory snapshots (studio/src/worker/snapshot.ts)' } }),
  };
}

liveEngineContract('the studio score player (ScoreEngine)', studioAdapter(() => new ScoreEngine(), {
  seconds: 12,
  // Humanised, so that the seed matters.
  prepare: (e) => void e.command({ kind: 'humanize', timingSeconds: 0.02, velocity: 0.1 }, QUIET_HOST),
  stateAsJson: true,
}));

liveEngineContract('the studio ring (RingLiveEngine)', studioAdapter(() => new RingLiveEngine(), { seconds: 12, cutAtEnd: true }));

liveEngineContract('the studio worm (WormLiveEngine)', studioAdapter(() => new WormLiveEngine(), {
  seconds: 3,
  seeded: { gap: 'the worm model has no noise by default: every seed gives the same worm' },
}));

// The duet steered by the EEG twin: blocks of EEG, biomarkers and mapping on the engine's clock, checkpoints by block.
liveEngineContract('the studio duet (DuetLiveEngine)', studioAdapter(() => new DuetLiveEngine(), { seconds: 6 }));

// The resonance engine: ASHLE tapping to the metronome (a tempo change recorded mid-run), and the GrFNN bank hearing
// a WAV (its beats are notes too). The Resonance view's microphone listener runs on the page, not in an engine: its
// input cannot be replayed, so it has no run to compare (studio/src/views/resonance/mic-listener.test.ts tests it).
const RESONANCE_SEEDLESS: ContractGap = { gap: 'nothing in the resonance engine is random: the same inputs give the same run' };

/** A 2-Hz click track, 6 s at 8 kHz, as a WAV. */
function clickWav(): Uint8Array {
  const rate = 8000;
  const x = new Float32Array(6 * rate);
  for (let t = 0.25; t < 6; t += 0.5) x.fill(0.8, Math.round(t * rate), Math.round(t * rate) + 40);
  return encodeWav({ sampleRate: rate, channels: [x] });
}

liveEngineContract('the studio resonance (ResonanceLiveEngine): ASHLE and the metronome', studioAdapter(() => new ResonanceLiveEngine(), {
  seconds: 4,
  seeded: RESONANCE_SEEDLESS,
  // At 96 bpm from the start: ASHLE (spontaneous 120 bpm) adapts, so its taps move within blocks.
  prepare: (e) => void e.command({ kind: 'tempo', bpm: 96 }, QUIET_HOST),
}));

liveEngineContract('the studio resonance hearing a WAV (ResonanceLiveEngine with the GrFNN bank)', studioAdapter(() => new ResonanceLiveEngine(), {
  seconds: 6,
  seeded: RESONANCE_SEEDLESS,
  prepare: (e) => void e.command({ kind: 'load-audio', name: 'clicks.wav', bytes: clickWav() }, QUIET_HOST),
}));

// The composers: the genetic composer's best melody after a few generations (what the view plays), and the rule
// composer's search as far as it has gone.
liveEngineContract('the studio composers (ComposerLiveEngine): the genetic melody', studioAdapter(() => new ComposerLiveEngine(), {
  seconds: 12,
  prepare: (e) => void e.command({ kind: 'restart', population: 24, bars: 4 }, QUIET_HOST),
  afterSeed: (e) => void e.command({ kind: 'evolve', generations: 3 }, QUIET_HOST),
}));

liveEngineContract('the studio composers (ComposerLiveEngine): the rule search', studioAdapter(() => new ComposerLiveEngine(), {
  seconds: 8,
  prepare: (e) => void e.command({ kind: 'listen', to: 'rules' }, QUIET_HOST),
  afterSeed: (e) => void e.command({ kind: 'search-step', steps: 400 }, QUIET_HOST),
}));

// ── The Neural Duet (src/engines/duet): a fixed dynamics grid, notes at interpolated phase crossings. ──────────

/** The duet's notes in the score's canonical order (simultaneous strokes are emitted drums first, then sorted). */
const duetNotes = (notes: readonly NoteEvent[]): NoteEvent[] => sortNotes(notes);

function duetAdapter(options: Omit<DuetEngineOptions, 'seed'>) {
  return {
    seconds: 8,
    create: (seed: number) => ({ engine: new DuetEngine({ ...options, seed }), notes: [] as NoteEvent[] }),
    advance: (h: { engine: DuetEngine; notes: NoteEvent[] }, _from: number, to: number) => void h.engine.advanceTo(to, { note: (n) => h.notes.push(n) }),
    output: (h: { engine: DuetEngine; notes: NoteEvent[] }) => duetNotes(h.notes),
    compose: (seed: number, seconds: number) => composeDuet({ ...options, seed, seconds }).score.notes,
    eventTimes: (notes: unknown) => (notes as NoteEvent[]).map((n) => n.onset),
    reset: (h: { engine: DuetEngine; notes: NoteEvent[] }) => {
      h.engine.reset();
      h.notes.length = 0;
    },
  };
}

liveEngineContract('the Neural Duet (DuetEngine)', duetAdapter({}));
// Listening to a pulse that stops mid-run, steered by a control track through ρ's bifurcation, the melody's register
// pulled by a series (as a video's height pulls it) that ends before the run does.
liveEngineContract('the Neural Duet listening, with a control track and a register series', duetAdapter({
  input: pulseEnvelope(2.2, 6),
  register: { values: [0.1, 0.9, 0.3, 0.7, 0.5], sampleRateHz: 0.5 },
  controls: [
    { timeSeconds: 0, controls: { lambda2: 1, rho: 20, tempoScale: 1, density: 0.3 } },
    { timeSeconds: 8, controls: { lambda2: 4, rho: 30, tempoScale: 1.1, density: 0.9 } },
  ],
}));
