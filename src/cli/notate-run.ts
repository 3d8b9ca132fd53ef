/** `neuromusic notate`: a piece to MusicXML, compressed MusicXML, LilyPond, or through LilyPond a PDF/SVG/PNG. */
import { basename, extname } from 'node:path';
import { loadScore } from '../node/load-score.js';
import { engravePages, lilypondVersion } from '../node/lilypond.js';
import { OutputSet } from '../node/output-set.js';
import { notateScore, type NotationOptions, type NotationReport } from '../notation/layout.js';
import { notationToMusicXml } from '../notation/musicxml-write.js';
import { notationToLilyPond } from '../notation/lilypond.js';
import { toNotation } from '../notation/formats.js';
import { packageInfo } from '../node/package-info.js';
import { Failure } from './errors.js';
import { emitJson, say } from './output.js';
import { jsonTarget } from './common-options.js';
import { notateFormat, type NotateCliOptions } from './notate-options.js';

/** One line saying what the notation is and what quantisation changed. */
export function notationSummary(r: NotationReport, parts: number): string {
  const moved = r.onsetsMovedShare === 0 ? 'no onset moved' : `${(100 * r.onsetsMovedShare).toFixed(1)}% of onsets moved > 10 ms (mean ${r.meanOnsetShiftMs.toFixed(1)} ms, max ${r.maxOnsetShiftMs.toFixed(0)} ms)`;
  return `${r.notes} notes, ${r.measures} measures, ${parts} part${parts === 1 ? '' : 's'}, ${r.key} (${r.keySource}), ${r.bpm} bpm (${r.tempoSource}); ${moved}${r.tripletBeats ? `, ${r.tripletBeats} beats in triplets` : ''}${r.voiceClippedNotes ? `, ${r.voiceClippedNotes} notes shortened to fit the voices` : ''}`;
}

/** Runs `neuromusic notate`. */
export async function runNotate(piece: string | undefined, opts: NotateCliOptions): Promise<void> {
  const format = notateFormat(opts.output);
  // Every target checked first; the notation (or its pages) and the JSON are published together at the end.
  const outputs = new OutputSet().declare(opts.output, jsonTarget(opts.json) === 'file' && (opts.json as string));
  const engraved = format === 'pdf' || format === 'svg' || format === 'png';
  let lilypond: string | undefined;
  if (engraved) {
    lilypond = lilypondVersion();
    if (!lilypond) throw new Failure(`${opts.output}: writing .${format} needs LilyPond, which is not installed (Debian/Ubuntu: apt-get install lilypond; macOS: brew install lilypond); or write .ly or .musicxml and engrave it elsewhere`);
  }
  const score = loadScore(piece);
  const options: NotationOptions = {
    tempo: opts.tempo,
    ...(opts.time ? { timeSignature: opts.time } : {}),
    ...(opts.key ? { key: opts.key } : {}),
    maxVoicesPerStaff: opts.voices,
    staves: opts.staves,
    ...(opts.title ? { title: opts.title } : {}),
    ...(opts.composer ? { composer: opts.composer } : {}),
  };
  if (opts.key) {
    const { parseKey } = await import('../score/scales.js');
    try {
      const k = parseKey(opts.key);
      if (!['major', 'minor', 'ionian', 'aeolian'].includes(k.scale)) throw new RangeError(`a key signature needs a major or minor key, got "${opts.key}"`);
    } catch (err) {
      throw new Failure(`--key: ${(err as Error).message}`);
    }
  }
  const t0 = performance.now();
  const notation = notateScore(score, options);
  const files: string[] = [];
  let warnings: string[] = [];
  const software = `neuromusic ${packageInfo().version}`;
  if (format === 'musicxml') outputs.file(opts.output, notationToMusicXml(notation, { software }));
  else if (format === 'mxl') outputs.file(opts.output, toNotation(score, 'mxl', { ...options, name: basename(opts.output, extname(opts.output)) }));
  else if (format === 'ly') outputs.file(opts.output, notationToLilyPond(notation));
  else {
    let engraved;
    try {
      engraved = engravePages(notationToLilyPond(notation), opts.output);
    } catch (err) {
      throw new Failure(`${opts.output}: ${(err as Error).message}`);
    }
    for (const page of engraved.pages) outputs.file(page.path, page.data);
    warnings = engraved.warnings;
  }
  files.push(...outputs.paths);
  const seconds = (performance.now() - t0) / 1000;
  const json = {
    piece: piece ?? 'built-in',
    format,
    files,
    ...notation.report,
    parts: notation.parts.map((p) => ({ name: p.name, staves: p.staves, clefs: p.clefs })),
    ...(lilypond ? { lilypond, lilypondWarnings: warnings } : {}),
    seconds: +seconds.toFixed(3),
  };
  if (jsonTarget(opts.json) === 'file') emitJson(opts.json, json, outputs);
  await outputs.publish();
  if (jsonTarget(opts.json) === 'stdout') {
    emitJson(opts.json, json);
    return;
  }
  say(`${basename(piece ?? 'built-in prelude')}: ${notationSummary(notation.report, notation.parts.length)}`);
  for (const w of warnings) say(`LilyPond ${w}`);
  for (const f of files) say(`wrote ${f}`);
}
