/**
 * The physical dance as WCON (the worm-tracking community's format; see wcon-export.ts): the body's midline per
 * frame, head first, in millimetres, with the musical pattern and the commanded behaviour of each frame as custom
 * features ("@neuromusic").
 */
import { writeWcon } from '../../../formats/wcon.js';
import type { JsonValue } from '../../../formats/json-strict.js';
import type { DanceData } from './dance.js';
import { recordingToWconDocument } from '../model/wcon-export.js';

/**
 * WCON text of a dance at about `frameRate` frames per second (every n-th 20-ms frame).
 * @example
 * const text = danceWcon(danceToPiece(score), { title: 'Prelude', source: 'prelude.mid' }); // validates against wcon_schema.json
 */
export function danceWcon(d: DanceData, piece: { title: string; source: string }, software: { name: string; version: string }, frameRate = 25): string {
  if (!d.body) throw new RangeError('the dance has no physical body recording (options.physical)');
  const every = Math.max(1, Math.round(1 / d.frameSeconds / frameRate));
  const doc = recordingToWconDocument(d.body, software, { every });
  const kept = doc.tracks[0]!.t.map((_, i) => Math.min(d.frames - 1, i * every));
  doc.metadata = {
    ...doc.metadata,
    protocol: [
      `Simulated C. elegans dancing to ${piece.title} (${piece.source}), neuromusic`,
      'Body: Boyle-Berri-Cohen 2012, driven by a body wave from the piano modes of the piece (nervous system paused)',
      `Body wave at ${d.wave.undulationHz.toFixed(3)} Hz, the undulation frequency of the worm driven by the piece`,
    ],
  };
  const track = doc.tracks[0]!;
  const custom = (track.custom?.['@neuromusic'] ?? {}) as Record<string, JsonValue>;
  track.custom = {
    '@neuromusic': {
      ...custom,
      pattern: kept.map((f) => d.analysis.frameLabels[f]!),
      danceBehaviour: kept.map((f) => d.wave.behaviour[f]!),
    },
  };
  return writeWcon(doc, { head: 'L', ventral: 'CW' });
}
