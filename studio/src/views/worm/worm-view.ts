/**
 * The Worm view, in two modes.
 *
 * "The worm plays": the C. elegans model crawling live in the worker, its muscle contractions played on the piano.
 * The stage shows the worm on its plate with its trail (coloured by behaviour), the neural circuit lighting with
 * activity, and the muscles with the notes they strike; the panel sets the environment (water ↔ agar), the command
 * (or a command script), the key and note rate, and shows the recorded performance.
 *
 * "The worm dances": a piece (the built-in prelude, or a MIDI file dropped or chosen) drives the worm, computed in
 * the worker by the core's danceToPiece (as `neuromusic dance` does) and played with the piece's own notes. The body
 * and its trail take the colour of the musical pattern playing; the circuit shows the driven worm's neurons; the
 * muscles show the body wave from the piano modes, beside the piece's notes; the pattern indicators glow with their
 * excitability above the pattern timeline.
 *
 * States arrive from the worker up to the scheduling lookahead early; they are kept in a StateTimeline and the
 * one at the playhead is drawn, so the picture moves with the sound.
 */
import { el } from '../../app/dom.js';
import { showRows } from '../now-rows.js';
import { StateTimeline } from '../state-timeline.js';
import { WormArena } from './arena.js';
import { CircuitCanvas } from './circuit.js';
import { MusicStrip } from './music-strip.js';
import { BEHAVIOUR_COLOURS } from './palette.js';
import { DancePatterns } from './dance-patterns.js';
import { pieceButtons, PIECE_FILE_TYPES } from '../piece-buttons.js';
import type { StudioView, ViewContext, ViewFrame, ViewInstance } from '../view.js';
import {
  ACTION_ORDER, BEHAVIOUR_ORDER, DanceStateLayout, WORM_ENGINE, WORM_MODES, WormStateLayout,
  type DanceDescription, type WormCommand, type WormControlsSummary, type WormDescription, type WormEvent, type WormMode,
} from '../../engines/worm/messages.js';
import { DANCE_BEHAVIOURS, formatPValue, COMMAND_ACTIONS, type CommandAction } from 'neuromusic/worm';
import { SCALES, pitchClassName } from 'neuromusic/score';

const ACTION_LABELS: Record<CommandAction, string> = {
  forward: '↑ forward',
  reverse: '↓ reverse',
  'turn-left': '↰ turn left',
  'turn-right': '↱ turn right',
  pause: '■ pause',
};

const BEHAVIOUR_LABELS: Record<string, string> = { forward: 'crawling forward', backward: 'crawling backward', turn: 'turning', pause: 'pausing' };

const MODE_LABELS: Record<WormMode, string> = { plays: 'the worm plays', dances: 'the worm dances' };

/** The dance behaviours (navigation from the head's dorsal muscles) in words. */
const DANCE_BEHAVIOUR_LABELS: Record<string, string> = { HALT: 'halting', FORWARD: 'forward', 'FWD+L': 'forward, bearing left', 'FWD+R': 'forward, bearing right', BACKWARD: 'backward' };

const ENVIRONMENT_HINTS: Record<WormMode, string> = {
  plays: 'Drag along and across the body, from water (the worm swims, 0.08 mm/s) to agar (it crawls, 0.22 mm/s), interpolated as in Boyle, Berri & Cohen 2012.',
  dances: 'Where the worm dances, water to agar (as neuromusic dance --env): a change computes the dance again while the piece plays on.',
};

/** Names the medium value: water, agar, or the mix between. */
export function mediumName(medium: number): string {
  if (medium <= 0.001) return 'water';
  if (medium >= 0.999) return 'agar';
  return `${Math.round(medium * 100)} % agar`;
}

