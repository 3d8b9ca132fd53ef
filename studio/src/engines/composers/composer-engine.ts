/**
 * The composers live: the genetic composer bred generation by generation on the built-in corpus (the view asks for
 * generations; what plays is the best melody so far), and the rule composer's backtracking search stepped event by
 * event (what plays is the melody as far as the search has placed it). Both are functions of the seed.
 */
import { builtInCorpusScores, prepareCorpus, type Corpus } from 'neuromusic/analysis';
import { BacktrackingSearch, FITNESS_TERMS, GeneticComposer, melodyProblem, ruleCheckerTerm, type SearchEvent } from 'neuromusic/composers';
import { createRandom } from 'neuromusic/math';
import { scaleTempo, scoreEnd, type Score } from 'neuromusic/score';
import type { CommandEffect, EngineReply, EngineSink, LiveEngine } from '../../worker/live-engine.js';
import type { EngineInfo } from '../../protocol.js';
import { firstOnsetAtOrAfter } from '../../note-search.js';
import { COMPOSER_ENGINE, type ComposerCommand, type ComposerEvent } from './messages.js';

/** Tempo of both melodies, quarter notes per minute. */
export const COMPOSER_BPM = 112;
const SEARCH_NOTES = 16;
const KEY = { tonic: 0, mode: 'major' as const };

function describeEvent(e: SearchEvent | undefined): string {
  if (!e) return 'not started';
  switch (e.kind) {
    case 'place':
      return `placed ${e.value} at note ${e.depth + 1}`;
    case 'reject':
      return `rejected ${e.value} at note ${e.depth + 1}: ${e.violations.map((v) => v.rule).join(', ')}`;
    case 'dead-state':
      return `skipped ${e.value} at note ${e.depth + 1} (a known dead end)`;
    case 'backtrack':
      return `backtracked from note ${e.depth + 1}`;
    case 'solution':
      return 'found a melody that keeps every rule';
    case 'exhausted':
      return 'no melody satisfies these rules';
    case 'budget':
      return `stopped after ${e.nodes} nodes`;
  }
}

export class ComposerLiveEngine implements LiveEngine {
  readonly id = COMPOSER_ENGINE;
  private readonly corpus: Corpus = prepareCorpus(builtInCorpusScores());
  private seed = 1;
  private population = 100;
  private bars = 8;
  private genetic: GeneticComposer;
  private search: BacktrackingSearch;
  private lastEvent: SearchEvent | undefined;
  private listening: 'genetic' | 'rules' = 'genetic';
  private played: Score;
  private next = 0;

  constructor() {
    this.genetic = this.newGenetic();
    this.search = this.newSearch();
    this.played = this.geneticScore();
  }

  info(): EngineInfo {
    return { title: this.listening === 'genetic' ? `Genetic composer: best of generation ${this.genetic.generation}` : 'Rule composer: the search so far', duration: scoreEnd(this.played), nativeBpm: COMPOSER_BPM, seeded: true, exports: ['midi', 'wav'] };
  }

  rate(bpm: number): number {
    return bpm / COMPOSER_BPM;
  }

  setSeed(seed: number): void {
    if (seed === this.seed) return;
    this.seed = seed;
    this.genetic = this.newGenetic();
    this.search = this.newSearch();
    this.lastEvent = undefined;
    this.refresh();
  }

  seek(time: number): void {
    this.next = firstOnsetAtOrAfter(this.played.notes, time);
  }

  advance(from: number, to: number, sink: EngineSink): void {
    const notes = this.played.notes;
    while (this.next < notes.length && notes[this.next]!.onset < to) {
      const n = notes[this.next++]!;
      if (n.onset >= from) sink.note(n);
    }
  }

