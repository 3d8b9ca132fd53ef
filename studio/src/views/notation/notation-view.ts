/**
 * The Notation view: the piece the score engine plays (the built-in prelude, or a MIDI, score JSON, MusicXML or
 * **kern file dropped on the page or opened; the same engine as the Score view, so a piece opened in either shows in
 * both), engraved by Verovio from the MusicXML that `neuromusic notate` writes, with the notes sounding at the
 * playhead lit and the pages turning as it plays. Engraving runs in a worker (engrave-worker.ts) that loads Verovio
 * the first time the view is opened; clicking a note moves the playhead to it.
 */
import { el } from '../../app/dom.js';
import { pieceButtons } from '../piece-buttons.js';
import type { StudioView, ViewContext, ViewFrame, ViewInstance } from '../view.js';
import { SCORE_ENGINE, type ScoreCommand, type ScoreEvent } from '../../engines/score/messages.js';
import { SCORE_FILE_EXTENSIONS } from 'neuromusic/formats';
import { MUSICXML_EXTENSIONS, KERN_EXTENSIONS } from 'neuromusic/notation';
import type { Score } from 'neuromusic/score';
import { engraver, type Engraving } from './engraver.js';
import { NotationTimeline } from './notation-timeline.js';

/** What the view opens: every piece format the score engine reads. */
export const NOTATION_FILE_TYPES: readonly string[] = [...SCORE_FILE_EXTENSIONS, ...MUSICXML_EXTENSIONS, ...KERN_EXTENSIONS];

/** Verovio's scale, percent: staff size. */
const ZOOMS = [30, 40, 50, 65] as const;
const DEFAULT_ZOOM = 40;

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

  constructor(private readonly context: ViewContext) {
    this.host = el('div', { class: 'notation-page', 'aria-label': 'The score, engraved' });
    this.status = el('div', { class: 'notation-status' }, 'Waiting for the piece…');
    context.stage.append(el('div', { class: 'notation-stage' }, this.host, this.status));
    this.host.addEventListener('click', (e) => this.clickNote(e));

    this.about = el('div', { class: 'about' });
    this.figures = el('dl', { class: 'notation-figures' });
    this.pageLabel = el('span', { class: 'notation-page-label' }, '–');
    this.follow = el('input', { type: 'checkbox', class: 'notation-follow', checked: true });
    context.panel.append(this.pieceSection(), this.engravingSection());
  }

  private pieceSection(): HTMLElement {
    return el('section', {},
      el('h2', {}, 'Piece'),
      this.about,
      pieceButtons((name, bytes) => this.openFile(name, bytes), () => this.send({ kind: 'built-in' }), { accept: NOTATION_FILE_TYPES, label: 'Open a score…' }),
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

  openFile(name: string, bytes: Uint8Array): boolean {
    this.context.notify(`opening ${name}…`);
    this.send({ kind: 'load', name, bytes });
    return true;
  }

  onEngineEvent(event: unknown): void {
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

  private async engrave(score: Score): Promise<void> {
    this.score = score;
    // The engine describes its score again when the view is shown or a setting changes: engrave only a new one.
    let sum = 0;
    for (const n of score.notes) sum += n.onset * 7 + n.duration * 3 + n.pitch;
    const key = `${this.fileName}|${this.zoom}|${score.notes.length}|${sum}`;
    if (key === this.engravedKey) return;
    this.engravedKey = key;
    const serial = ++this.asked;
    const first = this.engraving === undefined;
    this.showStatus(first ? 'Loading the engraver (Verovio) and engraving…' : `Engraving ${score.notes.length} notes…`);
    const box = this.host.getBoundingClientRect();
    const width = box.width > 100 ? box.width : 900;
    const height = box.height > 100 ? box.height : 600;
    const engrave = engraver();
    let engraving: Engraving;
    try {
      engraving = await engrave.engrave(score, width, height, this.zoom);
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
    this.host.dataset['source'] = this.fileName;
    this.timeline = new NotationTimeline(engraving.moments, engraving.notePages);
    this.svgs.clear();
    this.shownPage = 0;
    this.lastMoment = -2;
    this.lit = [];
    this.showFigures(engraving, first ? performance.now() - engrave.startedAt : undefined);
    this.wantedPage = 1;
    await this.turnTo(1);
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
    if (ms !== undefined && ms !== null) this.context.seek(ms / 1000);
  }

  draw(frame: ViewFrame): void {
    const timeline = this.timeline;
    if (!timeline) return;
    const moment = timeline.at(frame.time * 1000);
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
  }
}

export const notationView: StudioView = {
  id: 'notation',
  title: 'Notation',
  engine: SCORE_ENGINE,
  fileTypes: NOTATION_FILE_TYPES,
  mount: (context) => new NotationView(context),
};