class WormView implements ViewInstance {
  private readonly timeline = new StateTimeline<Float32Array>(1);
  private layout: WormStateLayout | undefined;
  private danceLayout: DanceStateLayout | undefined;
  private mode: WormMode = 'plays';
  private dance: DanceDescription | undefined;
  private readonly patterns: DancePatterns;
  private readonly instruments: HTMLElement;
  private readonly stageRoot: HTMLElement;
  private readonly progress: HTMLElement;
  private readonly modeButtons = new Map<WormMode, HTMLButtonElement>();
  private readonly environmentHint = el('p', { class: 'hint' });
  private readonly playsSections: HTMLElement[];
  private readonly dancesSections: HTMLElement[];
  private readonly pieceName: HTMLElement;
  private readonly danceSummary: HTMLElement;
  private readonly arena: WormArena;
  private readonly circuit: CircuitCanvas;
  private readonly strip: MusicStrip;
  private readonly actionButtons = new Map<CommandAction, HTMLButtonElement>();
  private readonly medium: HTMLInputElement;
  private readonly mediumValue: HTMLOutputElement;
  private readonly tonic: HTMLSelectElement;
  private readonly scale: HTMLSelectElement;
  private readonly rate: HTMLInputElement;
  private readonly rateValue: HTMLOutputElement;
  private readonly script: HTMLTextAreaElement;
  private readonly recorded: HTMLElement;
  private readonly now: HTMLElement;
  private draggingMedium = false;
  /**
   * The environment last asked for, until a state shows it: the engine takes a command at its next step, so states
   * parked before it (a paused view) still carry the old medium and must not move the slider back.
   */
  private pendingMedium: number | undefined;
  private lastStatus = 0;
  /** The pattern the Now panel shows: a change of pattern refreshes the panel in the same frame as the indicators. */
  private shownPattern = -1;
  private lastTime = 0;

  constructor(private readonly context: ViewContext) {
    const arenaCanvas = el('canvas', { class: 'worm-arena', 'aria-label': 'The worm on its plate, with its trail' });
    const circuitCanvas = el('canvas', { class: 'worm-circuit', 'aria-label': 'Neural circuit: command interneurons and motor neurons' });
    const stripCanvas = el('canvas', { class: 'worm-music', 'aria-label': 'Muscles and the notes they strike' });
    this.patterns = new DancePatterns((time) => context.seek(time));
    this.patterns.element.hidden = true;
    this.instruments = el('div', { class: 'worm-instruments' }, this.patterns.element, circuitCanvas, stripCanvas);
    this.progress = el('div', { class: 'worm-progress', role: 'status', hidden: true });
    this.stageRoot = el('div', { class: 'worm-stage' }, arenaCanvas, this.instruments, this.progress);
    context.stage.append(this.stageRoot);
    this.arena = new WormArena(arenaCanvas);
    this.circuit = new CircuitCanvas(circuitCanvas);
    this.strip = new MusicStrip(stripCanvas);

    this.medium = el('input', { type: 'range', class: 'worm-medium', min: 0, max: 1, step: 0.05, value: 1, 'aria-label': 'Environment: water to agar' });
    this.mediumValue = el('output', {}, 'agar');
    this.tonic = el('select', { class: 'worm-tonic', 'aria-label': 'Key: tonic' }, ...Array.from({ length: 12 }, (_, pc) => el('option', { value: pitchClassName(pc) }, pitchClassName(pc))));
    this.scale = el('select', { class: 'worm-scale', 'aria-label': 'Key: scale' }, ...Object.keys(SCALES).map((s) => el('option', { value: s }, s)));
    this.rate = el('input', { type: 'range', class: 'worm-rate', min: 1, max: 20, step: 1, value: 8, 'aria-label': 'Notes per second' });
    this.rateValue = el('output', {}, '8 /s');
    this.script = el('textarea', { class: 'worm-script', rows: 2, spellcheck: false, placeholder: 'forward 10s, reverse 4s, turn-left 3s, forward', 'aria-label': 'Command script' });
    this.recorded = el('code', { class: 'worm-recorded' }, '');
    this.now = el('dl', { class: 'worm-now' });
    this.pieceName = el('div', { class: 'about dance-piece' }, 'the built-in prelude');
    this.danceSummary = el('div', { class: 'dance-summary hint' });
    const environment = this.environmentSection();
    this.playsSections = [this.commandSection(), this.musicSection()];
    const performance = this.performanceSection();
    this.dancesSections = [this.pieceSection(), this.danceSection()];
    context.panel.append(this.modeSection(), environment, ...this.playsSections, ...this.dancesSections, this.nowSection(), performance);
    this.playsSections.push(performance);
    this.showMode('plays');
  }

  private modeSection(): HTMLElement {
    const group = el('div', { class: 'worm-modes', role: 'group', 'aria-label': 'Mode' });
    for (const mode of WORM_MODES) {
      const button = el('button', { class: `worm-mode mode-${mode}`, 'data-mode': mode, 'aria-pressed': 'false' }, MODE_LABELS[mode]);
      button.addEventListener('click', () => {
        if (mode !== this.mode) this.send({ kind: 'mode', value: mode });
      });
      this.modeButtons.set(mode, button);
      group.append(button);
    }
    return el('section', {},
      el('h2', {}, 'Mode'),
      group,
      el('p', { class: 'hint' }, 'Plays: the model crawls and its muscles make the music. Dances: a piece drives the worm, and its body dances to it.'),
    );
  }

