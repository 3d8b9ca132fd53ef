/**
 * Notation: the Raindrop prelude (1,518 notes) to MusicXML and to LilyPond, and reading a 10,000-note MusicXML, in
 * process (warm, best of N); then whole commands side by side with MuseScore 3, the peer on this machine: MIDI →
 * MusicXML (`neuromusic notate` vs `musescore3 -o out.musicxml in.mid`) and MusicXML → MIDI (`musescore3 -o`), and
 * LilyPond's engraving of our .ly for scale.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { readMidi } from '../src/formats/midi.js';
import { toMusicXml } from '../src/notation/musicxml-write.js';
import { readMusicXml } from '../src/notation/musicxml-read.js';
import { toLilyPond } from '../src/notation/lilypond.js';
import { noteOnsetF1 } from '../src/notation/compare.js';
import type { Score } from '../src/score/types.js';
import { bestOf, hasShared, projectRoot, sharedDir, table, type BenchSection } from './lib.js';

const RUNS = 7;

function time<T>(fn: () => T): { seconds: number; value: T } {
  const t0 = performance.now();
  const value = fn();
  return { seconds: (performance.now() - t0) / 1000, value };
}

function wall(cmd: string, args: string[], env: NodeJS.ProcessEnv = {}): { seconds: number; ok: boolean } {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 300_000, env: { ...process.env, ...env } });
  return { seconds: (performance.now() - t0) / 1000, ok: !r.error && r.status === 0 };
}

/** The piece repeated end to end until it holds at least `notes` notes. */
function repeated(score: Score, notes: number): Score {
  const length = Math.max(...score.notes.map((n) => n.onset + n.duration));
  const bar = (60 / score.tempos[0]!.bpm) * 4;
  const span = Math.ceil(length / bar) * bar;
  const copies = Math.ceil(notes / score.notes.length);
  return {
    ...score,
    tempos: [score.tempos[0]!],
    notes: Array.from({ length: copies }, (_, k) => score.notes.map((n) => ({ ...n, onset: n.onset + k * span }))).flat(),
  };
}

export const notationSection: BenchSection = {
  id: 'notation',
  title: 'Notation: MusicXML and LilyPond out, MusicXML in; MuseScore 3 side by side',
  run() {
    if (!hasShared) return '_Skipped: ../shared/data is not here._';
    const midiPath = resolve(sharedDir, 'data', 'midi', 'chopin_prelude_op28_no15_raindrop_db_major.mid');
    const raindrop = readMidi(readFileSync(midiPath), 'raindrop.mid');
    toMusicXml(raindrop);
    toLilyPond(raindrop);
    const xml = bestOf(RUNS, () => time(() => toMusicXml(raindrop)));
    const ly = bestOf(RUNS, () => time(() => toLilyPond(raindrop)));
    const big = repeated(raindrop, 10_000);
    const bigXml = toMusicXml(big);
    readMusicXml(bigXml, 'big.musicxml');
    const read = bestOf(5, () => time(() => readMusicXml(bigXml, 'big.musicxml')));
    const lines: string[] = [];
    lines.push(table(['in process (warm, best of N)', 'notes', 'size', 'time', 'target'], [
      ['Raindrop → MusicXML (quantise, spell, lay out, write)', raindrop.notes.length, `${(xml.value.length / 1024).toFixed(0)} KiB`, `${(xml.seconds * 1000).toFixed(1)} ms`, '< 200 ms'],
      ['Raindrop → LilyPond', raindrop.notes.length, `${(ly.value.length / 1024).toFixed(0)} KiB`, `${(ly.seconds * 1000).toFixed(1)} ms`, '< 200 ms'],
      [`read a ${big.notes.length.toLocaleString('en')}-note MusicXML (Raindrop ×${Math.ceil(10_000 / raindrop.notes.length)})`, read.value.notes.length, `${(bigXml.length / 1024 / 1024).toFixed(1)} MiB`, `${(read.seconds * 1000).toFixed(0)} ms`, '< 1 s'],
    ]));
    const dir = mkdtempSync(join(tmpdir(), 'neuromusic-bench-notation-'));
    try {
      const cli = resolve(projectRoot, 'dist', 'cli', 'main.js');
      const ours = bestOf(3, () => wall(process.execPath, [cli, 'notate', midiPath, '-o', join(dir, 'ours.musicxml'), '-q']));
      const hasMs = !spawnSync('musescore3', ['--version']).error;
      const rows: Array<Array<string | number>> = [['neuromusic notate raindrop.mid -o x.musicxml', `${ours.seconds.toFixed(2)} s`, ours.ok ? 'ok' : 'failed']];
      let agreement = '';
      if (hasMs) {
        const env = { QT_QPA_PLATFORM: 'offscreen' };
        const msImport = bestOf(3, () => wall('musescore3', ['-o', join(dir, 'ms.musicxml'), midiPath], env));
        writeFileSync(join(dir, 'ours2.musicxml'), xml.value);
        const msPlay = bestOf(3, () => wall('musescore3', ['-o', join(dir, 'ms.mid'), join(dir, 'ours2.musicxml')], env));
        rows.push(['musescore3 -o x.musicxml raindrop.mid (its MIDI import)', `${msImport.seconds.toFixed(2)} s`, msImport.ok ? 'ok' : 'failed']);
        rows.push(['musescore3 -o x.mid ours.musicxml (opens ours, plays it)', `${msPlay.seconds.toFixed(2)} s`, msPlay.ok ? 'ok' : 'failed']);
        if (msPlay.ok) {
          const unique = (notes: Score['notes']) => [...new Map(notes.map((n) => [`${n.pitch}@${n.onset.toFixed(3)}`, n])).values()];
          const f1 = noteOnsetF1(unique(readMusicXml(xml.value, 'ours').notes), unique(readMidi(readFileSync(join(dir, 'ms.mid'))).notes), 0.005);
          agreement = `MuseScore's MIDI of our MusicXML against our reading of it: note-onset F1 ${f1.f1.toFixed(4)} (${f1.matched}/${f1.reference} notes within 5 ms, largest difference ${(f1.maxOnsetError * 1000).toFixed(2)} ms).`;
        }
        if (msImport.ok) {
          const theirs = readMusicXml(readFileSync(join(dir, 'ms.musicxml')), 'ms.musicxml');
          const f1 = noteOnsetF1(raindrop.notes, theirs.notes, 0.05);
          const ourF1 = noteOnsetF1(raindrop.notes, readMusicXml(xml.value, 'ours').notes, 0.05);
          agreement += ` Notes kept from the MIDI (onset F1 within 50 ms, read back by our reader): ours ${ourF1.f1.toFixed(4)}, MuseScore's import ${f1.f1.toFixed(4)}.`;
        }
      } else rows.push(['musescore3', 'not installed', '(Debian musescore3)']);
      const hasLy = !spawnSync('lilypond', ['--version']).error;
      if (hasLy) {
        writeFileSync(join(dir, 'r.ly'), ly.value);
        const eng = wall('lilypond', ['-s', '--pdf', '-o', join(dir, 'r'), join(dir, 'r.ly')]);
        rows.push(['lilypond --pdf raindrop.ly (engraving, once)', `${eng.seconds.toFixed(2)} s`, eng.ok ? 'ok' : 'failed']);
      }
      lines.push('', 'Whole commands (process start included; best of 3 for the first three):', '', table(['command', 'wall time', 'result'], rows));
      if (agreement) lines.push('', agreement);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    lines.push('', 'The machine is shared with other work while this runs: figures are the best of several runs and still vary with the load.');
    return lines.join('\n');
  },
};
