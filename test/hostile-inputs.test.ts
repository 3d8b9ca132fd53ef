/**
 * The broken- and hostile-input corpus, generated here (a header that lies is a few bytes), run against every
 * command as a user would run it. Each case must end within seconds with exit 2 and one clear line on stderr that
 * names the file — or with a correct output and exit 0 where the input is odd but usable — and never with a stack
 * trace or an "internal error". Whatever happens, every file that was in the output folder before is as it was, and
 * no temporary file is left behind.
 *
 * Add a case for every new command and every new reader: the contract is the same for all.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, scratchDir } from './helpers/cli.js';
import { smf, tempo, track } from './helpers/smf-builder.js';
import { projectRoot } from './helpers/shared.js';

const built = existsSync(cliPath);

/** A WAV file from its parts; every field may lie. */
function wav(o: { tag?: number; channels?: number; rate?: number; bits?: number; align?: number; data?: Uint8Array; declared?: number; riff?: string }): Uint8Array {
  const tag = o.tag ?? 1;
  const channels = o.channels ?? 1;
  const rate = o.rate ?? 8000;
  const bits = o.bits ?? 16;
  const data = o.data ?? new Uint8Array(1600);
  const out = new Uint8Array(44 + data.length);
  const v = new DataView(out.buffer);
  const tagText = (at: number, s: string): void => {
    for (let i = 0; i < 4; i++) out[at + i] = s.charCodeAt(i);
  };
  tagText(0, o.riff ?? 'RIFF');
  v.setUint32(4, 36 + data.length, true);
  tagText(8, 'WAVE');
  tagText(12, 'fmt ');
  v.setUint32(16, 16, true);
  v.setUint16(20, tag, true);
  v.setUint16(22, channels, true);
  v.setUint32(24, rate, true);
  v.setUint32(28, (rate * channels * bits) / 8 >>> 0, true);
  v.setUint16(32, o.align ?? ((channels * bits) / 8) & 0xffff, true);
  v.setUint16(34, bits, true);
  tagText(36, 'data');
  v.setUint32(40, o.declared ?? data.length, true);
  out.set(data, 44);
  return out;
}

function floats(values: number[]): Uint8Array {
  return new Uint8Array(new Float32Array(values).buffer);
}

/** A tone of `seconds` at 8 kHz, 16-bit: a usable WAV. */
function tone(seconds: number): Uint8Array {
  const n = Math.round(8000 * seconds);
  const pcm = new Int16Array(n);
  for (let i = 0; i < n; i++) pcm[i] = Math.round(8000 * Math.sin((2 * Math.PI * 220 * i) / 8000) * (i % 4000 < 400 ? 1 : 0.1));
  return wav({ data: new Uint8Array(pcm.buffer) });
}

const note = (onset: number, duration = 0.5, pitch = 60): object => ({ onset, duration, pitch, velocity: 0.7, voice: 0 });
const json = (value: unknown): string => JSON.stringify(value);

