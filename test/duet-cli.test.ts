/** `neuromusic compose --engine duet` and `neuromusic bcmi`, run as a user runs them (the built CLI). */
import { afterAll, describe, expect, it } from 'vitest';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expectOneLineError, helpOptions, runCli, scratchDir } from './helpers/cli.js';
import { hasShared, sharedData } from './helpers/shared.js';
import { decodeWav } from '../src/formats/wav.js';
import { readMidi } from '../src/formats/midi.js';
import { writeEdf } from '../src/formats/edf-write.js';
import { TWIN_STATES } from '../src/engines/duet/eeg-twin.js';
import { TWIN_STATE_NAMES } from '../src/cli/eeg-source.js';
import { DEFAULT_BASELINE_SECONDS as CLI_BASELINE } from '../src/cli/eeg-source.js';
import { DEFAULT_BASELINE_SECONDS } from '../src/engines/duet/eeg-drive.js';
import { TRAJECTORY_COLUMNS } from '../src/engines/duet/compose.js';

const { dir, cleanup } = scratchDir('neuromusic-duet-');
afterAll(cleanup);

const EEG_COLUMNS = 'time,stress,attention,engagement,relaxation,lambda2,rho,tempoScale,density,segment';

interface Segment {
  label: string;
  windows: number;
  biomarkers: Record<string, number>;
  controls: { lambda2: number; rho: number; tempoScale: number; density: number };
  descriptors: Record<string, number> | null;
}

/** Runs the duet, checks the files every run writes, and returns the JSON summary. */
function duet(name: string, args: string[]): { summary: Record<string, unknown> & { segments?: Segment[] }; out: string } {
  const out = join(dir, name);
  const r = runCli(['compose', '--engine', 'duet', '--sr', '8000', '--out', out, '--json', ...args]);
  expect(r.code, r.stderr).toBe(0);
  expect(r.stderr).toBe('');
  const summary = JSON.parse(r.stdout);
  expect(summary.engine).toBe('duet');
  const midi = readMidi(new Uint8Array(readFileSync(join(out, 'duet.mid'))), 'duet.mid');
  const channels = new Set(midi.notes.map((n) => n.channel));
  expect(channels).toEqual(new Set([0, 9])); // melody on channel 1, drums on General MIDI's channel 10
  expect(midi.notes.filter((n) => n.channel === 9).every((n) => [36, 38, 42, 46].includes(n.pitch))).toBe(true);
  expect(midi.notes.length).toBe(summary.notes);
  const wav = decodeWav(new Uint8Array(readFileSync(join(out, 'duet.wav'))));
  expect(wav.sampleRate).toBe(8000);
  expect(wav.channels).toHaveLength(2);
  expect(wav.channels[0]!.length / 8000).toBeGreaterThanOrEqual(summary.seconds as number);
  let peak = 0;
  for (const v of wav.channels[0]!) peak = Math.max(peak, Math.abs(v));
  expect(peak).toBeGreaterThan(0.5); // normalised to −1 dBFS: not silent
  const csv = readFileSync(join(out, 'duet-trajectory.csv'), 'utf8').trim().split('\n');
  expect(csv[0]).toBe(TRAJECTORY_COLUMNS.join(','));
  expect(csv.length).toBeGreaterThan(10);
  expect(csv[1]!.split(',')).toHaveLength(TRAJECTORY_COLUMNS.length);
  return { summary, out };
}

function eegCsvRows(out: string): string[][] {
  const lines = readFileSync(join(out, 'duet-eeg.csv'), 'utf8').trim().split('\n');
  expect(lines[0]).toBe(EEG_COLUMNS);
  return lines.slice(1).map((l) => l.split(','));
}

