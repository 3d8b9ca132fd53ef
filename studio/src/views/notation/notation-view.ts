/**
 * The Notation view: the piece the score engine plays (the built-in prelude, or a MIDI, score JSON, MusicXML or
 * **kern file dropped on the page or opened; the same engine as the Score view, so a piece opened in either shows in
 * both), engraved by Verovio from the MusicXML that `neuromusic notate` writes, with the notes sounding at the
 * playhead lit and the pages turning as it plays. Engraving runs in a worker (engrave-worker.ts) that loads Verovio
 * the first time the view is opened; clicking a note moves the playhead to it.
 *
 * The view can instead follow a live engine (the worm, the ring or the duet, chosen under "Source"): that engine then
 * plays while the view is shown, the notes it plays are collected as the worker posts them (live-window.ts), and
 * every few seconds the last bars (on the engine's own grid: its native tempo, 4/4) are engraved again, the newest
 * bar marked, with the notes sounding at the playhead lit as for a piece.
 */
import { el } from '../../app/dom.js';
import { pieceButtons } from '../piece-buttons.js';
import type { StudioView, ViewContext, ViewFrame, ViewInstance } from '../view.js';
import { SCORE_ENGINE, type ScoreCommand, type ScoreEvent } from '../../engines/score/messages.js';
import { SCORE_FILE_EXTENSIONS } from 'neuromusic/formats';
import { MUSICXML_EXTENSIONS, KERN_EXTENSIONS } from 'neuromusic/notation';
import type { MusicXmlOptions } from 'neuromusic/notation';
import type { Score } from 'neuromusic/score';
import { WORM_ENGINE } from '../../engines/worm/messages.js';
import { RING_ENGINE } from '../../engines/ring/messages.js';
import { DUET_ENGINE } from '../../engines/duet/messages.js';
import type { EngineInfo } from '../../protocol.js';
import { engraver, type Engraving } from './engraver.js';
import { NotationTimeline } from './notation-timeline.js';
import { LiveNotes, type LiveWindow } from './live-window.js';

/** What the view opens: every piece format the score engine reads. */
export const NOTATION_FILE_TYPES: readonly string[] = [...SCORE_FILE_EXTENSIONS, ...MUSICXML_EXTENSIONS, ...KERN_EXTENSIONS];

/** Verovio's scale, percent: staff size. */
const ZOOMS = [30, 40, 50, 65] as const;
const DEFAULT_ZOOM = 40;

/** What the view engraves: the score engine's piece, or a live engine's notes as it plays them. */
export const NOTATION_SOURCES: ReadonlyArray<{ id: string; label: string; engine?: string }> = [
  { id: 'piece', label: 'the piece' },
  { id: WORM_ENGINE, label: 'worm, live', engine: WORM_ENGINE },
  { id: RING_ENGINE, label: 'ring, live', engine: RING_ENGINE },
  { id: DUET_ENGINE, label: 'duet, live', engine: DUET_ENGINE },
];

/** Bars a live engine's window holds. */
const LIVE_BARS = [8, 12, 16] as const;
const DEFAULT_LIVE_BARS = 12;
/** How often a live window is engraved again (when new notes came), ms. */
const LIVE_ENGRAVE_MS = 2000;