/** The corpus: file name → contents. */
function corpus(): Record<string, Uint8Array | string> {
  return {
    // WAV
    'empty.wav': new Uint8Array(0),
    'text.wav': 'this is not audio\n',
    'riff-only.wav': wav({ data: new Uint8Array(0) }).subarray(0, 12),
    'rate-4294967295.wav': wav({ rate: 4294967295 }),
    'rate-0.wav': wav({ rate: 0 }),
    'rate-50.wav': wav({ rate: 50 }),
    'channels-65535.wav': wav({ channels: 65535, data: new Uint8Array(65535 * 2 * 2) }),
    'channels-0.wav': wav({ channels: 0 }),
    'align-lies.wav': wav({ channels: 2, align: 7 }),
    'data-lies.wav': wav({ declared: 1_000_000_000 }),
    'adpcm.wav': wav({ tag: 2, bits: 4 }),
    'pcm12.wav': wav({ bits: 12 }),
    'rf64.wav': wav({ riff: 'RF64' }),
    'nan.wav': wav({ tag: 3, bits: 32, data: floats([0, 0.1, Number.NaN, 0.2, ...new Array(4000).fill(0.1)]) }),
    'inf.wav': wav({ tag: 3, bits: 32, data: floats([0, Number.POSITIVE_INFINITY, ...new Array(4000).fill(0.1)]) }),
    'tone.wav': tone(3),
    // MIDI
    'empty.mid': new Uint8Array(0),
    'text.mid': 'MThd but not really',
    'header-only.mid': smf(1, 480, []).subarray(0, 14).map((b, i) => (i === 11 ? 1 : b)),
    'truncated.mid': smf(0, 480, [track([[0, 0x90, 60, 64], [480, 0x80, 60, 0]])]).subarray(0, 24),
    'tempo-0.mid': smf(0, 480, [track([[0, 0xff, 0x51, 3, 0, 0, 0], [0, 0x90, 60, 64], [480, 0x80, 60, 0]])]),
    'tempo-1us.mid': smf(0, 480, [track([[0, 0xff, 0x51, 3, 0, 0, 1], [0, 0x90, 60, 64], [480, 0x80, 60, 0]])]),
    'delta-2.7e10s.mid': smf(0, 480, [track([[0, ...tempo(1000 / 60)], [0, 0x90, 60, 64], ...Array.from({ length: 200 }, (): [number, ...number[]] => [0x0fffffff, 0xb0, 1, 0]), [0, 0x80, 60, 0]])]),
    'running-status.mid': smf(0, 480, [[0x4d, 0x54, 0x72, 0x6b, 0, 0, 0, 4, 0, 60, 64, 0]]),
    'format-2.mid': smf(2, 480, [track([[0, 0x90, 60, 64], [480, 0x80, 60, 0]])]),
    'smpte.mid': smf(0, 0xe728, [track([[0, 0x90, 60, 64], [480, 0x80, 60, 0]])]),
    'hanging-note.mid': smf(0, 480, [track([[0, 0x90, 60, 64], [480, 0x90, 64, 64], [480, 0x80, 64, 0], [480, 0xb0, 123, 0]])]),
    // score JSON
    'empty.json': '',
    'not-json.json': '{"notes": [',
    'array.json': '[1, 2, 3]',
    'deep.json': '['.repeat(100_000) + ']'.repeat(100_000),
    'nan.json': '{"notes": [{"onset": NaN, "duration": 1, "pitch": 60, "velocity": 0.5, "voice": 0}]}',
    'pitch-200.json': json({ notes: [{ ...note(0), pitch: 200 }] }),
    'negative.json': json({ notes: [note(-1)] }),
    'tempo-0.json': json({ notes: [note(0)], tempos: [{ time: 0, bpm: 0 }] }),
    'far.json': json({ notes: [note(0), note(1e9)] }),
    'dense.json': json({ notes: Array.from({ length: 5000 }, (_, i) => note(0, 4, 21 + (i % 88))) }),
    'one-note.json': json({ notes: [note(0)] }),
    'notes.txt': 'C4 E4 G4',
    // Other readers
    'empty.edf': new Uint8Array(0),
    'garbage.edf': '0       ' + 'x'.repeat(248),
    'garbage.y4m': 'YUV4MPEG2 W-5 H99999999 F30:1\nFRAME\n',
    'garbage.csv': 'a,b,c\n1,2\n"unterminated\n',
    'params-wrong.json': json({ notes: { key: 'H major' }, bogus: 1 }),
    'mapping-wrong.json': json({ rules: 'none' }),
    // The second wave's readers: notation, video, parameter files.
    'truncated.musicxml': '<?xml version="1.0"?>\n<score-partwise version="4.0"><part-list><score-part id="P1"><part-name>x</part-name></score-part></part-list><part id="P1"><measure number="1"><attributes><divisions>1</divisions></attributes><note><pitch><step>C',
    'not-xml.musicxml': 'this is not XML at all\n',
    'garbage.mxl': 'PK\u0003\u0004 not really a zip archive',
    'garbage.krn': '**kern\n*M4/4\n4qq#z\n=\n',
    'no-spine.krn': 'just text, no spines\n',
    'truncated.y4m': 'YUV4MPEG2 W16 H16 F30:1 C420jpeg\nFRAME\n' + 'x'.repeat(100),
    'garbage.mp4': '\u0000\u0000\u0000\u0018ftypisom' + 'garbage'.repeat(40),
    'sweep-wrong.json': json({ name: 'x', objective: 'no-such-objective', strategy: { kind: 'grid' }, space: {} }),
    'weights-wrong.json': json({ harmony: 'heavy' }),
    'rules-wrong.json': json({ rules: ['no-such-rule'], maxRange: -3 }),
  };
}

