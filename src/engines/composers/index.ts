/**
 * `neuromusic/composers`: the composers that search and learn — the genetic composer (step by step: one generation
 * per `step()`), and the rule composer's steppable backtracking search and its rule checker.
 */
export { GeneticComposer, MUTATIONS, seedMelodies, corpusMetreAndMode, type GeneticOptions, type GenerationStats, type BestSong, type SeedMelody, type MutationName } from './genetic/evolve.js';
export {
  FITNESS_TERMS,
  TERM_DESCRIPTIONS,
  DEFAULT_GENETIC_WEIGHTS,
  geneticWeightsSchema,
  parseGeneticWeights,
  ruleCheckerTerm,
  geneticCorpusStatistics,
  FitnessEvaluator,
  leapScore,
  triadMasks,
  type FitnessTerm,
  type GeneticWeights,
  type GeneticCorpusStatistics,
  type FitnessContext,
} from './genetic/fitness.js';
export { geneticKey, spellPitch, stepPitch, songToScore, melodyBars, barSteps, checkSong, GRID_PER_BEAT, type Song, type GeneticKey, type Accidental, type SongScoreOptions } from './genetic/genome.js';
export { BacktrackingSearch, type SearchProblem, type SearchEvent, type SearchStatistics, type SearchResult } from './rules/search.js';
export { melodyProblem, composeRuleMelody, defaultRegister, type RuleMelodyOptions, type RuleMelody } from './rules/composer.js';
export { checkMelodyPitches, DEFAULT_MELODY_RULES, MELODY_RULE_IDS, type RuleViolation, type MelodyRuleSet, type MelodyRuleId } from './rules/melody-rules.js';
export type { RuleKey } from './rules/tonality.js';
// The rule checker as a critic, first-species counterpoint, harmonisation, the rule-set file.
export { violationsAt, finalViolations } from './rules/melody-rules.js';
export { critiqueMelody, notePosition, type Critique, type Finding } from './rules/critic.js';
export { checkCounterpoint, speciesViolationsAt, composeCounterpoint, FUX_CANTUS_DORIAN } from './rules/counterpoint.js';
export { harmoniseMelody, triadPitchClasses, type HarmonyChord } from './rules/harmonise.js';
export { parseMelodyRuleSet } from './rules/rule-set.js';
export { barRhythms, planRhythm } from './rules/rhythm.js';
export { isAugmentedOrDiminished, inRuleKey, diatonicStep, relativePitchClass, rulePitches, ruleKeyName } from './rules/tonality.js';
// The Markov composer: the smoothed chain, generation under constraints, held-out evaluation, plagiarism.
export { trainMarkov, tokenProbability, pairCount, nextDistribution, logLikelihood, melodyTokens, parseToken, contextKeyOf, MAX_MARKOV_ORDER, INTERVAL_ORIGIN, type MarkovModel, type MarkovAlphabet, type LogLikelihood } from './markov/model.js';
export { generateMarkov, allowedDegrees, type MarkovGenerateOptions, type MarkovGeneration } from './markov/generate.js';
export { evaluateOrders, splitByPiece, longestCopiedRun, type OrderEvaluation, type Plagiarism } from './markov/evaluate.js';
// The recombinant composer (after Cope).
export { segmentCorpus, recombine, type Segment, type Join, type Recombination, type RecombineOptions } from './recombinant/recombine.js';
// A melody as a Score, shared by the composers.
export { melodyToScore, type ChordEvent, type MelodyScoreOptions } from './shared/melody-score.js';