describe('neuromusic compose --engine duet', () => {
  it('keeps the CLI’s state names and baseline equal to the library’s', () => {
    expect([...TWIN_STATE_NAMES]).toEqual([...TWIN_STATES]);
    expect(CLI_BASELINE).toBe(DEFAULT_BASELINE_SECONDS);
  });

  it('plays alone without EEG or audio: no duet-eeg.csv', () => {
    const { summary, out } = duet('alone', ['--seconds', '8', '--seed', '2']);
    expect(summary).toMatchObject({ seconds: 8, seed: 2, key: 'D minor', f0Hz: 2, input: { eeg: null, audio: null } });
    expect(existsSync(join(out, 'duet-eeg.csv'))).toBe(false);
  });

  it('a twin state steers it: the piece, the EEG CSV, the dashboard, the state’s means in the JSON', () => {
    const report = join(dir, 'relaxed', 'dashboard.html');
    const { summary, out } = duet('relaxed', ['--eeg', 'twin:relaxed', '--seconds', '20', '--report', report, '--key', 'A dorian', '--f0', '1.8']);
    expect(readdirSync(out).sort()).toEqual(['dashboard.html', 'duet-eeg.csv', 'duet-trajectory.csv', 'duet.mid', 'duet.wav']);
    expect(summary).toMatchObject({ seconds: 20, key: 'A dorian', f0Hz: 1.8, baselineSeconds: 10 });
    const segments = summary.segments!;
    expect(segments.map((s) => s.label)).toEqual(['relaxed']);
    // Relaxation raises the relaxation index and lowers the drummer's elasticity below its default of 2.
    expect(segments[0]!.biomarkers['relaxation']).toBeGreaterThan(1);
    expect(segments[0]!.controls.lambda2).toBeLessThan(1.5);
    expect(segments[0]!.descriptors!['melodyNotesPerSecond']).toBeGreaterThan(0);
    const rows = eegCsvRows(out);
    expect(Number(rows[0]![0])).toBe(0);
    expect(Number(rows[rows.length - 1]![0])).toBeCloseTo(20, 0);
    const html = readFileSync(report, 'utf8');
    for (const heading of ['Input and controls', 'Oscillator dynamics', 'Notes', 'Waveform']) expect(html).toContain(heading);
    expect(html).toContain('relaxation (z)');
  });

  it('a twin script: the means per state differ in the expected directions, and the piece lasts as the script', () => {
    const { summary, out } = duet('script', ['--eeg', 'twin:neutral 8s, relaxed 16s, stressed 16s', '--seed', '3']);
    expect(summary.seconds).toBe(40);
    const by = Object.fromEntries(summary.segments!.map((s) => [s.label, s]));
    expect(Object.keys(by)).toEqual(['neutral', 'relaxed', 'stressed']);
    expect(by['relaxed']!.controls.lambda2).toBeLessThan(by['stressed']!.controls.lambda2); // relaxed → lower λ2
    expect(by['stressed']!.controls.rho).toBeGreaterThan(by['relaxed']!.controls.rho); // stressed → higher ρ
    expect(by['stressed']!.controls.rho).toBeGreaterThan(by['neutral']!.controls.rho);
    expect(by['stressed']!.biomarkers['stress']).toBeGreaterThan(by['neutral']!.biomarkers['stress']);
    expect(by['relaxed']!.biomarkers['relaxation']).toBeGreaterThan(by['neutral']!.biomarkers['relaxation']);
    const labels = new Set(eegCsvRows(out).map((r) => r[9]));
    expect([...labels]).toEqual(expect.arrayContaining(['neutral', 'relaxed', 'stressed']));
  });

  it('two separate states, each against its own neutral baseline: relaxed has the lower λ2, stressed the higher ρ', () => {
    const relaxed = duet('one-relaxed', ['--eeg', 'twin:relaxed', '--seconds', '15']).summary.segments![0]!;
    const stressed = duet('one-stressed', ['--eeg', 'twin:stressed', '--seconds', '15']).summary.segments![0]!;
    expect(relaxed.controls.lambda2).toBeLessThan(stressed.controls.lambda2);
    expect(stressed.controls.rho).toBeGreaterThan(relaxed.controls.rho);
  });

  it('reads the twin back from the EDF+ file that `neuromusic eeg --write-edf` wrote', () => {
    const edf = join(dir, 'twin.edf');
    const w = runCli(['eeg', 'twin:neutral 10s, relaxed 10s, stressed 10s', '--write-edf', edf, '--json', join(dir, 'twin.json')]);
    expect(w.code, w.stderr).toBe(0);
    const { summary } = duet('from-edf', ['--eeg', edf]);
    expect(summary.seconds).toBe(40); // the 10-s calibration is in the file, annotated "baseline"
    const by = Object.fromEntries(summary.segments!.map((s) => [s.label, s]));
    expect(Object.keys(by)).toEqual(['baseline', 'neutral', 'relaxed', 'stressed']);
    expect(by['relaxed']!.controls.lambda2).toBeLessThan(by['stressed']!.controls.lambda2);
    expect(by['stressed']!.controls.rho).toBeGreaterThan(by['relaxed']!.controls.rho);
    // The same biomarkers as the twin's own path (the file holds them to 16 bits).
    const direct = JSON.parse(readFileSync(join(dir, 'twin.json'), 'utf8')).segments as Segment[];
    for (const s of direct) for (const k of ['stress', 'relaxation']) expect(by[s.label]!.biomarkers[k]).toBeCloseTo(s.biomarkers[k]!, 1);
  });

  it.skipIf(!hasShared)('real EDF recordings steer it: PhysioNet BCI2000 S001R01 (64 channels, 160 Hz) and Subject00_1 (19 channels, 500 Hz)', () => {
    const a = duet('physionet', ['--eeg', sharedData('edf', 'physionet', 'S001R01.edf'), '--seconds', '20']);
    expect(a.summary.seconds).toBe(20);
    expect(a.summary.segments!.map((s) => s.label)).toEqual(['T0']);
    expect(String(a.summary.eegWarnings)).toMatch(/CRLF/);
    const b = duet('subject00', ['--eeg', sharedData('edf', 'physionet', 'Subject00_1.edf'), '--seconds', '20']);
    expect(b.summary.segments!.map((s) => s.label)).toEqual(['recording']); // no annotations: one segment
    expect(eegCsvRows(b.out).length).toBeGreaterThan(100);
  });

  it('the listener hears a recording (the demo’s WAV), alone or with EEG', () => {
    const demo = join(dir, 'demo');
    const d = runCli(['demo', '--out', demo, '--sr', '8000', '--quiet']);
    expect(d.code, d.stderr).toBe(0);
    const wav = join(demo, 'bach-prelude-c-major.wav');
    const heard = duet('audio', ['--audio', wav, '--seconds', '10']);
    expect(heard.summary.input).toEqual({ eeg: null, audio: wav, video: null });
    const envelope = readFileSync(join(heard.out, 'duet-trajectory.csv'), 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[5]));
    expect(Math.max(...envelope)).toBeGreaterThan(0.5); // the input envelope column carries the recording
    const both = duet('audio-eeg', ['--audio', wav, '--eeg', 'twin:focused', '--seconds', '10']);
    expect(both.summary.input).toMatchObject({ audio: wav });
    expect(both.summary.segments![0]!.label).toBe('focused');
  });

  it('refuses broken inputs with one line and exit 2', () => {
    const bad = join(dir, 'bad');
    writeFileSync(join(dir, 'garbage.edf'), 'not an EDF file at all');
    const sine = Float64Array.from({ length: 128 * 20 }, (_, i) => 30 * Math.sin(i / 3));
    writeFileSync(join(dir, 'cut.edf'), writeEdf({ sampleRate: 128, signals: [{ label: 'O1', physicalDimension: 'uV', data: sine }] }).subarray(0, 200));
    writeFileSync(join(dir, 'noeeg.edf'), writeEdf({ sampleRate: 128, signals: [{ label: 'ECG', data: new Float64Array(128 * 20) }, { label: 'Resp', data: new Float64Array(128 * 20) }] }));
    writeFileSync(join(dir, 'short.edf'), writeEdf({ sampleRate: 128, signals: [{ label: 'O1', physicalDimension: 'uV', data: Float64Array.from({ length: 128 * 4 }, (_, i) => Math.sin(i)) }] }));
    writeFileSync(join(dir, 'bad.wav'), 'RIFF....WAVEjunk');
    writeFileSync(join(dir, 'badmap.json'), JSON.stringify({ rows: [{ control: 'rho', index: 'calm', atLow: 1, atZero: 2, atHigh: 3 }] }));
    writeFileSync(join(dir, 'badparams.json'), JSON.stringify({ drummer: { f0Hz: 99 } }));
    const cases: Array<[string[], RegExp]> = [
      [['--eeg', join(dir, 'missing.edf')], /missing\.edf: cannot read/],
      [['--eeg', join(dir, 'garbage.edf')], /garbage\.edf: .*header/],
      [['--eeg', join(dir, 'cut.edf')], /cut\.edf: /],
      [['--eeg', join(dir, 'noeeg.edf')], /noeeg\.edf: no channel for AF3/],
      [['--eeg', join(dir, 'short.edf')], /short\.edf: the recording lasts 4\.0 s, shorter than the 10-s baseline/],
      [['--eeg', 'twin:sleepy'], /unknown twin state "sleepy"; known: neutral, stressed, focused, relaxed, meditative/],
      [['--eeg', 'twin:relaxed for a while'], /twin script entry 1 "relaxed for a while": expected "<state> <duration>"/],
      [['--eeg', 'twin:neutral 10s,, relaxed 5s'], /entry 2 "": empty/],
      [['--eeg', 'twin:neutral 10s, angry 5s'], /unknown state "angry"/],
      [['--eeg', 'recording.txt'], /must be an EDF file/],
      [['--audio', join(dir, 'missing.wav')], /missing\.wav: cannot read/],
      [['--audio', join(dir, 'bad.wav')], /bad\.wav: /],
      [['--audio', 'song.mp3'], /must end in \.wav/],
      [['--mapping', join(dir, 'badmap.json')], /--mapping .* needs --eeg/],
      [['--eeg', 'twin:relaxed', '--mapping', join(dir, 'badmap.json')], /badmap\.json: mapping table: rows\.0\.index/],
      [['--params', join(dir, 'badparams.json')], /badparams\.json: bad duet parameters: drummer\.f0Hz/],
      [['--key', 'H major'], /--key: "H major" is not a key/],
      [['--f0', '0'], /--f0 .* between 0\.25 and 8/],
      [['--baseline', '5'], /--baseline is the EEG baseline: it needs --eeg/],
      [['--nodes', '8'], /--nodes does not apply to --engine duet/],
    ];
    for (const [args, pattern] of cases) {
      const r = runCli(['compose', '--engine', 'duet', '--seconds', '5', '--sr', '8000', '--out', bad, '--quiet', ...args]);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(2);
      expectOneLineError(r.stderr, pattern);
    }
  });

  it('--help lists the duet’s options with their defaults', () => {
    const options = Object.fromEntries(helpOptions(['compose']).map((o) => [o.flags.split(/[ ,]/).find((f) => f.startsWith('--')), o.description]));
    expect(options['--engine']).toMatch(/duet \(an ASHLE drummer and a Lorenz melodist/);
    expect(options['--eeg']).toMatch(/twin:STATE .*\(default: none\) \[duet\]$/);
    expect(options['--audio']).toMatch(/\(default: none, the drummer hears itself\) \[duet\]$/);
    expect(options['--key']).toMatch(/\(default: worm "C# minor", duet "D minor"[,)].*\[worm, duet[,\]]/);
    expect(options['--f0']).toMatch(/\(default: 2\) \[duet\]$/);
    expect(options['--mapping']).toMatch(/\(default: the built-in table\) \[duet\]$/);
    expect(options['--baseline']).toMatch(/\(default: 10\) \[duet\]$/);
    expect(options['--seconds']).toMatch(/duet 60/);
  });
});