interface Case {
  args: string[];
  /** 'error': exit 2 with one line matching `pattern`; 'ok': exit 0. */
  expect: 'error' | 'ok';
  pattern?: RegExp;
  /** Files (relative to the output folder) that exist before the run and must be unchanged after a failure. */
  sentinels?: string[];
}

const SCORE_COMMANDS = (f: string, out: string): string[][] => [
  ['info', f],
  ['render', f, '--out', out, '--sr', '8000', '-q'],
  ['analyze', f, '-q'],
  ['dance', f, '--out', out, '-q'],
  ['learn', f, '--steps', '0', '--no-second-piece', '-q'],
];
const WAV_COMMANDS = (f: string, out: string): string[][] => [
  ['info', f],
  ['beats', f, '-q'],
  ['groove', f, '--out', out, '-q'],
  ['compose', '--engine', 'duet', '--audio', f, '--seconds', '2', '--sr', '8000', '--out', out, '-q'],
];

const BAD_SCORES: Array<[string, RegExp]> = [
  ['empty.mid', /empty\.mid: empty file/],
  ['text.mid', /text\.mid: unknown MIDI format/],
  ['header-only.mid', /header-only\.mid: truncated/],
  ['truncated.mid', /truncated\.mid: truncated MIDI/],
  ['tempo-0.mid', /tempo-0\.mid: .*0 µs per quarter note/],
  ['tempo-1us.mid', /tempo-1us\.mid: .*faster than 1000 bpm/],
  ['delta-2.7e10s.mid', /delta-2\.7e10s\.mid: the last note ends at .* beyond the limit/],
  ['running-status.mid', /running-status\.mid: corrupt MIDI/],
  ['format-2.mid', /format-2\.mid: MIDI format 2/],
  ['smpte.mid', /smpte\.mid: SMPTE/],
  ['empty.json', /empty\.json: empty file/],
  ['not-json.json', /not-json\.json: not valid JSON/],
  ['array.json', /array\.json: not a neuromusic score/],
  ['deep.json', /deep\.json: not a neuromusic score/],
  ['nan.json', /nan\.json: not valid JSON/],
  ['pitch-200.json', /pitch-200\.json: not a neuromusic score: notes\[0\]\.pitch/],
  ['negative.json', /negative\.json: not a neuromusic score: notes\[0\]\.onset/],
  ['tempo-0.json', /tempo-0\.json: not a neuromusic score: tempos\[0\]\.bpm/],
  ['far.json', /far\.json: the last note ends at 1000000001 s, beyond the limit of 14400 s/],
  ['dense.json', /dense\.json: 5000 notes start within one second/],
  ['notes.txt', /notes\.txt: unsupported score format "\.txt"/],
  ['missing.mid', /missing\.mid: cannot read: no such file/],
  ['a-folder.mid', /a-folder\.mid: is a directory/],
  ['/dev/zero', /\/dev\/zero: (is a device or socket|unsupported score format)/],
];

const BAD_WAVS: Array<[string, RegExp]> = [
  ['empty.wav', /empty\.wav: empty file/],
  ['text.wav', /text\.wav: not a WAV file/],
  ['riff-only.wav', /riff-only\.wav: corrupt WAV: no fmt chunk/],
  ['rate-4294967295.wav', /sample rate of 4294967295 Hz, outside/],
  ['rate-0.wav', /sample rate of 0 Hz, outside/],
  ['rate-50.wav', /sample rate of 50 Hz, outside/],
  ['channels-65535.wav', /declares 65535 channels, more than the 256/],
  ['channels-0.wav', /0 channels/],
  ['align-lies.wav', /block align 7 does not match/],
  ['data-lies.wav', /truncated WAV: data chunk declares 1000000000 bytes/],
  ['adpcm.wav', /unsupported WAV encoding: Microsoft ADPCM/],
  ['pcm12.wav', /unsupported WAV encoding: integer PCM, 12 bits/],
  ['rf64.wav', /RF64\/BW64 WAV files are not supported/],
  ['nan.wav', /nan\.wav: 1 non-finite sample \(NaN or ±Infinity\).*at 0\.000 s in channel 1/],
  ['inf.wav', /inf\.wav: 1 non-finite sample/],
  ['missing.wav', /missing\.wav: cannot read: no such file/],
];