class NotationView implements ViewInstance {
  private readonly host: HTMLElement;
  private readonly status: HTMLElement;
  private readonly about: HTMLElement;
  private readonly figures: HTMLElement;
  private readonly pageLabel: HTMLElement;
  private readonly follow: HTMLInputElement;
  private score: Score | undefined;
  private fileName = '';
  private zoom: number = DEFAULT_ZOOM;
  private engraving: Engraving | undefined;
  private timeline: NotationTimeline | undefined;
  private readonly svgs = new Map<number, Promise<string>>();
  private shownPage = 0;
  private wantedPage = 1;
  private lastMoment = -2;
  /** The page shown changed: light the notes again (without moving the page to the playhead). */
  private relight = false;
  private lit: Element[] = [];
  private disposed = false;
  /** What was last sent to be engraved (file, staff size, notes). */
  private engravedKey = '';
  /** Serial of the engraving asked for last: answers to older ones are dropped. */
  private asked = 0;
  /** The source shown (an id of NOTATION_SOURCES). */
  private source = 'piece';
  private readonly sourceSelect: HTMLSelectElement;
  private barsRow: HTMLElement | undefined;
  private readonly live = new LiveNotes();
  /** The followed engine's native tempo (its grid) and title. */
  private liveBpm = 120;
  private liveTitle = '';
  private liveBars: number = DEFAULT_LIVE_BARS;
  private liveTimer: ReturnType<typeof setInterval> | undefined;
  /** Revision of the live notes last sent to be engraved. */
  private liveRevision = -1;
  /** Whether a live engraving is in flight (the next waits for it). */
  private liveBusy = false;
  /** The window the shown engraving holds (undefined for a piece). */
  private liveWindow: LiveWindow | undefined;
  /** The latest map from output frames to engine seconds (for a stop's time). */
  private timeAt: ((frame: number) => number) | undefined;

  constructor(private readonly context: ViewContext) {
    this.host = el('div', { class: 'notation-page', 'aria-label': 'The score, engraved' });
    this.status = el('div', { class: 'notation-status' }, 'Waiting for the piece…');
    context.stage.append(el('div', { class: 'notation-stage' }, this.host, this.status));
    this.host.addEventListener('click', (e) => this.clickNote(e));

    this.about = el('div', { class: 'about' });
    this.figures = el('dl', { class: 'notation-figures' });
    this.pageLabel = el('span', { class: 'notation-page-label' }, '–');
    this.follow = el('input', { type: 'checkbox', class: 'notation-follow', checked: true });
    this.sourceSelect = el('select', { class: 'notation-source' }, ...NOTATION_SOURCES.map((s) => el('option', { value: s.id }, s.label)));
    this.sourceSelect.addEventListener('change', () => this.setSource(this.sourceSelect.value));
    context.panel.append(this.pieceSection(), this.engravingSection());
  }

  private pieceSection(): HTMLElement {
    const bars = el('select', { class: 'notation-live-bars' }, ...LIVE_BARS.map((b) => el('option', { value: b, selected: b === this.liveBars }, `last ${b} bars`)));
    bars.addEventListener('change', () => {
      this.liveBars = Number(bars.value);
      this.liveRevision = -1;
      this.engraveLive();
    });
    this.barsRow = el('label', { class: 'row notation-live-bars-row', hidden: true }, 'window', bars);
    return el('section', {},
      el('h2', {}, 'Piece'),
      el('label', { class: 'row' }, 'source', this.sourceSelect),
      this.barsRow,
      this.about,
      pieceButtons((name, bytes) => this.openFile(name, bytes), () => {
        this.setSource('piece');
        this.send({ kind: 'built-in' });
      }, { accept: NOTATION_FILE_TYPES, label: 'Open a score…' }),
      el('p', { class: 'hint' }, 'or drop a MIDI, MusicXML (.musicxml, .mxl) or Humdrum **kern (.krn) file anywhere on the page. The Score view plays the same piece.'),
    );
  }

  private engravingSection(): HTMLElement {
    const previous = el('button', { class: 'notation-previous', title: 'Previous page' }, '◀');
    const next = el('button', { class: 'notation-next', title: 'Next page' }, '▶');
    previous.addEventListener('click', () => this.turnTo(this.shownPage - 1));
    next.addEventListener('click', () => this.turnTo(this.shownPage + 1));
    const zoom = el('select', { class: 'notation-zoom' }, ...ZOOMS.map((z) => el('option', { value: z, selected: z === this.zoom }, `${z} %`)));
    zoom.addEventListener('change', () => {
      this.zoom = Number(zoom.value);
      if (this.score) void this.engrave(this.score);
    });
    return el('section', {},
      el('h2', {}, 'Engraving'),
      el('div', { class: 'row notation-pages' }, previous, this.pageLabel, next),
      el('label', { class: 'notation-follow-row' }, this.follow, 'turn the pages while it plays'),
      el('label', { class: 'row' }, 'staff size', zoom),
      this.figures,
      el('p', { class: 'hint' }, 'Engraved by Verovio from the MusicXML that neuromusic notate writes (quantised to the metre, spelled by key). Click a note to play from there.'),
    );
  }