  private pieceSection(): HTMLElement {
    return el('section', {},
      el('h2', {}, 'Piece'),
      this.pieceName,
      pieceButtons((name, bytes) => this.openFile(name, bytes), () => this.send({ kind: 'built-in' })),
      el('p', { class: 'hint' }, 'or drop a MIDI file (.mid) anywhere on the page: the worm dances to it.'),
    );
  }

  private danceSection(): HTMLElement {
    return el('section', {},
      el('h2', {}, 'Dance'),
      this.danceSummary,
      el('p', { class: 'hint' }, 'The piece drives the worm (loudness → AVB/PVC forward, bass → AVA/AVD backward, register → head); its motor neurons\' principal components are Z_worm. A pattern\'s excitability is max |r| with Z_worm (circular-shift p-value). The body wave comes from the piano modes, its direction from the command interneurons, the steering from the head\'s dorsal muscles; the body really moves. MIDI and WAV export the piece, WCON the dancing body, Timeline what neuromusic dance writes.'),
    );
  }

  /** Shows the panel and stage of a mode (the engine says which mode it is in). */
  private showMode(mode: WormMode): void {
    this.mode = mode;
    for (const [m, button] of this.modeButtons) button.setAttribute('aria-pressed', String(m === mode));
    for (const section of this.playsSections) section.hidden = mode !== 'plays';
    for (const section of this.dancesSections) section.hidden = mode !== 'dances';
    this.stageRoot.classList.toggle('dances', mode === 'dances');
    this.patterns.element.hidden = mode !== 'dances';
    this.strip.noteCaption = mode === 'dances' ? 'the piece’s notes' : 'notes they strike';
    if (mode === 'plays') this.progress.hidden = true;
    // Each mode has its own environment: the slider shows the mode's (from its states, or the dance's description).
    this.pendingMedium = undefined;
    if (mode === 'dances' && this.dance) this.showMedium(this.dance.medium);
    this.environmentHint.textContent = ENVIRONMENT_HINTS[mode];
    this.arena.setPalette(mode === 'dances' ? this.dance?.patterns.map((p) => p.color) : undefined);
    this.now.replaceChildren();
    this.timeline.clear();
    this.strip.clear();
  }

  private environmentSection(): HTMLElement {
    this.medium.addEventListener('input', () => {
      this.draggingMedium = true;
      this.mediumValue.textContent = mediumName(Number(this.medium.value));
    });
    this.medium.addEventListener('change', () => {
      this.draggingMedium = false;
      this.pendingMedium = Number(this.medium.value);
      this.send({ kind: 'environment', medium: this.pendingMedium });
    });
    return el('section', {},
      el('h2', {}, 'Environment'),
      el('label', { class: 'row' }, 'water ↔ agar', this.medium, this.mediumValue),
      this.environmentHint,
    );
  }

  private commandSection(): HTMLElement {
    const grid = el('div', { class: 'worm-actions' });
    for (const action of COMMAND_ACTIONS) {
      const button = el('button', { class: `worm-action action-${action}`, 'data-action': action, 'aria-pressed': 'false' }, ACTION_LABELS[action]);
      button.addEventListener('click', () => this.send({ kind: 'command', action }));
      this.actionButtons.set(action, button);
      grid.append(button);
    }
    const run = el('button', { class: 'worm-run-script' }, 'Run script');
    run.addEventListener('click', () => {
      const text = this.script.value.trim();
      if (text) this.send({ kind: 'script', text });
    });
    return el('section', {},
      el('h2', {}, 'Command'),
      grid,
      this.script,
      el('div', { class: 'buttons' }, run),
      el('p', { class: 'hint' }, 'Commands drive the command interneurons (AVB/PVC forward, AVA/AVD backward) and bias the head. A script runs from now on; a new command replaces the rest of it.'),
    );
  }