function cases(dir: string): Array<[string, Case]> {
  const out = join(dir, 'out');
  const f = (name: string): string => (name.startsWith('/') ? name : join(dir, name));
  const list: Array<[string, Case]> = [];
  // Every bad file through `info`, and through one more command in turn, so every command meets several: the
  // readers are shared, the commands' handling of what they throw is not.
  BAD_SCORES.forEach(([name, pattern], i) => {
    const commands = SCORE_COMMANDS(f(name), out);
    for (const args of [commands[0]!, commands[1 + (i % (commands.length - 1))]!]) list.push([`${args[0]} ${name}`, { args, expect: 'error', pattern }]);
  });
  BAD_WAVS.forEach(([name, pattern], i) => {
    const commands = WAV_COMMANDS(f(name), out);
    for (const args of [commands[0]!, commands[1 + (i % (commands.length - 1))]!]) {
      list.push([`${args[0]}${args[1] === '--engine' ? ' duet --audio' : ''} ${name}`, { args, expect: 'error', pattern }]);
    }
  });
  // Odd but usable: a warning or nothing, and a correct output.
  list.push(['render hanging-note.mid', { args: ['render', f('hanging-note.mid'), '--out', out, '--sr', '8000', '-q'], expect: 'ok' }]);
  list.push(['info one-note.json', { args: ['info', f('one-note.json')], expect: 'ok' }]);
  list.push(['info tone.wav', { args: ['info', f('tone.wav')], expect: 'ok' }]);
  // Limits can be raised, and a bad value for one is refused.
  list.push(['info dense.json with the limit raised', { args: ['info', f('dense.json')], expect: 'ok' }]);
  list.push(['info with a bad limit', { args: ['info', f('one-note.json')], expect: 'error', pattern: /NEUROMUSIC_MAX_PIECE_SECONDS: "a day" is not a positive number/ }]);
  // Other readers.
  list.push(['eeg empty.edf', { args: ['eeg', f('empty.edf')], expect: 'error', pattern: /empty\.edf: / }]);
  list.push(['eeg garbage.edf', { args: ['eeg', f('garbage.edf')], expect: 'error', pattern: /garbage\.edf: / }]);
  list.push(['compose duet --video garbage.y4m', { args: ['compose', '--engine', 'duet', '--video', f('garbage.y4m'), '--out', out, '-q'], expect: 'error', pattern: /garbage\.y4m: / }]);
  list.push(['worm simulate --connectome garbage.csv', { args: ['worm', 'simulate', '--seconds', '1', '--connectome', f('garbage.csv'), '-q'], expect: 'error', pattern: /garbage\.csv: / }]);
  list.push(['compose --params params-wrong.json', { args: ['compose', '--params', f('params-wrong.json'), '--out', out, '-q'], expect: 'error', pattern: /params-wrong\.json: / }]);
  list.push(['compose --params deep.json', { args: ['compose', '--params', f('deep.json'), '--out', out, '-q'], expect: 'error', pattern: /deep\.json: / }]);
  list.push(['bcmi --mapping mapping-wrong.json', { args: ['bcmi', '--mapping', f('mapping-wrong.json'), '--out', out, '-q'], expect: 'error', pattern: /mapping-wrong\.json: / }]);
  // The commands of the second wave meet the corpus too.
  list.push(['notate tempo-0.mid', { args: ['notate', f('tempo-0.mid'), '-o', join(out, 'n.musicxml')], expect: 'error', pattern: /tempo-0\.mid: .*0 µs per quarter note/ }]);
  list.push(['notate far.json', { args: ['notate', f('far.json'), '-o', join(out, 'n.ly')], expect: 'error', pattern: /far\.json: the last note ends at/ }]);
  list.push(['critique truncated.mid', { args: ['critique', f('truncated.mid')], expect: 'error', pattern: /truncated\.mid: truncated MIDI/ }]);
  list.push(['critique dense.json', { args: ['critique', f('dense.json')], expect: 'error', pattern: /dense\.json: 5000 notes start within one second/ }]);
  list.push(['sweep not-json.json', { args: ['sweep', f('not-json.json'), '--out', join(out, 'sweep.jsonl'), '-q'], expect: 'error', pattern: /not-json\.json: / }]);
  list.push(['sweep deep.json', { args: ['sweep', f('deep.json'), '--out', join(out, 'sweep.jsonl'), '-q'], expect: 'error', pattern: /deep\.json: / }]);
  list.push(...secondWaveCases(dir));
  // Outputs that cannot be written: refused before the work, every earlier file as it was.
  const sentinels = ['worm.mid', 'bach-prelude-c-major.mid', 'bach-prelude-c-major.wav'];
  list.push(['render --out under /proc', { args: ['render', '--out', '/proc/neuromusic/x', '-q'], expect: 'error', pattern: /\/proc\/neuromusic\/x\/bach-prelude-c-major\.wav: cannot write/ }]);
  list.push(['demo --out under /proc/self', { args: ['demo', '--out', '/proc/self/neuromusic', '-q'], expect: 'error', pattern: /\/proc\/self\/neuromusic: / }]);
  list.push(['render --out onto a file', { args: ['render', '--out', join(out, 'worm.mid'), '-q'], expect: 'error', pattern: /worm\.mid.*: cannot write/, sentinels }]);
  list.push(['compose with worm.wav a folder', { args: ['compose', '--seconds', '2', '--out', out, '-q'], expect: 'error', pattern: /worm\.wav: cannot write: is a directory/, sentinels }]);
  list.push(['demo with the WAV a folder', { args: ['demo', '--out', join(out, 'demo'), '--sr', '8000', '-q'], expect: 'error', pattern: /bach-prelude-c-major\.wav: cannot write: is a directory/, sentinels: ['demo/bach-prelude-c-major.mid'] }]);
  list.push(['groove with the mix a folder', { args: ['groove', f('tone.wav'), '--out', join(out, 'groove'), '-q'], expect: 'error', pattern: /tone-mix\.wav: cannot write: is a directory/, sentinels: ['groove/tone-drum-events.csv'] }]);
  list.push(['analyze --json into a folder', { args: ['analyze', '--json', join(out, 'folder.json'), '-q'], expect: 'error', pattern: /cannot write: is a directory/, sentinels }]);
  return list;
}

