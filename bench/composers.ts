/**
 * The Markov, rule and recombinant composers: speed against the targets (Markov training on 1,000 melodies
 * < 1 s; rule search of a 16-bar melody < 1 s) and the honest evaluation — held-out log-likelihood per Markov order
 * against order 0 on the Swedish folk dances (split by piece, seed stated), and the rule checker on the corpus
 * itself, on random melodies and on every engine's output.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { builtInCorpusScores, extractMelody, findKey, prepareCorpus, type CorpusMelody } from '../src/analysis/corpus/index.js';
import { melodyFrom, type Melody } from '../src/analysis/corpus/melody.js';
import { evaluateOrders, splitByPiece } from '../src/engines/composers/markov/evaluate.js';
import { generateMarkov } from '../src/engines/composers/markov/generate.js';
import { trainMarkov } from '../src/engines/composers/markov/model.js';
import { recombine, segmentCorpus } from '../src/engines/composers/recombinant/recombine.js';
import { critiqueMelody } from '../src/engines/composers/rules/critic.js';
import { composeRuleMelody } from '../src/engines/composers/rules/composer.js';
import { composeCounterpoint, FUX_CANTUS_DORIAN } from '../src/engines/composers/rules/counterpoint.js';
import { DEFAULT_MELODY_RULES, MELODY_RULE_IDS } from '../src/engines/composers/rules/melody-rules.js';
import { barRhythms, planRhythm } from '../src/engines/composers/rules/rhythm.js';
import { readMidi } from '../src/formats/midi.js';
import { createRandom } from '../src/math/random.js';
import { hasShared, projectRoot, sharedDir, table, type BenchSection } from './lib.js';

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

function ms(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
}

/** The rule checker's verdict on a set of melodies: violations per 100 notes and the share breaking each rule. */
function checkerRow(label: string, melodies: Array<{ melody: Melody; key: { tonic: number; mode: 'major' | 'minor' } }>): Array<string | number> {
  const per = melodies.map(({ melody, key }) => critiqueMelody(melody, key));
  const notes = per.reduce((a, c) => a + c.notes, 0);
  const violations = per.reduce((a, c) => a + c.findings.length, 0);
  const share = (rule: string): string => `${Math.round((100 * per.filter((c) => (c.byRule[rule] ?? 0) > 0).length) / per.length)}`;
  return [label, melodies.length, notes, ((100 * violations) / notes).toFixed(1), `${Math.round((100 * per.filter((c) => c.findings.length === 0).length) / per.length)}`, ...MELODY_RULE_IDS.map(share)];
}

function melodyOfFile(path: string): { melody: Melody; key: { tonic: number; mode: 'major' | 'minor' } } {
  const score = readMidi(readFileSync(path), path);
  const found = findKey(score.notes.map((n) => n.pitch), score.notes.map((n) => n.duration));
  return { melody: extractMelody(score), key: { tonic: found.tonic, mode: found.mode } };
}