  private musicSection(): HTMLElement {
    const sendMusic = (): void => this.send({ kind: 'music', music: { key: `${this.tonic.value} ${this.scale.value}`, notesPerSecond: Number(this.rate.value) } });
    this.tonic.addEventListener('change', sendMusic);
    this.scale.addEventListener('change', sendMusic);
    this.rate.addEventListener('input', () => (this.rateValue.textContent = `${this.rate.value} /s`));
    this.rate.addEventListener('change', sendMusic);
    return el('section', {},
      el('h2', {}, 'Music'),
      el('label', { class: 'row' }, 'key', el('span', { class: 'worm-key' }, this.tonic, this.scale), el('span', {})),
      el('label', { class: 'row' }, 'note rate', this.rate, this.rateValue),
      el('p', { class: 'hint' }, 'A muscle that contracts strikes a key and holds it until it relaxes. Each quadrant plays its register (DL lowest … VR highest), head high, tail low: the wave head → tail plays falling runs.'),
    );
  }

  private nowSection(): HTMLElement {
    return el('section', {}, el('h2', {}, 'Now'), this.now);
  }

  private performanceSection(): HTMLElement {
    const restart = el('button', { class: 'worm-restart', title: 'Forget the recorded commands and start a new performance' }, 'New performance');
    restart.addEventListener('click', () => {
      this.pendingMedium = undefined;
      this.send({ kind: 'restart' });
    });
    return el('section', {},
      el('h2', {}, 'Performance'),
      el('p', { class: 'hint' }, 'Commands are recorded: going back replays them, and MIDI, WAV and WCON export the performance from the start to the furthest point played. The drive as a script (neuromusic worm simulate --command):'),
      this.recorded,
      el('div', { class: 'buttons' }, restart),
    );
  }

  private send(command: WormCommand): void {
    this.context.command(command, command.kind === 'load' ? [command.bytes.buffer] : []);
  }

  openFile(name: string, bytes: Uint8Array): boolean {
    // The progress shows once the worker computes (a file that does not parse is said in the status bar instead).
    this.context.notify(`opening ${name}…`);
    this.send({ kind: 'load', name, bytes });
    return true;
  }

  onEngineEvent(event: unknown): void {
    const e = event as WormEvent;
    switch (e.kind) {
      case 'circuit':
        this.setCircuit(e);
        break;
      case 'controls':
        this.showControls(e);
        break;
      case 'mode':
        if (e.mode !== this.mode) this.showMode(e.mode);
        break;
      case 'dance-progress':
        this.showProgress(e.fraction, e.stage, e.fileName);
        break;
      case 'dance':
        this.setDance(e);
        break;
      case 'dance-failed':
        this.clearDance(e.fileName);
        this.progress.hidden = true;
        this.danceSummary.textContent = `The worm cannot dance to ${e.fileName}: ${e.message}`;
        break;
    }
  }

  private showProgress(fraction: number, stage: string, fileName: string): void {
    // A new dance is being computed (another piece or seed): the old one's patterns no longer apply. The piece's
    // notes may play meanwhile; the body dances once the new dance arrives.
    if (fraction < 1 && this.dance) this.clearDance(fileName);
    this.progress.hidden = fraction >= 1;
    this.progress.textContent = `The worm learns ${fileName === 'built-in prelude' ? 'the built-in prelude' : fileName}… ${Math.round(fraction * 100)} % · ${stage}`;
  }

  /** Moves the environment slider to `medium`, unless the user is dragging it or a value asked for is on its way. */
  private showMedium(medium: number): void {
    if (this.draggingMedium || this.pendingMedium !== undefined || this.medium.value === String(medium)) return;
    this.medium.value = String(medium);
    this.mediumValue.textContent = mediumName(medium);
  }

  private clearDance(fileName: string): void {
    this.dance = undefined;
    this.shownPattern = -1;
    this.patterns.clear();
    this.arena.setPalette(undefined);
    this.timeline.clear();
    this.strip.clear();
    this.now.replaceChildren();
    this.pieceName.textContent = fileName === 'built-in prelude' ? 'the built-in prelude' : fileName;
    this.danceSummary.textContent = 'The worm is learning this piece; its notes can play meanwhile.';
  }