  command(command: unknown, reply: EngineReply): CommandEffect {
    const c = command as ComposerCommand;
    switch (c.kind) {
      case 'evolve':
        this.genetic.run(Math.max(1, Math.min(1000, Math.floor(c.generations))));
        break;
      case 'restart':
        this.population = Math.max(4, Math.min(1000, Math.floor(c.population)));
        this.bars = Math.max(1, Math.min(32, Math.floor(c.bars)));
        this.genetic = this.newGenetic();
        break;
      case 'search-step': {
        const limit = c.steps === Infinity ? 5_000_000 : Math.max(1, Math.floor(c.steps));
        for (let i = 0; i < limit; i++) {
          this.lastEvent = this.search.step();
          if (this.search.result) break;
        }
        break;
      }
      case 'search-restart':
        this.search = this.newSearch();
        this.lastEvent = undefined;
        break;
      case 'listen':
        this.listening = c.to;
        break;
      default:
        throw new Error(`composer engine: unknown command ${JSON.stringify(command)}`);
    }
    const before = this.played;
    this.refresh();
    this.describe(reply);
    return before === this.played ? 'none' : 'changed';
  }

  describe(reply: EngineReply): void {
    const g = this.genetic;
    const last = g.history[g.history.length - 1]!;
    const active = g.evaluator.activeTerms;
    const genetic: ComposerEvent = {
      kind: 'genetic',
      generation: g.generation,
      population: g.songs.length,
      bars: g.bars,
      key: g.key.name,
      curve: g.history.map((h) => ({ generation: h.generation, best: h.best, mean: h.mean })),
      terms: Object.fromEntries(FITNESS_TERMS.map((t) => [t, active.includes(t) ? g.best.terms[t] : null])),
      weights: { ...g.weights },
      best: g.best.fitness,
      bestGeneration: g.best.generation,
      distinct: last.distinct,
    };
    reply.event(genetic);
    const s = this.search;
    const search: ComposerEvent = {
      kind: 'search',
      placed: s.current.length,
      length: SEARCH_NOTES,
      nodes: s.statistics.nodes,
      backtracks: s.statistics.backtracks,
      maxDepth: s.statistics.maxDepth,
      last: describeEvent(this.lastEvent),
      outcome: s.result ? s.result.outcome : 'running',
    };
    reply.event(search);
    reply.event({ kind: 'playing', to: this.listening, score: this.played } satisfies ComposerEvent);
  }

  performance(bpm: number): Score {
    return scaleTempo(this.played, this.rate(bpm));
  }

  private refresh(): void {
    this.played = this.listening === 'genetic' ? this.geneticScore() : this.searchScore();
  }

  private newGenetic(): GeneticComposer {
    return new GeneticComposer({ corpus: this.corpus, mode: KEY.mode, bars: this.bars, population: this.population, seed: this.seed, bpm: COMPOSER_BPM, rules: ruleCheckerTerm(KEY) });
  }

  private newSearch(): BacktrackingSearch {
    const problem = melodyProblem({ key: KEY, durations: Array<number>(SEARCH_NOTES).fill(1), metre: { numerator: 4, denominator: 4 } });
    return new BacktrackingSearch(problem, createRandom(this.seed).fork('rules'), { maxNodes: 2_000_000 });
  }

  private geneticScore(): Score {
    return this.genetic.toScore(this.genetic.best.song, `Genetic melody, generation ${this.genetic.generation}`);
  }

  /** The search's melody as far as it goes: a quarter note per placed value. */
  private searchScore(): Score {
    const beat = 60 / COMPOSER_BPM;
    const placed = this.search.result?.sequence ?? this.search.current;
    return {
      notes: placed.map((pitch, i) => ({ onset: i * beat, duration: beat * 0.95, pitch, velocity: i % 4 === 0 ? 0.75 : 0.64, voice: 0 })),
      tempos: [{ time: 0, bpm: COMPOSER_BPM }],
      timeSignatures: [{ time: 0, numerator: 4, denominator: 4 }],
      meta: { title: 'Rule melody', source: 'rules', key: 'C major' },
    };
  }
}