/** Runs the built CLI's compose for an engine and returns the melodies of its MIDI files (one per seed). */
function engineOutputs(engine: string, args: string[], seeds: number[]): Array<{ melody: Melody; key: { tonic: number; mode: 'major' | 'minor' } }> {
  const cli = resolve(projectRoot, 'dist', 'cli', 'main.js');
  if (!existsSync(cli)) return [];
  const out: Array<{ melody: Melody; key: { tonic: number; mode: 'major' | 'minor' } }> = [];
  for (const seed of seeds) {
    const dir = mkdtempSync(join(tmpdir(), `bench-${engine}-`));
    try {
      const r = spawnSync(process.execPath, [cli, 'compose', '--engine', engine, '--seed', String(seed), '--out', dir, '--quiet', ...args], { encoding: 'utf8', timeout: 300_000 });
      if (r.status !== 0) continue;
      const mid = readdirSync(dir).find((f) => f.endsWith('.mid'));
      if (mid) out.push(melodyOfFile(join(dir, mid)));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return out;
}

export const composersSection: BenchSection = {
  id: 'composers-markov-rules',
  title: 'Markov, rule and recombinant composers: speed and honest evaluation',
  run() {
    const swedishDir = resolve(sharedDir, 'data', 'corpus');
    const swedish: CorpusMelody[] = hasShared ? prepareCorpus(readdirSync(swedishDir).filter((f) => f.endsWith('.mid')).map((f) => readMidi(readFileSync(join(swedishDir, f)), f))).melodies : [];
    const builtIn = prepareCorpus(builtInCorpusScores()).melodies;
    const base = swedish.length > 0 ? swedish : builtIn;
    // 1,000 melodies: the corpus repeated, each copy transposed by −5…+6 semitones (so the vocabulary grows as a
    // real corpus of 1,000 melodies would).
    const thousand: Melody[] = Array.from({ length: 1000 }, (_, i) => {
      const m = base[i % base.length]!;
      const shift = (Math.floor(i / base.length) % 12) - 5;
      return { ...m, pitches: m.pitches.map((p) => p + shift) };
    });
    const notes = thousand.reduce((a, m) => a + m.pitches.length, 0);
    trainMarkov(thousand.slice(0, 50), { order: 2 }); // warm up
    const train = [0, 1, 2, 3, 4].map((order) => {
      const t = median([0, 1, 2].map(() => ms(() => trainMarkov(thousand, { order }))));
      return [order, t.toFixed(0), t < 1000 ? 'yes' : 'no'];
    });
    let body = `Markov training on 1,000 melodies (${notes.toLocaleString('en')} notes, ${swedish.length > 0 ? 'the 40 Swedish dances' : 'the built-in tunes'} repeated in 12 transpositions), median of 3:\n\n${table(['order', 'ms', '< 1 s'], train)}`;

    // Rule search of a 16-bar melody, default rules, rhythm from the built-in corpus.
    const metre = { numerator: 4, denominator: 4 };
    const pool = barRhythms(builtIn.filter((m) => m.mode === 'major'), metre);
    composeRuleMelody({ key: { tonic: 0, mode: 'major' }, durations: Array(16).fill(1), metre }, createRandom(0)); // warm up
    const search = SEEDS.map((seed) => {
      const r = createRandom(seed);
      const durations = planRhythm(16, metre, r, pool);
      let result!: ReturnType<typeof composeRuleMelody>;
      const t = ms(() => (result = composeRuleMelody({ key: { tonic: 0, mode: 'major' }, durations, metre }, r)));
      return { t, nodes: result.search.statistics.nodes, backtracks: result.search.statistics.backtracks, ok: result.search.outcome === 'solution' };
    });
    const minor = SEEDS.map((seed) => {
      const r = createRandom(seed);
      const durations = planRhythm(16, metre, r, pool);
      let result!: ReturnType<typeof composeRuleMelody>;
      const t = ms(() => (result = composeRuleMelody({ key: { tonic: 9, mode: 'minor' }, durations, metre }, r)));
      return { t, nodes: result.search.statistics.nodes, backtracks: result.search.statistics.backtracks, ok: result.search.outcome === 'solution' };
    });
    const cp = SEEDS.map((seed) => {
      let r!: ReturnType<typeof composeCounterpoint>;
      const t = ms(() => (r = composeCounterpoint(FUX_CANTUS_DORIAN, { tonic: 2, mode: 'dorian' }, createRandom(seed))));
      return { t, nodes: r.statistics.nodes, backtracks: r.statistics.backtracks, ok: r.outcome === 'solution' };
    });
    let impossible!: ReturnType<typeof composeRuleMelody>;
    const impossibleMs = ms(() => (impossible = composeRuleMelody({ key: { tonic: 0, mode: 'major' }, durations: Array(64).fill(1), metre, rules: { ...DEFAULT_MELODY_RULES, maxRange: 1 } }, createRandom(1))));
    const row = (label: string, xs: typeof search): Array<string | number> => [label, `${xs.filter((x) => x.ok).length}/${xs.length}`, median(xs.map((x) => x.t)).toFixed(1), Math.max(...xs.map((x) => x.t)).toFixed(1), median(xs.map((x) => x.nodes)), Math.max(...xs.map((x) => x.backtracks)), Math.max(...xs.map((x) => x.t)) < 1000 ? 'yes' : 'no'];
    body += `\n\nRule search (seeds 1–10; default rule set; 16 bars, rhythm from the built-in corpus):\n\n${table(['search', 'solved', 'median ms', 'max ms', 'median nodes', 'max backtracks', '< 1 s'], [row('melody, C major', search), row('melody, A minor', minor), row('first species above Fux\'s dorian cantus', cp)])}`;
    body += `\n\nAn impossible rule set (range of one semitone, 64 notes): outcome "${impossible.search.outcome}" after ${impossible.search.statistics.nodes} nodes and ${impossible.search.statistics.backtracks} backtracks in ${impossibleMs.toFixed(0)} ms.`;

    if (swedish.length > 0) {
      const split = splitByPiece(swedish, createRandom(1), 0.25);
      const rows: Array<Array<string | number>> = [];
      for (const alphabet of ['pitch', 'interval'] as const) {
        for (const r of evaluateOrders(split.train, split.test, { alphabet })) rows.push([alphabet, r.order, r.trainBits.toFixed(2), r.heldOutBits.toFixed(2), (r.gainOverOrder0 >= 0 ? '+' : '') + r.gainOverOrder0.toFixed(2), r.heldOutPerplexity.toFixed(1)]);
      }
      body += `\n\nHeld-out log-likelihood per Markov order on the Swedish dances: ${split.train.length} pieces to train, ${split.test.length} held out (split by piece, seed 1), melodies transposed to C; tokens join pitch (or interval) and duration; interpolated Witten–Bell smoothing:\n\n${table(['tokens', 'order', 'training bits/note', 'held-out bits/note', 'gain over order 0', 'held-out perplexity'], rows)}`;
    }

    // The rule checker on the corpora, on random melodies and on every engine's output.
    const checks: Array<Array<string | number>> = [];
    if (swedish.length > 0) checks.push(checkerRow('Swedish dances (the corpus itself)', swedish.map((m) => ({ melody: m, key: { tonic: 0, mode: m.mode } }))));
    checks.push(checkerRow('built-in tunes', builtIn.map((m) => ({ melody: m, key: { tonic: 0, mode: m.mode } }))));
    const random = createRandom(1);
    const randomMelodies = SEEDS.map(() => {
      const durations = planRhythm(16, metre, random, pool);
      return { melody: melodyFrom(durations.map(() => 55 + random.int(25)), durations, { metre }), key: { tonic: 0, mode: 'major' as const } };
    });
    checks.push(checkerRow('random pitches G3–G5, corpus rhythms (seed 1)', randomMelodies));
    const inKey = [55, 57, 59, 60, 62, 64, 65, 67, 69, 71, 72, 74, 76, 77, 79]; // C major, G3–G5
    const randomInKey = SEEDS.map(() => {
      const durations = planRhythm(16, metre, random, pool);
      return { melody: melodyFrom(durations.map(() => inKey[random.int(inKey.length)]!), durations, { metre }), key: { tonic: 0, mode: 'major' as const } };
    });
    checks.push(checkerRow('random C-major pitches, corpus rhythms (seed 1)', randomInKey));
    const majorCorpus = builtIn.filter((m) => m.mode === 'major');
    const model = trainMarkov(majorCorpus, { order: 2 });
    checks.push(checkerRow('markov order 2, built-in corpus (seeds 1–10)', SEEDS.map((s) => ({ melody: generateMarkov(model, createRandom(s), { bars: 16, metre, tonic: 0, mode: 'major', range: [55, 81] }).melody, key: { tonic: 0, mode: 'major' as const } }))));
    checks.push(checkerRow('rules, default set (seeds 1–10)', SEEDS.map((s) => { const r = createRandom(s); return { melody: composeRuleMelody({ key: { tonic: 0, mode: 'major' }, durations: planRhythm(16, metre, r, pool), metre }, r).melody!, key: { tonic: 0, mode: 'major' as const } }; })));
    const segments = segmentCorpus(majorCorpus, metre);
    checks.push(checkerRow('recombinant, built-in corpus (seeds 1–10)', SEEDS.map((s) => ({ melody: recombine(segments, createRandom(s), { segments: 16, metre }).melody, key: { tonic: 0, mode: 'major' as const } }))));
    for (const [engine, args, label] of [
      ['worm', ['--seconds', '30'], 'worm, 30 s (seeds 1–3; melody by the extraction rule, key found)'],
      ['nodal', ['--seconds', '30', '--speakers', '2'], 'nodal, 30 s (seeds 1–3)'],
      ['duet', ['--seconds', '20'], 'duet, 20 s (seeds 1–3)'],
      ['genetic', ['--generations', '50', '--population', '60'], 'genetic, 50 generations × 60 (seeds 1–3)'],
    ] as const) {
      const outs = engineOutputs(engine, [...args], [1, 2, 3]);
      if (outs.length > 0) checks.push(checkerRow(label, outs));
    }
    body += `\n\nThe rule checker (${MELODY_RULE_IDS.length} melody rules) on real tunes, random melodies and every engine's output — violations per 100 notes, the share of melodies with none, and the share (%) of melodies breaking each rule:\n\n${table(['melodies', 'n', 'notes', 'violations / 100 notes', '% clean', ...MELODY_RULE_IDS], checks)}`;
    body += '\n\nThe machine is shared with other sessions (2 cores): times are upper bounds.';
    return body;
  },
};