  private setDance(d: DanceDescription): void {
    this.dance = d;
    if (this.pendingMedium !== undefined && Math.abs(d.medium - this.pendingMedium) < 1e-6) this.pendingMedium = undefined;
    if (this.mode === 'dances') this.showMedium(d.medium);
    this.shownPattern = -1;
    this.progress.hidden = true;
    this.patterns.setDance(d);
    this.arena.setPalette(this.mode === 'dances' ? d.patterns.map((p) => p.color) : undefined);
    this.timeline.clear();
    this.strip.clear();
    this.pieceName.textContent = d.fileName === 'built-in prelude' ? `${d.title} (built in)` : `${d.title} (${d.fileName})`;
    const shares = DANCE_BEHAVIOURS.map((b) => `${b} ${Math.round(100 * (d.behaviourShares[b] ?? 0))} %`).join(', ');
    const top = [...d.patterns].sort((a, b) => a.rank - b.rank)[0];
    this.danceSummary.textContent =
      `${d.patterns.length} patterns in ${d.duration.toFixed(1)} s (seed ${d.seed}); most excitable ${top?.label ?? '—'} (|r| ${top?.excitability.toFixed(2) ?? '—'}, p ${top ? formatPValue(top.pValue, d.rotations) : '—'}). ` +
      `Body wave ${d.undulationHz.toFixed(2)} Hz on ${mediumName(d.medium)}; ${shares}.`;
  }

  private setCircuit(d: WormDescription): void {
    this.layout = new WormStateLayout(d.rods, d.neuronNames.length, d.muscleNames.length);
    this.danceLayout = new DanceStateLayout(d.rods, d.neuronNames.length, d.muscleNames.length);
    this.timeline.clear();
    this.arena.setMuscles(d.muscleNames);
    this.arena.resetTrail();
    this.strip.setMuscles(d.muscleNames);
    this.circuit.setCircuit(d);
    this.showControls(d.controls);
  }

  private showControls(c: WormControlsSummary): void {
    this.recorded.textContent = c.script;
    const [tonic, ...scale] = c.music.key.split(' ');
    this.tonic.value = tonic!;
    this.scale.value = scale.join(' ') || 'major';
    this.rate.value = String(c.music.notesPerSecond);
    this.rateValue.textContent = `${c.music.notesPerSecond} /s`;
  }

  onEngineState(time: number, state: unknown): void {
    const data = state as Float32Array;
    const layout = this.mode === 'dances' ? this.danceLayout : this.layout;
    if (data.length !== layout?.length) return; // the other mode's, still in flight
    this.timeline.push(time, data);
    const worm = layout instanceof DanceStateLayout ? layout.worm : layout;
    this.strip.collect(time, data, worm);
  }

  draw(frame: ViewFrame): void {
    if (this.mode === 'dances') {
      this.drawDance(frame);
      return;
    }
    let state = this.timeline.at(frame.time);
    // A state of the other mode still in flight after a switch is not drawn.
    if (state && state.length !== this.layout?.length) state = undefined;
    if (frame.time < this.lastTime - 1e-6) this.arena.resetTrail();
    this.lastTime = frame.time;
    const L = WormStateLayout;
    if (state) this.arena.track(state[L.TIME]!, state[L.CENTROID_X]!, state[L.CENTROID_Y]!, state[L.BEHAVIOUR]!);
    const behaviour = state ? (BEHAVIOUR_ORDER[state[L.BEHAVIOUR]!] ?? 'pause') : 'pause';
    this.arena.draw(state, this.layout, frame.now, state ? {
      behaviour: BEHAVIOUR_LABELS[behaviour]!,
      detail: `${mediumName(state[L.MEDIUM]!)} · ${(state[L.AXIAL_SPEED]!).toFixed(2)} mm/s along the body · ${(state[L.TURN_RATE]! * 180 / Math.PI).toFixed(0)}°/s`,
    } : undefined);
    this.circuit.draw(state, this.layout?.neurons ?? 0);
    this.strip.draw(state, this.layout, frame.time);
    if (state && frame.now - this.lastStatus > 100) {
      this.lastStatus = frame.now;
      this.showState(state, behaviour);
    }
  }

