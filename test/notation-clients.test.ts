/**
 * The notation against real clients: every MusicXML we write validates against the MusicXML 4.0 XSD (xmllint), the
 * examples and invalid files of the MusicXML test suite are read or refused as they should be, LilyPond 2.24
 * compiles our .ly without a warning, and MuseScore 3 opens our MusicXML and plays exactly our notes.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readMidi } from '../src/formats/midi.js';
import { FormatError } from '../src/formats/errors.js';
import { bachPreludeInC } from '../src/pieces/bach-prelude-c-major.js';
import { readMusicXml } from '../src/notation/musicxml-read.js';
import { toMusicXml } from '../src/notation/musicxml-write.js';
import { toLilyPond } from '../src/notation/lilypond.js';
import { noteOnsetF1 } from '../src/notation/compare.js';
import { engrave } from '../src/node/lilypond.js';
import type { Score } from '../src/score/types.js';
import { hasShared, sharedData, SHARED_PIECES } from './helpers/shared.js';
import { scratchDir } from './helpers/cli.js';

const has = (cmd: string, args: string[]): boolean => !spawnSync(cmd, args, { encoding: 'utf8' }).error;
const hasXmllint = has('xmllint', ['--version']);
const hasLilypond = has('lilypond', ['--version']);
const hasMuseScore = has('musescore3', ['--version']);
if (!hasXmllint) console.warn('[notation tests] xmllint not found: install Debian libxml2-utils; the XSD checks are skipped.');
if (!hasLilypond) console.warn('[notation tests] lilypond not found: install Debian lilypond; the engraving checks are skipped.');
if (!hasMuseScore) console.warn('[notation tests] musescore3 not found: install Debian musescore3; the MuseScore checks are skipped.');

const scratch = scratchDir('neuromusic-notation-');
afterAll(() => scratch.cleanup());

function pieces(): Array<[string, Score]> {
  const list: Array<[string, Score]> = [['prelude', bachPreludeInC()]];
  if (hasShared) for (const p of SHARED_PIECES) list.push([p.file.replace(/\.mid$/, ''), readMidi(readFileSync(sharedData('midi', p.file)), p.file)]);
  return list;
}

function xsdValidate(file: string): { ok: boolean; output: string } {
  const r = spawnSync('xmllint', ['--nonet', '--noout', '--schema', sharedData('musicxml', 'schema', 'musicxml.xsd'), file], {
    encoding: 'utf8',
    env: { ...process.env, XML_CATALOG_FILES: sharedData('musicxml', 'schema', 'catalog.xml') },
  });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

describe.skipIf(!hasShared || !hasXmllint)('MusicXML 4.0 XSD (xmllint)', () => {
  it.each(pieces().map(([name]) => name))('our MusicXML of %s validates', (name) => {
    const score = pieces().find(([n]) => n === name)![1];
    const file = join(scratch.dir, `${name}.musicxml`);
    writeFileSync(file, toMusicXml(score));
    const r = xsdValidate(file);
    expect(r.output).toContain('validates');
    expect(r.ok).toBe(true);
  });

  it('reads the suite’s examples (which validate) and refuses or reads its invalid files knowingly', () => {
    for (const f of readdirSync(sharedData('musicxml', 'examples'))) {
      const path = sharedData('musicxml', 'examples', f);
      expect(xsdValidate(path).ok).toBe(true);
      const score = readMusicXml(readFileSync(path), f);
      expect(score.notes.length).toBeGreaterThan(0);
    }
    // 41g: a part without an id — refused. 99d: an accordion registration out of order — the notes are still readable.
    expect(xsdValidate(sharedData('musicxml', 'invalid', '41g-PartNoId.xml')).ok).toBe(false);
    expect(() => readMusicXml(readFileSync(sharedData('musicxml', 'invalid', '41g-PartNoId.xml')), '41g-PartNoId.xml')).toThrow(FormatError);
    expect(() => readMusicXml(readFileSync(sharedData('musicxml', 'invalid', '41g-PartNoId.xml')), '41g-PartNoId.xml')).toThrow(/41g-PartNoId\.xml: a <part> without an id/);
    expect(xsdValidate(sharedData('musicxml', 'invalid', '99d-AccordionInvalid.xml')).ok).toBe(false);
    expect(readMusicXml(readFileSync(sharedData('musicxml', 'invalid', '99d-AccordionInvalid.xml')), '99d.xml').notes.length).toBe(4);
  });

  it('reads the examples right: the piano staff, repeats with volta endings', () => {
    const piano = readMusicXml(readFileSync(sharedData('musicxml', 'examples', '43a-PianoStaff.xml')), '43a');
    expect(piano.notes.map((n) => n.pitch).sort()).toEqual([47, 65]);
    expect(piano.meta.voiceNames!.length).toBe(2);
    const repeat = readMusicXml(readFileSync(sharedData('musicxml', 'examples', '45b-RepeatWithAlternatives.xml')), '45b');
    // | C5 | 1. C5 :| 2. C5 | C5 |, whole notes at 120 bpm: five measures played.
    expect(repeat.notes.map((n) => n.onset)).toEqual([0, 2, 4, 6, 8]);
  });
});

describe.skipIf(!hasLilypond || !hasShared)('LilyPond 2.24', () => {
  // The built-in prelude is engraved by test/notation-cli.test.ts (in any clone); here the densest shared piece.
  const list = pieces().filter(([name]) => name.includes('raindrop'));
  it.each(list.map(([name]) => name))('compiles our .ly of %s to a PDF without a warning', (name) => {
    const score = list.find(([n]) => n === name)![1];
    const result = engrave(toLilyPond(score), join(scratch.dir, `${name}.pdf`));
    expect(result.warnings).toEqual([]);
    expect(readFileSync(result.files[0]!).subarray(0, 5).toString()).toBe('%PDF-');
  }, 240_000);
});

describe.skipIf(!hasMuseScore || !hasShared)('MuseScore 3 plays our MusicXML', () => {
  const list = pieces().filter(([name]) => name === 'prelude' || name.includes('raindrop') || name.includes('e_minor'));
  it.each(list.map(([name]) => name))('its MIDI of %s matches ours note for note', (name) => {
    const score = list.find(([n]) => n === name)![1];
    const xml = join(scratch.dir, `${name}-ms.musicxml`);
    const mid = join(scratch.dir, `${name}-ms.mid`);
    writeFileSync(xml, toMusicXml(score));
    const r = spawnSync('musescore3', ['-o', mid, xml], { encoding: 'utf8', timeout: 180_000, env: { ...process.env, QT_QPA_PLATFORM: 'offscreen' } });
    expect(r.status, r.stderr).toBe(0);
    const theirs = readMidi(readFileSync(mid), mid).notes;
    // Ours: the notation read back. A MIDI channel cannot sound one pitch twice at once, so unisons count once.
    const unique = (notes: Score['notes']) => [...new Map(notes.map((n) => [`${n.pitch}@${n.onset.toFixed(3)}`, n])).values()];
    const ours = unique(readMusicXml(toMusicXml(score), `${name}.musicxml`).notes);
    const f1 = noteOnsetF1(ours, unique(theirs), 0.005);
    expect(f1.f1).toBe(1);
  }, 240_000);
});
