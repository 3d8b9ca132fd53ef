/**
 * The notation formats by file extension: what `notate` and `compose --notation` write, and what a reader accepts.
 */
import type { Score } from '../score/types.js';
import { zipSync, strToU8 } from 'fflate';
import type { NotationOptions } from './layout.js';
import { notateScore } from './layout.js';
import { notationToMusicXml } from './musicxml-write.js';
import { notationToLilyPond } from './lilypond.js';

/** Extensions read as MusicXML (.mxl compressed). */
export const MUSICXML_EXTENSIONS = ['.musicxml', '.xml', '.mxl'] as const;
/** Text and archive formats written without an engraver. */
export const NOTATION_EXTENSIONS = ['musicxml', 'mxl', 'ly'] as const;
export type NotationFormat = (typeof NOTATION_EXTENSIONS)[number];

/**
 * A score as the bytes of a notation file: MusicXML text, a compressed MusicXML archive (.mxl, with
 * META-INF/container.xml, deterministic: fixed timestamps) or LilyPond text. `name` is the archive's inner name.
 * @example
 * const bytes = toNotation(bachPreludeInC(), 'mxl');
 * bytes[0] === 0x50 && bytes[1] === 0x4b; // → true
 */
export function toNotation(score: Score, format: NotationFormat, options: NotationOptions & { name?: string } = {}): Uint8Array {
  const notation = notateScore(score, options);
  if (format === 'ly') return strToU8(notationToLilyPond(notation));
  const xml = notationToMusicXml(notation);
  if (format === 'musicxml') return strToU8(xml);
  const inner = `${(options.name ?? 'score').replace(/[^A-Za-z0-9._-]+/g, '_')}.musicxml`;
  const container = `<?xml version="1.0" encoding="UTF-8"?>\n<container><rootfiles><rootfile full-path="${inner}" media-type="application/vnd.recordare.musicxml+xml"/></rootfiles></container>\n`;
  const mtime = new Date(Date.UTC(2000, 0, 1));
  // The mimetype entry comes first and uncompressed, as the MusicXML container format asks.
  return zipSync(
    {
      mimetype: [strToU8('application/vnd.recordare.musicxml'), { level: 0, mtime }],
      'META-INF/container.xml': [strToU8(container), { mtime }],
      [inner]: [strToU8(xml), { mtime }],
    },
    { level: 6 },
  );
}