  private drawDance(frame: ViewFrame): void {
    const D = this.danceLayout;
    let state = this.timeline.at(frame.time);
    if (state && state.length !== D?.length) state = undefined;
    if (frame.time < this.lastTime - 1e-6) this.arena.resetTrail();
    this.lastTime = frame.time;
    const L = WormStateLayout;
    const pattern = state && D ? state[D.pattern]! : -1;
    const info = this.dance?.patterns[pattern];
    if (state) this.arena.track(state[L.TIME]!, state[L.CENTROID_X]!, state[L.CENTROID_Y]!, pattern);
    const behaviour = state && D ? (DANCE_BEHAVIOURS[state[D.behaviour]!] ?? 'HALT') : 'HALT';
    this.arena.draw(state, D?.worm, frame.now, state && info ? {
      behaviour: `${info.label} · ${DANCE_BEHAVIOUR_LABELS[behaviour]}`,
      detail: `pattern ${info.label}: excitability |r| ${info.excitability.toFixed(2)} · ${(state[L.AXIAL_SPEED]!).toFixed(2)} mm/s along the body · wave ${state[L.WAVE_HZ]! >= 0 ? 'head → tail' : 'tail → head'}`,
    } : undefined, pattern);
    this.circuit.draw(state, D?.worm.neurons ?? 0);
    this.strip.draw(state, D?.worm, frame.time);
    this.patterns.draw(pattern, frame.time);
    if (state && D && (frame.now - this.lastStatus > 100 || pattern !== this.shownPattern)) {
      this.lastStatus = frame.now;
      this.shownPattern = pattern;
      const wave = state[L.WAVE_HZ]!;
      const rows: Array<[string, string, number]> = [
        ['pattern', info ? `${info.label} · |r| ${info.excitability.toFixed(2)} · p ${formatPValue(info.pValue, this.dance!.rotations)}` : '—', pattern],
        ['behaviour', behaviour, state[D.behaviour]!],
        ['wave', `${wave > 0 ? 'head → tail' : 'tail → head'} · ${Math.abs(wave).toFixed(2)} Hz · amplitude ${state[D.amplitude]!.toFixed(2)}`, wave],
        ['head', `dorsal L − R ${state[D.head]!.toFixed(3)}`, state[D.head]!],
        ['speed', `${state[L.AXIAL_SPEED]!.toFixed(3)} mm/s`, state[L.AXIAL_SPEED]!],
        ['drive', `${state[L.FORWARD]!.toFixed(2)} forward · ${state[L.BACKWARD]!.toFixed(2)} backward`, state[L.FORWARD]! - state[L.BACKWARD]!],
      ];
      showRows(this.now, 'data-worm', rows);
      const dd = this.now.querySelector<HTMLElement>('dd[data-worm="pattern"]');
      if (dd && info && dd.dataset['colour'] !== info.color) {
        dd.dataset['colour'] = info.color;
        dd.style.color = info.color;
      }
    }
  }

  /** The panel's live numbers and the command in force (a few times a second: DOM writes are not free). */
  private showState(state: Float32Array, behaviour: string): void {
    const L = WormStateLayout;
    const action = ACTION_ORDER[state[L.ACTION]!];
    for (const [a, button] of this.actionButtons) {
      const pressed = String(a === action);
      if (button.getAttribute('aria-pressed') !== pressed) button.setAttribute('aria-pressed', pressed);
    }
    if (this.pendingMedium !== undefined && Math.abs(state[L.MEDIUM]! - this.pendingMedium) < 1e-6) this.pendingMedium = undefined;
    this.showMedium(state[L.MEDIUM]!);
    const wave = state[L.WAVE_HZ]!;
    const rows: Array<[string, string, number]> = [
      ['behaviour', behaviour, state[L.BEHAVIOUR]!],
      ['wave', Math.abs(wave) < 0.05 ? 'still' : `${wave > 0 ? 'head → tail' : 'tail → head'} · ${Math.abs(wave).toFixed(2)} Hz`, wave],
      ['speed', `${state[L.AXIAL_SPEED]!.toFixed(3)} mm/s`, state[L.AXIAL_SPEED]!],
      ['turning', `${(state[L.TURN_RATE]! * 180 / Math.PI).toFixed(1)} °/s`, state[L.TURN_RATE]!],
      ['drive', `${state[L.FORWARD]!.toFixed(1)} forward · ${state[L.BACKWARD]!.toFixed(1)} backward`, state[L.FORWARD]! - state[L.BACKWARD]!],
      ['head', state[L.TURN]! === 0 ? 'straight' : `bias ${state[L.TURN]!.toFixed(1)} (${state[L.TURN]! > 0 ? 'left' : 'right'})`, state[L.TURN]!],
    ];
    // data-value carries the number behind each line, for automation (the browser tests read it).
    showRows(this.now, 'data-worm', rows);
    const dd = this.now.querySelector<HTMLElement>('dd[data-worm="behaviour"]');
    if (dd && dd.dataset['colour'] !== behaviour) {
      dd.dataset['colour'] = behaviour;
      dd.style.color = BEHAVIOUR_COLOURS[behaviour as keyof typeof BEHAVIOUR_COLOURS];
    }
  }

  dispose(): void {}
}

export const wormView: StudioView = {
  id: 'worm',
  title: 'Worm',
  engine: WORM_ENGINE,
  fileTypes: PIECE_FILE_TYPES,
  mount: (context) => new WormView(context),
};