  private send(command: ScoreCommand): void {
    this.context.command(command, command.kind === 'load' ? [command.bytes.buffer] : []);
  }

  /** Engraves the piece (`'piece'`) or follows a live engine (an id of NOTATION_SOURCES). */
  private setSource(id: string): void {
    const source = NOTATION_SOURCES.find((s) => s.id === id) ?? NOTATION_SOURCES[0]!;
    if (source.id === this.source) return;
    this.source = source.id;
    this.sourceSelect.value = source.id;
    this.host.dataset['mode'] = source.engine ? 'live' : 'piece';
    if (this.barsRow) this.barsRow.hidden = source.engine === undefined;
    clearInterval(this.liveTimer);
    this.liveTimer = undefined;
    this.live.clear();
    this.liveRevision = -1;
    this.liveWindow = undefined;
    // Whatever comes next is engraved afresh (the piece's describe, or the first live window).
    this.engravedKey = '';
    this.asked++;
    this.engraving = undefined;
    this.timeline = undefined;
    this.host.replaceChildren();
    this.figures.replaceChildren();
    this.pageLabel.textContent = '–';
    if (source.engine) {
      this.liveTitle = source.label;
      this.about.replaceChildren(
        el('div', { class: 'piece-title' }, source.label),
        el('div', { class: 'piece-sub notation-live-bars-shown' }, 'no notes yet'),
      );
      this.showStatus('Press play: the notes it plays are engraved as they come, every two seconds.');
      this.liveTimer = setInterval(() => this.engraveLive(), LIVE_ENGRAVE_MS);
      this.context.follow?.(source.engine);
    } else {
      this.showStatus('Waiting for the piece…');
      this.context.follow?.(undefined);
    }
  }

  openFile(name: string, bytes: Uint8Array): boolean {
    this.setSource('piece');
    this.context.notify(`opening ${name}…`);
    this.send({ kind: 'load', name, bytes });
    return true;
  }

  onEngineInfo(engine: string, info: EngineInfo): void {
    if (this.source !== engine) return;
    this.liveBpm = info.nativeBpm > 0 ? info.nativeBpm : 120;
    this.liveTitle = info.title;
    this.about.querySelector('.piece-title')?.replaceChildren(info.title);
  }

  onNotes(notes: Float64Array, timeAt: (frame: number) => number): void {
    if (this.source === 'piece') return;
    this.timeAt = timeAt;
    this.live.addNotes(notes, timeAt);
  }

  onReleases(releases: Float64Array, timeAt: (frame: number) => number): void {
    if (this.source === 'piece') return;
    this.timeAt = timeAt;
    this.live.addReleases(releases, timeAt);
  }

  onStopped(frame: number): void {
    if (this.source === 'piece' || !this.timeAt) return;
    this.live.stop(frame, this.timeAt(frame));
  }

  /** Engraves the live window again when new notes came since the last engraving and none is in flight. */
  private engraveLive(): void {
    if (this.source === 'piece' || this.liveBusy || this.disposed || this.live.revision === this.liveRevision) return;
    const window = this.live.window(this.liveBpm, this.liveBars);
    if (!window || window.score.notes.length === 0) return;
    this.liveRevision = this.live.revision;
    this.liveBusy = true;
    const options: MusicXmlOptions = { tempo: 'given', timeSignature: [4, 4] };
    window.score.meta = { title: this.liveTitle };
    const sub = this.about.querySelector('.piece-sub');
    if (sub) sub.textContent = `bars ${window.firstBar}–${window.lastBar} · ${window.score.notes.length} notes · ${Math.round(this.liveBpm)} per minute`;
    void this.engrave(window.score, options, window).finally(() => {
      this.liveBusy = false;
    });
  }

