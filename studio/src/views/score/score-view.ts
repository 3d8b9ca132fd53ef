/**
 * The Score view: a piece (the built-in prelude, or a MIDI or score JSON file dropped on the page or chosen) as a
 * scrolling piano roll with the whole piece in a strip below, played by the score engine in the worker. The panel
 * describes the piece and sets how it is performed (seeded humanising).
 */
import { el, clock } from '../../app/dom.js';
import { PianoRoll } from './piano-roll.js';
import { Overview } from './overview.js';
import { voiceColor } from './colors.js';
import { pieceButtons, PIECE_FILE_TYPES } from '../piece-buttons.js';
import type { StudioView, ViewContext, ViewFrame, ViewInstance } from '../view.js';
import { SCORE_ENGINE, type ScoreCommand, type ScoreEvent } from '../../engines/score/messages.js';
import { scoreStats, pitchName, type Score } from 'neuromusic/score';

class ScoreView implements ViewInstance {
  private readonly roll: PianoRoll;
  private readonly overview: Overview;
  private readonly about: HTMLElement;
  private readonly detach: () => void;
  private lastTime = 0;

  constructor(private readonly context: ViewContext) {
    const rollCanvas = el('canvas', { class: 'piano-roll', 'aria-label': 'Piano roll' });
    const overviewCanvas = el('canvas', { class: 'overview', 'aria-label': 'The whole piece; click to move there' });
    context.stage.append(el('div', { class: 'score-stage' }, rollCanvas, overviewCanvas));
    this.roll = new PianoRoll(rollCanvas);
    this.overview = new Overview(overviewCanvas, (t) => context.seek(t));

    rollCanvas.addEventListener('click', (e) => {
      const box = rollCanvas.getBoundingClientRect();
      context.seek(Math.max(0, this.roll.timeAtX(e.clientX - box.left, this.lastTime)));
    });
    const onWheel = (e: WheelEvent): void => {
      e.preventDefault();
      this.roll.secondsVisible = Math.min(40, Math.max(2, this.roll.secondsVisible * Math.exp(e.deltaY * 0.001)));
    };
    rollCanvas.addEventListener('wheel', onWheel, { passive: false });
    this.detach = () => rollCanvas.removeEventListener('wheel', onWheel);

    this.about = el('div', { class: 'about' });
    context.panel.append(this.pieceSection(), this.performanceSection());
  }

  private pieceSection(): HTMLElement {
    return el('section', {},
      el('h2', {}, 'Piece'),
      this.about,
      pieceButtons((name, bytes) => this.openFile(name, bytes), () => this.send({ kind: 'built-in' })),
      el('p', { class: 'hint' }, 'or drop a MIDI (.mid), MusicXML (.musicxml, .mxl), **kern (.krn) or score JSON file anywhere on the page'),
    );
  }

  private performanceSection(): HTMLElement {
    const timing = el('input', { type: 'range', class: 'humanize-timing', min: 0, max: 40, step: 1, value: 0 });
    const velocity = el('input', { type: 'range', class: 'humanize-velocity', min: 0, max: 0.2, step: 0.01, value: 0 });
    const timingValue = el('output', {}, '0 ms');
    const velocityValue = el('output', {}, '0');
    const show = (): void => {
      timingValue.textContent = `${timing.value} ms`;
      velocityValue.textContent = Number(velocity.value).toFixed(2);
    };
    const send = (): void => this.send({ kind: 'humanize', timingSeconds: Number(timing.value) / 1000, velocity: Number(velocity.value) });
    for (const input of [timing, velocity]) {
      input.addEventListener('input', show);
      input.addEventListener('change', send);
    }
    return el('section', {},
      el('h2', {}, 'Performance'),
      el('label', { class: 'row' }, 'timing', timing, timingValue),
      el('label', { class: 'row' }, 'velocity', velocity, velocityValue),
      el('p', { class: 'hint' }, 'Humanising moves each onset and velocity by a normal deviate drawn from the seed: the same seed gives the same performance, here and in the exports.'),
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
    this.roll.setScore(e.score);
    this.overview.setScore(e.score);
    this.describe(e.score, e.fileName);
  }

  private describe(score: Score, fileName: string): void {
    const s = scoreStats(score);
    const m = score.meta;
    const voices = m.voiceNames?.length ? m.voiceNames : Array.from({ length: s.voices }, (_, i) => `voice ${i + 1}`);
    const rows: Array<[string, string]> = [
      ['notes', String(s.notes)],
      ['duration', clock(s.durationSeconds)],
      ['range', s.pitchMin === null ? '–' : `${pitchName(s.pitchMin)}–${pitchName(s.pitchMax!)}`],
      ['tempo', `♩ = ${Math.round(score.tempos[0]?.bpm ?? 120)}${score.tempos.length > 1 ? ` (${score.tempos.length} changes)` : ''}`],
      ['polyphony', `${s.meanPolyphony.toFixed(1)} mean, ${s.maxPolyphony} max`],
    ];
    if (m.key) rows.push(['key', m.key]);
    this.about.replaceChildren(
      el('div', { class: 'piece-title' }, m.title ?? fileName),
      el('div', { class: 'piece-sub' }, [m.composer, fileName].filter(Boolean).join(' · ')),
      el('dl', {}, ...rows.flatMap(([k, v]) => [el('dt', {}, k), el('dd', { 'data-stat': k }, v)])),
      el('ul', { class: 'voices' }, ...voices.slice(0, 12).map((name, i) => {
        const swatch = el('span', { class: 'swatch' });
        swatch.style.background = voiceColor(i); // through the CSSOM: the page's CSP refuses inline style attributes
        return el('li', {}, swatch, name);
      })),
    );
  }

  draw(frame: ViewFrame): void {
    this.lastTime = frame.time;
    this.roll.draw(frame.time);
    const before = this.roll.secondsVisible * 0.25;
    this.overview.draw(frame.time, frame.time - before, frame.time - before + this.roll.secondsVisible);
  }

  dispose(): void {
    this.detach();
  }
}

export const scoreView: StudioView = {
  id: 'score',
  title: 'Score',
  engine: SCORE_ENGINE,
  fileTypes: PIECE_FILE_TYPES,
  mount: (context) => new ScoreView(context),
};
