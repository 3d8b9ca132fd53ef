/** The messages between the Notation view and its engraving worker (Verovio runs there, off the page's thread). */
import type { Score } from 'neuromusic/score';
import type { MusicXmlOptions } from 'neuromusic/notation';

/** From the page. */
export type ToEngraver =
  /**
   * Lay out a score in pages of `width` × `height` CSS pixels at `zoom` (Verovio's scale, percent), written as
   * MusicXML with `options` (a live window gives its tempo and metre).
   */
  | { type: 'engrave'; id: number; score: Score; width: number; height: number; zoom: number; options?: MusicXmlOptions }
  /** The SVG of page `page` (1-based) of engraving `id`. */
  | { type: 'page'; id: number; page: number };

/** A moment of the engraved score's timemap: the notes that start and stop then. */
export interface EngravedMoment {
  /** Milliseconds from the start at the score's notated tempo. */
  ms: number;
  on: string[];
  off: string[];
}

/** To the page. */
export type FromEngraver =
  | {
      type: 'engraved';
      id: number;
      pages: number;
      moments: EngravedMoment[];
      /** Page (1-based) of every note in the timemap, by its SVG id. */
      notePages: Record<string, number>;
      /** What it took: loading Verovio (first engraving only), writing MusicXML, layout, the timemap. */
      timings: { verovioLoadMs?: number; musicXmlMs: number; layoutMs: number; timemapMs: number };
      verovioVersion: string;
      musicXmlBytes: number;
    }
  | { type: 'page'; id: number; page: number; svg: string; ms: number }
  | { type: 'error'; id: number; message: string };