  onEngineEvent(event: unknown): void {
    if (this.source !== 'piece') return;
    const e = event as ScoreEvent;
    if (e.kind !== 'score') return;
    this.fileName = e.fileName;
    this.describe(e.score);
    void this.engrave(e.score);
  }

  private describe(score: Score): void {
    const m = score.meta;
    this.about.replaceChildren(
      el('div', { class: 'piece-title' }, m.title ?? this.fileName),
      el('div', { class: 'piece-sub' }, [m.composer, this.fileName].filter(Boolean).join(' · ')),
    );
  }

  private async engrave(score: Score, options?: MusicXmlOptions, live?: LiveWindow): Promise<void> {
    this.score = score;
    // The engine describes its score again when the view is shown or a setting changes: engrave only a new one.
    let sum = 0;
    for (const n of score.notes) sum += n.onset * 7 + n.duration * 3 + n.pitch;
    const key = `${live ? `${this.source}@${live.start}` : this.fileName}|${this.zoom}|${score.notes.length}|${sum}`;
    if (key === this.engravedKey) return;
    this.engravedKey = key;
    const serial = ++this.asked;
    const first = this.engraving === undefined;
    // A live window is engraved again every few seconds: the previous one stays shown meanwhile.
    if (!live || first) this.showStatus(first ? 'Loading the engraver (Verovio) and engraving…' : `Engraving ${score.notes.length} notes…`);
    const box = this.host.getBoundingClientRect();
    const width = box.width > 100 ? box.width : 900;
    const height = box.height > 100 ? box.height : 600;
    const engrave = engraver();
    let engraving: Engraving;
    try {
      engraving = await engrave.engrave(score, width, height, this.zoom, options);
    } catch (err) {
      if (serial === this.asked && !this.disposed) {
        this.engravedKey = '';
        this.showStatus(`Could not engrave this score: ${(err as Error).message}`);
        this.context.notify(`notation: ${(err as Error).message}`, 'error');
      }
      return;
    }
    if (serial !== this.asked || this.disposed) return;
    this.engraving = engraving;
    this.liveWindow = live;
    this.timeline = new NotationTimeline(engraving.moments, engraving.notePages);
    this.svgs.clear();
    this.shownPage = 0;
    this.lastMoment = -2;
    this.lit = [];
    this.showFigures(engraving, first ? performance.now() - engrave.startedAt : undefined);
    // A live window opens at its newest bar (the last page); a piece at its start.
    const page = live ? engraving.pages : 1;
    this.wantedPage = page;
    await this.turnTo(page);
    // The host names what it shows once its page is on screen (a test or a script waiting on it then finds the notes).
    if (serial !== this.asked || this.disposed) return;
    this.host.dataset['source'] = live ? this.source : this.fileName;
    if (live) {
      this.host.dataset['bars'] = `${live.firstBar}-${live.lastBar}`;
      this.host.dataset['engravings'] = String(Number(this.host.dataset['engravings'] ?? 0) + 1);
    } else {
      delete this.host.dataset['bars'];
    }
  }

  private showFigures(e: Engraving, sinceStartMs: number | undefined): void {
    const rows: Array<[string, string, number]> = [
      ['pages', String(e.pages), e.pages],
      ['notes engraved', String(Object.keys(e.notePages).length), Object.keys(e.notePages).length],
      ['MusicXML', `${(e.musicXmlBytes / 1024).toFixed(0)} kB`, e.musicXmlBytes],
      ['MusicXML written', `${e.timings.musicXmlMs.toFixed(0)} ms`, e.timings.musicXmlMs],
      ['layout', `${e.timings.layoutMs.toFixed(0)} ms`, e.timings.layoutMs],
      ['timemap', `${e.timings.timemapMs.toFixed(0)} ms`, e.timings.timemapMs],
    ];
    if (e.timings.verovioLoadMs !== undefined) rows.unshift(['Verovio loaded', `${e.timings.verovioLoadMs.toFixed(0)} ms`, e.timings.verovioLoadMs]);
    if (sinceStartMs !== undefined) rows.unshift(['first engraving', `${sinceStartMs.toFixed(0)} ms`, sinceStartMs]);
    this.figures.replaceChildren(
      el('dt', {}, 'engraver'),
      el('dd', {}, `Verovio ${e.verovioVersion.split('-')[0]}`),
      ...rows.flatMap(([k, v, n]) => [el('dt', {}, k), el('dd', { 'data-notation': k, 'data-value': n }, v)]),
    );
  }