/**
 * The second wave's commands against broken inputs and targets that cannot be written: notate, critique, sweep,
 * surrogate, beats-eval, compose with each composer engine and --notation, stimulus, eeg, bcmi, groove --model.
 */
function secondWaveCases(dir: string): Array<[string, Case]> {
  const out = join(dir, 'out');
  const f = (name: string): string => join(dir, name);
  const error = (args: string[], pattern: RegExp, sentinels?: string[]): Case => ({ args, expect: 'error', pattern, ...(sentinels ? { sentinels } : {}) });
  const composer = (engine: string, ...rest: string[]): string[] => ['compose', '--engine', engine, '--sr', '8000', '-q', ...rest];
  return [
    // Broken notation and MIDI, for every command that reads a piece.
    ['notate truncated.musicxml', error(['notate', f('truncated.musicxml'), '-o', join(out, 'n.ly')], /truncated\.musicxml: /)],
    ['notate garbage.mxl', error(['notate', f('garbage.mxl'), '-o', join(out, 'n.musicxml')], /garbage\.mxl: /)],
    ['critique not-xml.musicxml', error(['critique', f('not-xml.musicxml')], /not-xml\.musicxml: /)],
    ['critique garbage.krn', error(['critique', f('garbage.krn')], /garbage\.krn: /)],
    ['critique no-spine.krn', error(['critique', f('no-spine.krn')], /no-spine\.krn: /)],
    ['critique --params rules-wrong.json', error(['critique', f('one-note.json'), '--params', f('rules-wrong.json')], /rules-wrong\.json: /)],
    ['beats-eval --midi truncated.mid', error(['beats-eval', '--pieces', '1', '--midi', f('truncated.mid'), '--no-aubio', '--no-fluidsynth', '-q'], /truncated\.mid: truncated MIDI/)],
    ['beats-eval --midi garbage.krn', error(['beats-eval', '--pieces', '1', '--midi', f('text.mid'), '--no-aubio', '--no-fluidsynth', '-q'], /text\.mid: unknown MIDI format/)],
    ['compose markov --corpus of garbage', error(composer('markov', '--corpus', f('bad-corpus'), '--out', out), /bad-corpus/)],
    ['compose recombinant --corpus of garbage', error(composer('recombinant', '--corpus', f('bad-corpus'), '--out', out), /bad-corpus/)],
    ['compose genetic --corpus of garbage', error(composer('genetic', '--corpus', f('bad-corpus'), '--out', out), /bad-corpus/)],
    ['compose genetic --weights weights-wrong.json', error(composer('genetic', '--weights', f('weights-wrong.json'), '--out', out), /weights-wrong\.json: /)],
    ['compose rules --params not-json.json', error(composer('rules', '--params', f('not-json.json'), '--out', out), /not-json\.json: not valid JSON/)],
    ['compose rules --cantus of nonsense', error(composer('rules', '--species', '1', '--cantus', 'X9 Q# 77', '--out', out), /--cantus/)],
    ['compose duet --eeg garbage.edf', error(composer('duet', '--eeg', f('garbage.edf'), '--seconds', '2', '--out', out), /garbage\.edf: /)],
    ['compose duet --mapping mapping-wrong.json', error(composer('duet', '--eeg', 'twin:neutral', '--mapping', f('mapping-wrong.json'), '--seconds', '2', '--out', out), /mapping-wrong\.json: /)],
    ['compose duet --video truncated.y4m', error(composer('duet', '--video', f('truncated.y4m'), '--out', out), /truncated\.y4m: /)],
    ['compose duet --video garbage.mp4', error(composer('duet', '--video', f('garbage.mp4'), '--out', out), /garbage\.mp4: /)],
    ['eeg garbage.edf --write-edf', error(['eeg', f('garbage.edf'), '--write-edf', join(out, 'eeg.edf')], /garbage\.edf: /)],
    ['bcmi --mapping not-json.json', error(['bcmi', '--mapping', f('not-json.json'), '--out', out, '-q'], /not-json\.json: not valid JSON/)],
    ['sweep sweep-wrong.json', error(['sweep', f('sweep-wrong.json'), '--out', join(out, 'sweep.jsonl'), '-q'], /sweep-wrong\.json: /)],
    ['surrogate eval of a broken model', error(['surrogate', 'eval', f('bad-model')], /bad-model\/model\.json: /)],
    ['surrogate eval of a folder with no model', error(['surrogate', 'eval', f('bad-corpus')], /bad-corpus: no model\.json/)],
    ['groove --model of a broken model', error(['groove', f('tone.wav'), '--model', f('bad-model'), '--out', out, '-q'], /bad-model\/model\.json: /)],
    ['stimulus --output .avi', error(['stimulus', 'ball', '-o', join(out, 'clip.avi')], /clip\.avi/)],
    // Targets that cannot be written: under /proc, onto a folder, onto a file standing where a folder must be.
    ['notate -o under /proc', error(['notate', '-o', '/proc/neuromusic/n.musicxml'], /\/proc\/neuromusic\/n\.musicxml: cannot write/)],
    ['notate -o onto a folder', error(['notate', '-o', join(out, 'a-folder.musicxml')], /a-folder\.musicxml: cannot write: is a directory/)],
    ['critique --report under /proc', error(['critique', f('one-note.json'), '--report', '/proc/self/critique.html'], /\/proc\/self\/critique\.html: cannot write/)],
    ['sweep --out under /proc', error(['sweep', join(projectRoot, 'examples', 'sweep-smoke.json'), '--out', '/proc/neuromusic/s.jsonl', '-q'], /\/proc\/neuromusic\/s\.jsonl: cannot write/)],
    ['surrogate train --out onto a file', error(['surrogate', 'train', '--out', join(out, 'worm.mid'), '--minutes', '0.1', '-q'], /worm\.mid: cannot create output folder/, ['worm.mid'])],
    ['surrogate train with model.json a folder', error(['surrogate', 'train', '--out', join(out, 'model'), '--minutes', '0.1', '-q'], /model\.json: cannot write: is a directory/, ['model/weights.bin'])],
    ['surrogate ablation --out under /proc', error(['surrogate', 'ablation', '--out', '/proc/neuromusic/abl', '--minutes', '0.1', '-q'], /\/proc\/neuromusic\/abl: /)],
    ['beats-eval --out onto a file', error(['beats-eval', '--pieces', '1', '--no-midi', '--no-aubio', '--no-fluidsynth', '--out', join(out, 'worm.mid'), '-q'], /worm\.mid: cannot create output folder/, ['worm.mid'])],
    ['beats-eval --json under /proc', error(['beats-eval', '--pieces', '1', '--no-midi', '--no-aubio', '--no-fluidsynth', '--json', '/proc/neuromusic/b.json', '-q'], /\/proc\/neuromusic\/b\.json: cannot write/)],
    ['stimulus -o under /proc', error(['stimulus', 'ball', '-o', '/proc/neuromusic/clip.y4m'], /\/proc\/neuromusic\/clip\.y4m: cannot write/)],
    ['stimulus with the JSON a folder', error(['stimulus', 'ball', '--seconds', '1', '-o', join(out, 'clip.y4m'), '--json', join(out, 'folder.json')], /folder\.json: cannot write: is a directory/, ['clip.y4m'])],
    ['eeg --write-edf under /proc', error(['eeg', 'twin:neutral', '--seconds', '5', '--write-edf', '/proc/neuromusic/eeg.edf'], /\/proc\/neuromusic\/eeg\.edf: cannot write/)],
    ['eeg --write-edf onto a folder', error(['eeg', 'twin:neutral', '--seconds', '5', '--write-edf', join(out, 'a-folder.edf')], /a-folder\.edf: cannot write: is a directory/)],
    ['bcmi --out under /proc', error(['bcmi', '--out', '/proc/neuromusic/bcmi', '-q'], /\/proc\/neuromusic\/bcmi/)],
    ['bcmi with the report a folder', error(['bcmi', '--out', join(out, 'bcmi'), '--report', join(out, 'folder.html'), '-q'], /folder\.html: cannot write: is a directory/, ['bcmi/bcmi-neutral.mid'])],
    ['groove --model with its output a folder', error(['groove', f('tone.wav'), '--model', 'shipped', '--out', join(out, 'groove-model'), '-q'], /tone-surrogate\.csv: cannot write: is a directory/, ['groove-model/tone-drum-events.csv'])],
    ['compose markov under /proc', error(composer('markov', '--out', '/proc/neuromusic/m'), /\/proc\/neuromusic\/m: /)],
    ['compose rules with the WAV a folder', error(composer('rules', '--out', join(out, 'rules')), /rules\.wav: cannot write: is a directory/, ['rules/rules.mid'])],
    ['compose genetic with the WAV a folder', error(composer('genetic', '--generations', '1', '--population', '4', '--out', join(out, 'genetic')), /genetic\.wav: cannot write: is a directory/, ['genetic/genetic.mid'])],
    ['compose recombinant with the report a folder', error(composer('recombinant', '--report', join(out, 'folder.html'), '--out', join(out, 'recombinant')), /folder\.html: cannot write: is a directory/, ['recombinant/recombinant.mid'])],
    ['compose duet --video with the CSV a folder', error(composer('duet', '--video', 'stimulus:ball', '--seconds', '2', '--out', join(out, 'duet')), /duet-trajectory\.csv: cannot write: is a directory/, ['duet/duet.mid'])],
    // The second output fails after the work: the notation beside the MIDI is a folder. The engine's MIDI and WAV,
    // already made, must not replace the user's.
    ['compose markov --notation with the notation a folder', error(composer('markov', '--bars', '2', '--notation', 'musicxml', '--out', join(out, 'markov')), /markov\.musicxml: cannot write: is a directory/, ['markov/markov.mid', 'markov/markov.wav'])],
  ];
}