describe('neuromusic bcmi', () => {
  it('runs the five states, writes a WAV and MIDI per state, and its table shows the mapping’s directions', () => {
    const out = join(dir, 'bcmi');
    const report = join(out, 'bcmi.html');
    const r = runCli(['bcmi', '--seconds-per-state', '15', '--sr', '8000', '--out', out, '--report', report, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ seed: 1, secondsPerState: 15, baselineSeconds: 10, settleSeconds: 5 });
    expect(result.states.map((s: { state: string }) => s.state)).toEqual([...TWIN_STATES]);
    for (const state of TWIN_STATES) {
      const wav = decodeWav(new Uint8Array(readFileSync(join(out, `bcmi-${state}.wav`))));
      expect(wav.channels[0]!.length / 8000).toBeGreaterThanOrEqual(15);
      expect(readMidi(new Uint8Array(readFileSync(join(out, `bcmi-${state}.mid`))), state).notes.length).toBeGreaterThan(20);
    }
    const by = Object.fromEntries(result.states.map((s: Segment & { state: string }) => [s.state, s])) as Record<string, Segment>;
    expect(by['relaxed']!.controls.lambda2).toBeLessThan(by['stressed']!.controls.lambda2);
    expect(by['stressed']!.controls.rho).toBeGreaterThan(by['relaxed']!.controls.rho);
    expect(by['stressed']!.controls.rho).toBeGreaterThan(by['neutral']!.controls.rho);
    // The music follows: the stressed melody's steps are less predictable than the relaxed one's (ρ = 20 settles).
    expect(by['stressed']!.descriptors!['intervalEntropyBits']).toBeGreaterThan(by['relaxed']!.descriptors!['intervalEntropyBits']!);
    expect(by['stressed']!.descriptors!['melodyNotesPerSecond']).toBeGreaterThan(by['relaxed']!.descriptors!['melodyNotesPerSecond']!);
    const html = readFileSync(report, 'utf8');
    expect(html).toContain('BCMI experiment');
    for (const state of TWIN_STATES) expect(html).toContain(state);
  });

  it('prints the table as text, and refuses a settling time as long as a state', () => {
    const r = runCli(['bcmi', '--seconds-per-state', '10', '--sr', '8000', '--out', join(dir, 'bcmi-text'), '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/state .*\| stress attention engagement relaxation \|/);
    for (const state of TWIN_STATES) expect(r.stdout).toMatch(new RegExp(`^  ${state} `, 'm'));
    const bad = runCli(['bcmi', '--seconds-per-state', '10', '--settle', '10', '--out', join(dir, 'bcmi-bad')]);
    expect(bad.code).toBe(2);
    expectOneLineError(bad.stderr, /--settle 10 must be shorter than --seconds-per-state 10/);
  });
});