  private showStatus(text: string): void {
    this.status.textContent = text;
    this.status.hidden = text === '';
  }

  /** Shows page `page` (clamped), fetching its SVG from the worker when it is not cached; prefetches the next. */
  private async turnTo(page: number): Promise<void> {
    const e = this.engraving;
    if (!e) return;
    const target = Math.min(Math.max(1, page), e.pages);
    this.wantedPage = target;
    const svg = await this.svg(e.id, target);
    if (svg === undefined || this.disposed || this.engraving !== e || this.wantedPage !== target) return;
    if (this.shownPage !== target) {
      // Verovio's SVG, from our own worker: parsed as markup, its <style> removed (the CSP admits no inline style).
      this.host.innerHTML = svg;
      this.shownPage = target;
      this.lit = [];
      this.relight = true;
      if (this.liveWindow && target === e.pages) {
        // The newest bar of a live window: the last measure of its last page.
        const measures = this.host.querySelectorAll('g.measure');
        measures[measures.length - 1]?.classList.add('newest');
      }
    }
    this.pageLabel.textContent = `page ${target} of ${e.pages}`;
    this.host.dataset['page'] = String(target);
    this.host.dataset['pages'] = String(e.pages);
    this.showStatus('');
    if (target < e.pages) void this.svg(e.id, target + 1);
  }

  private svg(id: number, page: number): Promise<string | undefined> {
    let pending = this.svgs.get(page);
    if (!pending) {
      pending = engraver().page(id, page);
      this.svgs.set(page, pending);
    }
    return pending.catch((err: Error) => {
      this.svgs.delete(page);
      if (!this.disposed && this.engraving?.id === id) this.context.notify(`notation: page ${page}: ${err.message}`, 'error');
      return undefined;
    });
  }

  private clickNote(e: MouseEvent): void {
    const note = (e.target as Element | null)?.closest('g.note');
    const ms = note && this.timeline?.onsetOf(note.id);
    // A live engine plays on from where it is: its notes are not a place to seek to.
    if (ms !== undefined && ms !== null && !this.liveWindow) this.context.seek(ms / 1000);
  }

  draw(frame: ViewFrame): void {
    const timeline = this.timeline;
    if (!timeline) return;
    // A live window's times are engine seconds from its first bar line, at the engine's tempo as notated.
    const moment = timeline.at((frame.time - (this.liveWindow?.start ?? 0)) * 1000);
    if (moment === this.lastMoment && !this.relight) return;
    // The page follows the music when the playhead reaches another moment; a page turned by hand stays until then.
    if (moment !== this.lastMoment) {
      const page = timeline.pageAt(moment);
      if (this.follow.checked && page !== this.shownPage && page !== this.wantedPage) void this.turnTo(page);
    }
    this.lastMoment = moment;
    this.relight = false;
    for (const node of this.lit) node.classList.remove('playing');
    this.lit = [];
    for (const id of timeline.soundingAt(moment)) {
      const node = this.host.querySelector(`#${CSS.escape(id)}`);
      if (node) {
        node.classList.add('playing');
        this.lit.push(node);
      }
    }
    this.host.dataset['lit'] = this.lit.map((n) => n.id).join(' ');
    this.host.dataset['moment'] = String(moment);
  }

  dispose(): void {
    this.disposed = true;
    clearInterval(this.liveTimer);
  }
}

export const notationView: StudioView = {
  id: 'notation',
  title: 'Notation',
  engine: SCORE_ENGINE,
  fileTypes: NOTATION_FILE_TYPES,
  mount: (context) => new NotationView(context),
};