/** Runs the CLI without blocking the test runner (several at a time). */
function run(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  return new Promise((done) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [cliPath, ...args], { cwd, env: { ...process.env, NEUROMUSIC_DEBUG: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      done({ code, stdout, stderr, ms: performance.now() - t0 });
    });
  });
}

/** Every file under `dir` whose name marks it as a temporary (ours: hidden, ending .tmp, .raw or .old). */
function temporaries(dir: string): string[] {
  const found: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name));
      else if (/^\..*\.(tmp|raw|old)$/.test(e.name)) found.push(join(d, e.name));
    }
  };
  walk(dir);
  return found;
}

describe.skipIf(!built)('hostile inputs: one clear line or a correct output, files untouched, nothing left behind', () => {
  const { dir, cleanup } = scratchDir('neuromusic-hostile-');
  const all = cases(dir);
  const results = new Map<string, Awaited<ReturnType<typeof run>> & { sentinelsIntact: boolean }>();

  beforeAll(async () => {
    for (const [name, contents] of Object.entries(corpus())) writeFileSync(join(dir, name), contents);
    mkdirSync(join(dir, 'a-folder.mid'));
    const out = join(dir, 'out');
    mkdirSync(join(out, 'worm.wav'), { recursive: true });
    mkdirSync(join(out, 'folder.json'), { recursive: true });
    mkdirSync(join(out, 'demo', 'bach-prelude-c-major.wav'), { recursive: true });
    mkdirSync(join(out, 'groove', 'tone-mix.wav'), { recursive: true });
    // Second-wave targets: folders where files must go, and broken inputs that are folders.
    mkdirSync(join(out, 'a-folder.musicxml'), { recursive: true });
    mkdirSync(join(out, 'folder.html'), { recursive: true });
    mkdirSync(join(out, 'a-folder.edf'), { recursive: true });
    mkdirSync(join(out, 'model', 'model.json'), { recursive: true });
    mkdirSync(join(out, 'bcmi'), { recursive: true });
    mkdirSync(join(out, 'groove-model', 'tone-surrogate.csv'), { recursive: true });
    mkdirSync(join(out, 'rules', 'rules.wav'), { recursive: true });
    mkdirSync(join(out, 'genetic', 'genetic.wav'), { recursive: true });
    mkdirSync(join(out, 'recombinant'), { recursive: true });
    mkdirSync(join(out, 'duet', 'duet-trajectory.csv'), { recursive: true });
    mkdirSync(join(out, 'markov', 'markov.musicxml'), { recursive: true });
    mkdirSync(join(dir, 'bad-corpus'));
    writeFileSync(join(dir, 'bad-corpus', 'a.mid'), smf(0, 480, [track([[0, 0x90, 60, 64], [480, 0x80, 60, 0]])]).subarray(0, 24));
    writeFileSync(join(dir, 'bad-corpus', 'b.mid'), 'not MIDI');
    mkdirSync(join(dir, 'bad-model'));
    writeFileSync(join(dir, 'bad-model', 'model.json'), '{"format": "layers-model", "modelTopology": ');
    writeFileSync(join(dir, 'bad-model', 'weights.bin'), new Uint8Array(7));
    const sentinelText = 'a file the user had before: must survive a failed run\n';
    const queue = [...all];
    const worker = async (): Promise<void> => {
      for (let next = queue.shift(); next; next = queue.shift()) {
        const [name, c] = next;
        const paths = (c.sentinels ?? []).map((s) => join(out, s));
        for (const p of paths) writeFileSync(p, sentinelText);
        const env: Record<string, string> = name.includes('limit raised')
          ? { NEUROMUSIC_MAX_NOTES_PER_SECOND: '10000' }
          : name.includes('bad limit') ? { NEUROMUSIC_MAX_PIECE_SECONDS: 'a day' } : {};
        const r = await run(c.args, dir, env);
        results.set(name, { ...r, sentinelsIntact: paths.every((p) => readFileSync(p, 'utf8') === sentinelText) });
      }
    };
    await Promise.all([worker(), worker()]);
  }, 900_000);

  afterAll(() => cleanup());

  it.each(all.map(([name, c]) => [name, c] as const))('%s', (name, c) => {
    const r = results.get(name)!;
    expect(r.code, `${c.args.join(' ')}\n${r.stderr}`).toBe(c.expect === 'ok' ? 0 : 2);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at |RangeError|TypeError/);
    expect(r.ms, 'ends within seconds').toBeLessThan(20_000);
    if (c.expect === 'error') {
      const lines = r.stderr.trim().split('\n');
      expect(lines, r.stderr).toHaveLength(1);
      expect(lines[0]).toMatch(/^neuromusic: error: /);
      expect(lines[0]).toMatch(c.pattern!);
      expect(r.sentinelsIntact, 'every earlier file as it was').toBe(true);
    }
  });

  it('leaves no temporary file anywhere', () => {
    expect(temporaries(dir)).toEqual([]);
  });

  it('warns about a note-on without a note-off and still plays it', () => {
    const r = results.get('render hanging-note.mid')!;
    expect(r.stderr).toMatch(/^neuromusic: warning: .*hanging-note\.mid: 1 note-on without a note-off \(the first: pitch 60, channel 1, track 1, at 0\.00 s\); held to the end of its track\n$/);
    expect(statSync(join(dir, 'out', 'hanging-note.wav')).size).toBeGreaterThan(44);
  });
});
