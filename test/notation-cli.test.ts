/** `neuromusic notate`, `compose --notation` and MusicXML as input to the other commands, run as a user would. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readMusicXml } from '../src/notation/musicxml-read.js';
import { expectOneLineError, runCli, scratchDir } from './helpers/cli.js';
import { hasShared, sharedData } from './helpers/shared.js';

const hasXmllint = !spawnSync('xmllint', ['--version']).error;
const hasLilypond = !spawnSync('lilypond', ['--version']).error;
const scratch = scratchDir('neuromusic-notate-');
afterAll(() => scratch.cleanup());
const at = (f: string) => join(scratch.dir, f);

function validates(file: string): boolean {
  if (!hasXmllint || !hasShared) return true;
  const r = spawnSync('xmllint', ['--nonet', '--noout', '--schema', sharedData('musicxml', 'schema', 'musicxml.xsd'), file], {
    env: { ...process.env, XML_CATALOG_FILES: sharedData('musicxml', 'schema', 'catalog.xml') },
  });
  return r.status === 0;
}

describe('neuromusic notate', () => {
  it('writes MusicXML of the built-in prelude, with a summary of what quantisation changed', () => {
    const r = runCli(['notate', '-o', at('prelude.musicxml')]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/549 notes, 35 measures, 1 part, C major \(given\), 66 bpm \(given\); no onset moved/);
    expect(readFileSync(at('prelude.musicxml'), 'utf8')).toContain('<work-title>Prelude in C major, BWV 846</work-title>');
    expect(validates(at('prelude.musicxml'))).toBe(true);
  });

  it('writes compressed MusicXML that every command reading a piece then accepts', () => {
    expect(runCli(['notate', '-o', at('prelude.mxl')]).code).toBe(0);
    const again = runCli(['notate', at('prelude.mxl'), '-o', at('again.musicxml'), '--json']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ format: 'musicxml', notes: 549, measures: 35, onsetsMovedShare: 0 });
    expect(readFileSync(at('again.musicxml'), 'utf8')).toBe(readFileSync(at('prelude.musicxml'), 'utf8'));
    const info = runCli(['info', at('prelude.mxl'), '--json']);
    expect(info.code, info.stderr).toBe(0);
    expect(info.stdout).toMatch(/"notes":\s*549/);
  });

  it('writes LilyPond text', () => {
    const r = runCli(['notate', '-o', at('prelude.ly'), '--time', '4/4', '--key', 'C major', '--title', 'Prelude']);
    expect(r.code, r.stderr).toBe(0);
    const ly = readFileSync(at('prelude.ly'), 'utf8');
    expect(ly).toMatch(/^\\version "2\.24\.0"/);
    expect(ly).toContain('title = "Prelude"');
  });

  it.skipIf(!hasLilypond)('engraves a PNG page through LilyPond', () => {
    const r = runCli(['notate', '-o', at('page.png')], { timeoutMs: 240_000 });
    expect(r.code, r.stderr).toBe(0);
    const page = existsSync(at('page.png')) ? at('page.png') : at('page-page1.png');
    expect(readFileSync(page).subarray(1, 4).toString()).toBe('PNG');
  }, 240_000);

  it('says clearly when LilyPond is not installed', () => {
    const r = runCli(['notate', '-o', at('x.pdf')], { env: { NEUROMUSIC_LILYPOND: '/nonexistent/lilypond' } });
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /x\.pdf: writing \.pdf needs LilyPond, which is not installed \(Debian\/Ubuntu: apt-get install lilypond/);
  });

  it('refuses a broken MusicXML file with one line naming it, and an unknown output format', () => {
    writeFileSync(at('broken.musicxml'), '<score-partwise version="4.0"><part-list>');
    const r = runCli(['notate', at('broken.musicxml'), '-o', at('out.musicxml')]);
    expect(r.code).toBe(2);
    expectOneLineError(r.stderr, /broken\.musicxml: not well-formed XML: <part-list> is never closed/);
    const bad = runCli(['notate', '-o', at('out.txt')]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/must end in \.musicxml, \.mxl, \.ly, \.pdf, \.svg, \.png/);
  });

  it.skipIf(!hasShared)('turns a shared MIDI piece into MusicXML that reads back with every onset', () => {
    const r = runCli(['notate', sharedData('midi', 'satie_gymnopedie_no1.mid'), '-o', at('satie.musicxml'), '--json', at('satie.json')]);
    expect(r.code, r.stderr).toBe(0);
    expect(validates(at('satie.musicxml'))).toBe(true);
    const report = JSON.parse(readFileSync(at('satie.json'), 'utf8'));
    expect(report).toMatchObject({ notes: 282, onsetsMovedShare: 0 });
    expect(readMusicXml(readFileSync(at('satie.musicxml')), 'satie.musicxml').notes.length).toBe(282);
  });
});

describe('compose --notation', () => {
  it.each([['worm', 'musicxml'], ['nodal', 'mxl'], ['duet', 'ly']])('the %s engine writes %s beside its MIDI', (engine, format) => {
    const out = at(`compose-${engine}`);
    const r = runCli(['compose', '--engine', engine, '--seconds', '4', '--out', out, '--notation', format, '-q'], { timeoutMs: 240_000 });
    expect(r.code, r.stderr).toBe(0);
    const file = join(out, `${engine}.${format}`);
    expect(existsSync(file)).toBe(true);
    expect(r.stdout).toContain(`wrote ${file}`);
    if (format === 'musicxml') expect(validates(file)).toBe(true);
    if (format === 'mxl') expect(readMusicXml(readFileSync(file), file).notes.length).toBeGreaterThan(0);
  }, 240_000);
});
