/**
 * The Worm view, "the worm plays": the C. elegans model crawling live in the worker, its muscle contractions
 * played on the piano. The stage shows the worm on its plate with its trail (coloured by behaviour), the neural
 * circuit lighting with activity, and the muscles with the notes they strike; the panel sets the environment
 * (water ↔ agar), the command (or a command script), the key and note rate, and shows the recorded performance.
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
import type { StudioView, ViewContext, ViewFrame, ViewInstance } from '../view.js';
import {
  ACTION_ORDER, BEHAVIOUR_ORDER, WORM_ENGINE, WormStateLayout,
  type WormCommand, type WormControlsSummary, type WormDescription, type WormEvent,
} from '../../engines/worm/messages.js';
import { COMMAND_ACTIONS, type CommandAction } from '../../../../src/engines/worm/command.js';
import { SCALES } from '../../../../src/score/scales.js';
import { pitchClassName } from '../../../../src/score/pitch.js';

const ACTION_LABELS: Record<CommandAction, string> = {
  forward: '↑ forward',
  reverse: '↓ reverse',
  'turn-left': '↰ turn left',
  'turn-right': '↱ turn right',
  pause: '■ pause',
};

const BEHAVIOUR_LABELS: Record<string, string> = { forward: 'crawling forward', backward: 'crawling backward', turn: 'turning', pause: 'pausing' };

/** Names the medium value: water, agar, or the mix between. */
export function mediumName(medium: number): string {
  if (medium <= 0.001) return 'water';
  if (medium >= 0.999) return 'agar';
  return `${Math.round(medium * 100)} % agar`;
}

class WormView implements ViewInstance {
  private readonly timeline = new StateTimeline<Float32Array>(1);
  private layout: WormStateLayout | undefined;
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
  private lastStatus = 0;
  private lastTime = 0;

  constructor(private readonly context: ViewContext) {
    const arenaCanvas = el('canvas', { class: 'worm-arena', 'aria-label': 'The worm on its plate, with its trail' });
    const circuitCanvas = el('canvas', { class: 'worm-circuit', 'aria-label': 'Neural circuit: command interneurons and motor neurons' });
    const stripCanvas = el('canvas', { class: 'worm-music', 'aria-label': 'Muscles and the notes they strike' });
    context.stage.append(el('div', { class: 'worm-stage' }, arenaCanvas, el('div', { class: 'worm-instruments' }, circuitCanvas, stripCanvas)));
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
    context.panel.append(this.environmentSection(), this.commandSection(), this.musicSection(), this.nowSection(), this.performanceSection());
  }

  private environmentSection(): HTMLElement {
    this.medium.addEventListener('input', () => {
      this.draggingMedium = true;
      this.mediumValue.textContent = mediumName(Number(this.medium.value));
    });
    this.medium.addEventListener('change', () => {
      this.draggingMedium = false;
      this.send({ kind: 'environment', medium: Number(this.medium.value) });
    });
    return el('section', {},
      el('h2', {}, 'Environment'),
      el('label', { class: 'row' }, 'water ↔ agar', this.medium, this.mediumValue),
      el('p', { class: 'hint' }, 'Drag along and across the body, from water (the worm swims, 0.08 mm/s) to agar (it crawls, 0.22 mm/s), interpolated as in Boyle, Berri & Cohen 2012.'),
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
    restart.addEventListener('click', () => this.send({ kind: 'restart' }));
    return el('section', {},
      el('h2', {}, 'Performance'),
      el('p', { class: 'hint' }, 'Commands are recorded: going back replays them, and MIDI, WAV and WCON export the performance from the start to the furthest point played. The drive as a script (neuromusic worm simulate --command):'),
      this.recorded,
      el('div', { class: 'buttons' }, restart),
    );
  }

  private send(command: WormCommand): void {
    this.context.command(command);
  }

  onEngineEvent(event: unknown): void {
    const e = event as WormEvent;
    if (e.kind === 'circuit') this.setCircuit(e);
    else if (e.kind === 'controls') this.showControls(e);
  }

  private setCircuit(d: WormDescription): void {
    this.layout = new WormStateLayout(d.rods, d.neuronNames.length, d.muscleNames.length);
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
    this.timeline.push(time, data);
    if (this.layout) this.strip.collect(time, data, this.layout);
  }

  draw(frame: ViewFrame): void {
    const state = this.timeline.at(frame.time);
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

  /** The panel's live numbers and the command in force (a few times a second: DOM writes are not free). */
  private showState(state: Float32Array, behaviour: string): void {
    const L = WormStateLayout;
    const action = ACTION_ORDER[state[L.ACTION]!];
    for (const [a, button] of this.actionButtons) {
      const pressed = String(a === action);
      if (button.getAttribute('aria-pressed') !== pressed) button.setAttribute('aria-pressed', pressed);
    }
    if (!this.draggingMedium && this.medium.value !== String(state[L.MEDIUM])) {
      this.medium.value = String(state[L.MEDIUM]);
      this.mediumValue.textContent = mediumName(state[L.MEDIUM]!);
    }
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
  mount: (context) => new WormView(context),
};
