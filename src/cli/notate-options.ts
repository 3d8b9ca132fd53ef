/** The option types and parsers of `neuromusic notate`, shared by its registration and its run. */
import { InvalidArgumentError } from 'commander';

/** What `notate` writes, by the output's extension: text formats directly, engravings through LilyPond. */
export const NOTATE_FORMATS = ['musicxml', 'mxl', 'ly', 'pdf', 'svg', 'png'] as const;
export type NotateFormat = (typeof NOTATE_FORMATS)[number];

/** Options of `neuromusic notate`. */
export interface NotateCliOptions {
  output: string;
  tempo: 'auto' | 'given' | 'estimate';
  time?: [number, number];
  key?: string;
  staves: 'auto' | 'parts' | 'piano';
  voices: number;
  title?: string;
  composer?: string;
  json?: string | boolean;
  quiet?: boolean;
}

/** The format an output file name asks for. */
export function notateFormat(file: string): NotateFormat {
  const ext = /\.([a-z]+)$/i.exec(file)?.[1]?.toLowerCase() ?? '';
  const format = ext === 'xml' ? 'musicxml' : ext;
  if (!(NOTATE_FORMATS as readonly string[]).includes(format)) {
    throw new InvalidArgumentError(`the file name must end in ${NOTATE_FORMATS.map((f) => `.${f}`).join(', ')} (or .xml), got "${file}".`);
  }
  return format as NotateFormat;
}

/** Parses `--time 3/4`. */
export function parseTimeSignature(value: string): [number, number] {
  const m = /^\s*(\d{1,2})\s*\/\s*(\d{1,2})\s*$/.exec(value);
  const num = m ? Number(m[1]) : NaN;
  const den = m ? Number(m[2]) : NaN;
  if (!m || num < 1 || num > 32 || ![1, 2, 4, 8, 16, 32].includes(den)) throw new InvalidArgumentError(`must be a time signature such as 4/4, 3/4 or 6/8 (denominator 1, 2, 4, 8, 16 or 32), got "${value}".`);
  return [num, den];
}
