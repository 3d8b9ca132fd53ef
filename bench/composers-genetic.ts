/**
 * The genetic composer and the new instruments: 200 generations × population 200 of 16-bar melodies (target < 10 s),
 * with and without the rule-checker term; then one piece (the built-in prelude) rendered by the additive organ, by
 * spessasynth_core with Debian's FluidR3 General MIDI font, and by fluidsynth with the same font, side by side.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { builtInCorpusScores, prepareCorpus } from '../src/analysis/corpus/index.js';
import { GeneticComposer } from '../src/engines/composers/genetic/evolve.js';
import { ruleCheckerTerm } from '../src/engines/composers/genetic/fitness.js';
import { writeMidi } from '../src/formats/midi.js';
import { bachPreludeInC } from '../src/pieces/bach-prelude-c-major.js';
import { scoreEnd } from '../src/score/ops.js';
import { renderOrgan } from '../src/synth/organ.js';
import { loadSoundBank, renderSoundFont } from '../src/synth/soundfont.js';
import { readFileSync } from 'node:fs';
import { table, type BenchSection } from './lib.js';

const FONT = '/usr/share/sounds/sf2/FluidR3_GM.sf2';

function seconds(fn: () => void): number {
  const t = performance.now();
  fn();
  return (performance.now() - t) / 1000;
}

export const composersGeneticSection: BenchSection = {
  id: 'composers-genetic',
  title: 'Genetic composer (200 generations × 200 songs of 16 bars) and organ / SoundFont render speed vs fluidsynth',
  run() {
    const corpus = prepareCorpus(builtInCorpusScores());
    const rows: Array<Array<string | number>> = [];
    for (const rules of [false, true]) {
      const g = new GeneticComposer({
        corpus,
        bars: 16,
        population: 200,
        seed: 1,
        ...(rules ? { rules: ruleCheckerTerm({ tonic: 0, mode: 'major' }) } : {}),
      });
      const s = seconds(() => g.run(200));
      rows.push([rules ? 'with the rule-checker term' : 'without the rule-checker term', s.toFixed(2), s < 10 ? 'yes' : 'no', g.history[0]!.best.toFixed(4), g.best.fitness.toFixed(4)]);
    }
    let body = table(['run (built-in corpus, C major, seed 1)', 'seconds', '< 10 s', 'best at generation 0', 'best after 200'], rows);
    const score = bachPreludeInC();
    const length = scoreEnd(score);
    const render: Array<Array<string | number>> = [];
    const organ = seconds(() => renderOrgan(score, { sampleRate: 44100 }));
    render.push(['additive organ (888000000, perc3, C3)', organ.toFixed(2), (length / organ).toFixed(0)]);
    if (existsSync(FONT)) {
      let bank: ReturnType<typeof loadSoundBank> | undefined;
      const load = seconds(() => (bank = loadSoundBank(readFileSync(FONT))));
      const sf = seconds(() => renderSoundFont(score, bank!, { sampleRate: 44100 }));
      render.push([`spessasynth_core, FluidR3_GM (font load ${load.toFixed(1)} s not counted)`, sf.toFixed(2), (length / sf).toFixed(0)]);
      if (spawnSync('fluidsynth', ['--version']).status === 0) {
        const dir = mkdtempSync(join(tmpdir(), 'bench-fluid-'));
        try {
          writeFileSync(join(dir, 'p.mid'), writeMidi(score));
          // fluidsynth's time includes loading the font: measure an empty MIDI file and subtract it.
          writeFileSync(join(dir, 'empty.mid'), writeMidi({ ...score, notes: score.notes.slice(0, 1) }));
          const base = seconds(() => spawnSync('fluidsynth', ['-ni', '-R', '0', '-C', '0', '-r', '44100', '-F', join(dir, 'e.wav'), FONT, join(dir, 'empty.mid')]));
          const full = seconds(() => spawnSync('fluidsynth', ['-ni', '-R', '0', '-C', '0', '-r', '44100', '-F', join(dir, 'p.wav'), FONT, join(dir, 'p.mid')]));
          const fs = Math.max(1e-3, full - base);
          render.push(['fluidsynth 2 (C), same font, effects off (start-up and font load subtracted)', fs.toFixed(2), (length / fs).toFixed(0)]);
          render.push(['ratio spessasynth_core / fluidsynth', (sf / fs).toFixed(1), '']);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      }
    }
    body += `\n\nRendering the built-in prelude (${length.toFixed(0)} s, stereo, 44.1 kHz):\n\n${table(['renderer', 'seconds', '× real time'], render)}`;
    body += '\n\nThe machine is shared with other sessions (2 cores): figures are upper bounds.';
    return body;
  },
};
