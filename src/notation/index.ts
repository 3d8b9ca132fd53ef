/**
 * Scores on paper: from a performance in seconds to notation (tempo and metre, quantisation with triplets, ties,
 * rests, voices, grand staff, pitch spelling, key finding), MusicXML 4.0 in and out, LilyPond out.
 *
 * @example
 * import { toMusicXml, readMusicXml, toLilyPond } from 'neuromusic/notation';
 * import { bachPreludeInC } from 'neuromusic';
 * const xml = toMusicXml(bachPreludeInC());
 * const back = readMusicXml(xml, 'prelude.musicxml');
 * back.notes.length; // → 549
 * toLilyPond(back).startsWith('\\version'); // → true
 */
export { toMusicXml, notationToMusicXml, type MusicXmlOptions } from './musicxml-write.js';
export { readMusicXml, unfoldRepeats, MAX_MUSICXML_NOTES, type RepeatMarks } from './musicxml-read.js';
export { toLilyPond, notationToLilyPond, lilyNoteName } from './lilypond.js';
export {
  notateScore,
  notatedOnsets,
  beatTicks,
  DYNAMIC_MARKS,
  DYNAMIC_VELOCITY,
  type NotatedScore,
  type NotatedPart,
  type NotatedMeasure,
  type NotatedVoice,
  type NotatedEvent,
  type NotatedPitch,
  type MeasureFrame,
  type NotationOptions,
  type NotationReport,
  type NoteType,
  type BeamValue,
  type DynamicMark,
  type Clef,
} from './layout.js';
export { DIVISIONS, estimateTempo, metricalFrame, quantizeScore, type QuantizationReport, type QuantizeOptions, type QuantizedNote, type MetricalFrame } from './quantize.js';
export { findKey, keyFifths, pitchClassProfile, KK_MAJOR, KK_MINOR, type FoundKey } from './key.js';
export { spellPitches, spellWith, spelledToMidi, tonalPitchClass, type SpelledPitch, type SpellOptions } from './spell.js';
export { parseXml, escapeXml, XmlSyntaxError, type XmlElement } from './xml.js';
export { NOTATION_EXTENSIONS, MUSICXML_EXTENSIONS, toNotation, type NotationFormat } from './formats.js';
export { readKern, recipQuarters, KERN_EXTENSIONS, KERN_DEFAULT_VELOCITY, type ReadKernOptions, type Rational } from './kern/index.js';
export { noteOnsetF1, type NoteOnsetScore } from './compare.js';
