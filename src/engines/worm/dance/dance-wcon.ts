/**
 * The physical dance as WCON (the worm-tracking community's format; see wcon-export.ts): the body's midline per
 * frame, head first, in millimetres, with the musical pattern and the commanded behaviour of each frame as custom
 * features ("@neuromusic").
 *
 * {@link danceWcon} writes a dance held in memory; {@link DanceWconStream} writes it while the body runs, a record
 * of at most {@link WCON_RECORD_FRAMES} frames at a time. WCON lets one animal's data be split over several records
 * with the same id and different time points ("allowing repeats enables easy merging and splitting of data",
 * Tracker Commons' WCON specification, the `data` array), and custom arrays of one value per time point merge with
 * them; so a long dance is a sequence of records, and memory holds one record, whatever the length of the piece.
 * A dance of up to one record's length is written as one record, the same text as {@link danceWcon}'s.
 */
import { writeWcon, type WconDocument } from '../../../formats/wcon.js';
import type { JsonValue } from '../../../formats/json-strict.js';
import type { DanceData } from './dance.js';
import { recordingToWconDocument } from '../model/wcon-export.js';
import type { WormEngine } from '../model/engine.js';
import { allocateRecording, recordFrame, type WormRecording } from '../model/simulate.js';

/** Most frames in one WCON record of a streamed dance (6 minutes at the default 25 frames/s). */
export const WCON_RECORD_FRAMES = 9000;

/** Every how many 20-ms frames the WCON keeps one, for about `frameRate` frames per second. */
function wconEvery(d: Pick<DanceData, 'frameSeconds'>, frameRate: number): number {
  return Math.max(1, Math.round(1 / d.frameSeconds / frameRate));
}

/**
 * The WCON document of the body frames in `rec` (every `recEvery`-th of its frames), whose i-th kept frame is the
 * dance's kept frame `firstKept + i` (dance frame (firstKept + i) · every).
 */
function danceWconDocument(d: DanceData, rec: WormRecording, recEvery: number, firstKept: number, every: number, piece: { title: string; source: string }, software: { name: string; version: string }): WconDocument {
  const doc = recordingToWconDocument(rec, software, { every: recEvery });
  const kept = doc.tracks[0]!.t.map((_, i) => Math.min(d.frames - 1, (firstKept + i) * every));
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
  return doc;
}

/**
 * WCON text of a dance at about `frameRate` frames per second (every n-th 20-ms frame).
 * @example
 * const text = danceWcon(danceToPiece(score), { title: 'Prelude', source: 'prelude.mid' }); // validates against wcon_schema.json
 */
export function danceWcon(d: DanceData, piece: { title: string; source: string }, software: { name: string; version: string }, frameRate = 25): string {
  if (!d.body) throw new RangeError('the dance has no physical body recording (options.physical)');
  const every = wconEvery(d, frameRate);
  return writeWcon(danceWconDocument(d, d.body, every, 0, every, piece, software), { head: 'L', ventral: 'CW' });
}

const DATA_START = '\n"data":[\n';
const DATA_END = ']}\n';

/**
 * Writes the physical dance's WCON while the body runs: a sink for `streamWorm(physicalDanceRun(d), …)` (call
 * {@link DanceWconStream.start} and {@link DanceWconStream.frame} from the run's sink, then
 * {@link DanceWconStream.end}). `write` receives the text in order; memory holds one record of at most
 * `recordFrames` frames.
 * @example
 * const d = danceToPiece(score, { physical: false });
 * const parts: string[] = [];
 * const wcon = new DanceWconStream(d, { title: 'Prelude', source: 'prelude.mid' }, { name: 'neuromusic', version: '1' }, 25, (t) => parts.push(t));
 * streamWorm(physicalDanceRun(d), { start: (e, _, rate) => wcon.start(e, rate), frame: (f, e) => wcon.frame(f, e) });
 * wcon.end(); // parts.join('') is danceWcon of the same dance with its body
 */
export class DanceWconStream {
  private readonly every: number;
  private chunk: WormRecording | undefined;
  /** Kept frames in the current record, and kept frames written before it. */
  private inChunk = 0;
  private written = 0;
  private started = false;

  constructor(
    private readonly d: DanceData,
    private readonly piece: { title: string; source: string },
    private readonly software: { name: string; version: string },
    frameRate: number,
    private readonly write: (text: string) => void,
    private readonly recordFrames = WCON_RECORD_FRAMES,
  ) {
    if (!(Number.isInteger(recordFrames) && recordFrames >= 1)) throw new RangeError(`record frames must be a whole number ≥ 1, got ${recordFrames}`);
    this.every = wconEvery(d, frameRate);
  }

  /** The body engine of the run and its frame rate, before its first frame (its parameters go into the metadata). */
  start(engine: WormEngine, frameRate: number): void {
    this.chunk = allocateRecording(engine, this.recordFrames, frameRate);
  }

  /** Body frame `f` of the run (50 frames/s), its state in `engine`. */
  frame(f: number, engine: WormEngine): void {
    if (f % this.every !== 0) return;
    if (!this.chunk) throw new RangeError('DanceWconStream.start must be called before the first frame');
    recordFrame(this.chunk, this.inChunk++, engine);
    if (this.inChunk === this.recordFrames) this.flush();
  }

  /** Writes the last record and closes the document. */
  end(): void {
    if (this.inChunk > 0 || !this.started) this.flush();
    this.write(DATA_END);
  }

  private flush(): void {
    const rec = { ...this.chunk!, frames: this.inChunk };
    const text = writeWcon(danceWconDocument(this.d, rec, 1, this.written, this.every, this.piece, this.software), { head: 'L', ventral: 'CW' });
    // writeWcon puts the records last: `{…header…,\n"data":[\n<records joined by ",\n">]}\n`; the header's values are
    // JSON-escaped, so its first raw "\n"data":[\n" is where the records begin.
    const at = text.indexOf(DATA_START);
    if (at < 0 || !text.endsWith(DATA_END)) throw new Error('unexpected WCON layout');
    const record = text.slice(at + DATA_START.length, text.length - DATA_END.length);
    this.write(this.started ? `,\n${record}` : `${text.slice(0, at + DATA_START.length)}${record}`);
    this.started = true;
    this.written += this.inChunk;
    this.inChunk = 0;
  }
}
