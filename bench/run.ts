/**
 * `npm run bench [section …]`: runs the benchmark sections and writes bench/RESULTS.md. Each section's block is
 * replaced in place, so running one section keeps the others' last figures.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { benchDir, machineLine, type BenchSection } from './lib.js';
import { pianoSection } from './piano.js';
import { wavSection } from './wav.js';
import { midiSection } from './midi.js';
import { analyzeSection } from './analyze.js';
import { beatsSection } from './beats.js';
import { beatsEvalSection } from './beats-eval.js';
import { learnSection } from './learn.js';
import { progressionSection } from './progression.js';
import { studioSection } from './studio.js';
import { studioDuetSection } from './studio-duet.js';
import { studioCameraSection } from './studio-camera.js';
import { wormSection } from './worm.js';
import { nodalSection } from './nodal.js';
import { danceSection } from './dance.js';
import { edfSection } from './edf.js';
import { eegSection } from './eeg.js';
import { duetSection } from './duet.js';
import { videoDuetSection } from './video-duet.js';
import { videoSection } from './video.js';
import { surrogateSection } from './surrogate.js';
import { searchSection } from './search.js';
import { composersGeneticSection } from './composers-genetic.js';
import { composersSection } from './composers.js';
import { notationSection } from './notation.js';

const SECTIONS: BenchSection[] = [
  pianoSection, wavSection, midiSection, analyzeSection, wormSection, danceSection, nodalSection, beatsSection, beatsEvalSection, learnSection, progressionSection, studioSection, studioDuetSection, studioCameraSection, duetSection, videoSection, videoDuetSection, eegSection, edfSection, surrogateSection, searchSection, composersGeneticSection, composersSection, notationSection,
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !SECTIONS.some((s) => s.id === w));
if (unknown.length) {
  console.error(`unknown bench section(s): ${unknown.join(', ')}; known: ${SECTIONS.map((s) => s.id).join(', ')}`);
  process.exit(2);
}
const path = resolve(benchDir, 'RESULTS.md');
let doc = existsSync(path)
  ? readFileSync(path, 'utf8')
  : '# Benchmark results\n\nWritten by `npm run bench` (`npm run bench -- SECTION` reruns one section). Each block says when and where it ran.\n';

for (const section of SECTIONS) {
  if (wanted.length && !wanted.includes(section.id)) continue;
  process.stderr.write(`bench: ${section.id} …\n`);
  const t0 = performance.now();
  const body = await section.run();
  const stamp = `_Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${machineLine()}; section took ${((performance.now() - t0) / 1000).toFixed(0)} s._`;
  const block = `<!-- section:${section.id} -->\n## ${section.title}\n\n${body}\n\n${stamp}\n<!-- /section:${section.id} -->`;
  const re = new RegExp(`<!-- section:${section.id} -->[\\s\\S]*?<!-- /section:${section.id} -->`);
  doc = re.test(doc) ? doc.replace(re, block) : `${doc.trimEnd()}\n\n${block}\n`;
  writeFileSync(path, doc);
  process.stdout.write(`${block}\n\n`);
}
