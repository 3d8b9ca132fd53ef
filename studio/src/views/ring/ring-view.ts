/**
 * The Ring view: the nodal network (McIlwain & Pietsch 1996) playing live — the nodes on their circle with their
 * firings and the speakers around them, the weight matrix as it learns, and the guiding contours to draw on with
 * the mouse while the flocks follow. The panel sets the network (nodes, speakers, scale) and shows its activity.
 */
import { el } from '../../app/dom.js';
import { showRows } from '../now-rows.js';
import { StateTimeline } from '../state-timeline.js';
import { RingCanvas } from './ring-canvas.js';
import { WeightMatrix } from './weight-matrix.js';
import { ContourEditor } from './contour-editor.js';
import type { StudioView, ViewContext, ViewFrame, ViewInstance } from '../view.js';
import { RING_ENGINE, RingStateLayout, type RingCommand, type RingEvent, type RingSettings } from '../../engines/ring/messages.js';
import { SCALE_NAMES } from 'neuromusic/nodal';
import { pitchClassName, pitchName } from 'neuromusic/score';

const NODE_CHOICES = [8, 16, 32, 64, 128];
const SPEAKER_CHOICES = [1, 2, 4, 8, 16, 32];

class RingView implements ViewInstance {
  private readonly timeline = new StateTimeline<Float32Array>(1);
  private layout: RingStateLayout | undefined;
  private readonly ring: RingCanvas;
  private readonly weights: WeightMatrix;
  private readonly contours: ContourEditor;
  private readonly nodes: HTMLSelectElement;
  private readonly speakers: HTMLSelectElement;
  private readonly scale: HTMLSelectElement;
  private readonly root: HTMLSelectElement;
  private readonly now: HTMLElement;
  private noteSeconds = 0.5;
  private lastWeights = -1;
  private lastStatus = 0;
  private rate = { time: 0, total: 0, perSecond: 0 };

  constructor(private readonly context: ViewContext) {
    const ringCanvas = el('canvas', { class: 'ring-nodes', 'aria-label': 'The ring of nodes and speakers; click a node to fire it' });
    const weightCanvas = el('canvas', { class: 'ring-weights', 'aria-label': 'Weight matrix' });
    const contourCanvas = el('canvas', { class: 'ring-contours', 'aria-label': 'Guiding contours: draw on them to lead the flocks' });
    context.stage.append(el('div', { class: 'ring-stage' }, ringCanvas, weightCanvas, contourCanvas));
    this.ring = new RingCanvas(ringCanvas);
    this.weights = new WeightMatrix(weightCanvas);
    this.contours = new ContourEditor(contourCanvas, (which, points) => this.send({ kind: 'contour', which, points }));
    ringCanvas.addEventListener('click', (e) => {
      const box = ringCanvas.getBoundingClientRect();
      const node = this.ring.nodeAt(e.clientX - box.left, e.clientY - box.top);
      if (node >= 0) {
        this.send({ kind: 'stimulate', node });
        context.notify(`node ${node + 1} fires`);
      }
    });

    this.nodes = el('select', { class: 'ring-node-count', 'aria-label': 'Nodes' }, ...NODE_CHOICES.map((n) => el('option', { value: n }, String(n))));
    this.speakers = el('select', { class: 'ring-speaker-count', 'aria-label': 'Speakers' }, ...SPEAKER_CHOICES.map((n) => el('option', { value: n }, String(n))));
    this.scale = el('select', { class: 'ring-scale', 'aria-label': 'Scale of the pitch flock' }, ...SCALE_NAMES.map((s) => el('option', { value: s }, s)));
    this.root = el('select', { class: 'ring-root', 'aria-label': 'Root' }, ...Array.from({ length: 12 }, (_, pc) => el('option', { value: pc }, pitchClassName(pc))));
    this.now = el('dl', { class: 'ring-now' });
    context.panel.append(this.networkSection(), this.contourSection(), this.nowSection(), this.soundSection());
  }

  private networkSection(): HTMLElement {
    const apply = el('button', { class: 'ring-apply', title: 'Build a new network with these settings (the performance starts again)' }, 'New network');
    apply.addEventListener('click', () => {
      const settings: RingSettings = { nodes: Number(this.nodes.value), speakers: Number(this.speakers.value), scale: this.scale.value, root: Number(this.root.value) };
      this.send({ kind: 'network', settings });
    });
    return el('section', {},
      el('h2', {}, 'Network'),
      el('label', { class: 'row' }, 'nodes', this.nodes, el('span', {})),
      el('label', { class: 'row' }, 'speakers', this.speakers, el('span', {})),
      el('label', { class: 'row' }, 'scale', el('span', { class: 'ring-key' }, this.root, this.scale), el('span', {})),
      el('div', { class: 'buttons' }, apply),
      el('p', { class: 'hint' }, 'Each node adds up the weighted signals of the others, fires when the sum passes its threshold and then ignores input for its recovery; every signal adjusts its weight by the receiver’s recent firing interval (McIlwain & Pietsch 1996). The seed sets the initial weights and start-up order.'),
    );
  }

  private contourSection(): HTMLElement {
    const reset = el('button', { class: 'ring-reset-contours' }, 'Default contours');
    reset.addEventListener('click', () => this.send({ kind: 'reset-contours' }));
    return el('section', {},
      el('h2', {}, 'Contours'),
      el('p', { class: 'hint' }, 'Draw in the pitch or velocity lane below, ahead of the playhead: the line replaces the contour from where it starts, and the flocks follow it — with a cascade after a leap. Its last value holds after it.'),
      el('div', { class: 'buttons' }, reset),
    );
  }

  private nowSection(): HTMLElement {
    return el('section', {}, el('h2', {}, 'Now'), this.now);
  }

  private soundSection(): HTMLElement {
    return el('section', {},
      el('h2', {}, 'Sound'),
      el('p', { class: 'hint' }, 'Each firing plays its node’s speaker. In stereo the speakers stand around you: speaker 1 in front, the ring running clockwise (right, behind, left). MIDI out sends each speaker on its own channel; ⤓ WAV renders the same ring to stereo.'),
    );
  }

  private send(command: RingCommand): void {
    this.context.command(command);
  }

  onEngineEvent(event: unknown): void {
    const e = event as RingEvent;
    if (e.kind === 'network') {
      const s = e.settings;
      this.layout = new RingStateLayout(s.nodes);
      this.timeline.clear();
      this.ring.setNetwork(s.nodes, s.speakers, e.recoverySeconds);
      this.weights.setNetwork(s.nodes, e.minWeight, e.maxWeight);
      this.contours.clear();
      this.noteSeconds = e.noteSeconds;
      this.nodes.value = String(s.nodes);
      this.speakers.value = String(s.speakers);
      this.scale.value = s.scale;
      this.root.value = String(s.root);
      this.lastWeights = -1;
    } else if (e.kind === 'contours') {
      this.contours.setContours(e.pitch, e.velocity);
    }
  }

  onEngineState(time: number, state: unknown): void {
    const data = state as Float32Array;
    if (!this.layout) return;
    this.timeline.push(time, data);
    this.ring.collect(time, data, this.layout);
    this.contours.collect(time, data, this.layout);
  }

  draw(frame: ViewFrame): void {
    const state = this.timeline.at(frame.time);
    const L = this.layout;
    if (state && L && state[RingStateLayout.HAS_WEIGHTS] === 1 && state[RingStateLayout.TIME] !== this.lastWeights) {
      this.lastWeights = state[RingStateLayout.TIME]!;
      this.weights.update(state, L.weights);
    }
    this.ring.draw(state, L, frame.time, this.noteSeconds);
    this.weights.draw();
    this.contours.draw(frame.time);
    if (state && frame.now - this.lastStatus > 250) {
      this.lastStatus = frame.now;
      this.showState(state);
    }
  }

  private showState(state: Float32Array): void {
    const time = state[RingStateLayout.TIME]!;
    const total = state[RingStateLayout.TOTAL]!;
    if (time > this.rate.time + 0.9 || time < this.rate.time) {
      this.rate = { time, total, perSecond: time > this.rate.time ? (total - this.rate.total) / (time - this.rate.time) : 0 };
    }
    const rows: Array<[string, string, number]> = [
      ['firings', `${total.toFixed(0)} (${this.rate.perSecond.toFixed(1)}/s)`, total],
      ['pitch contour', pitchName(Math.round(state[RingStateLayout.PITCH_CONTOUR]!)), state[RingStateLayout.PITCH_CONTOUR]!],
      ['pitch flock', `${pitchName(Math.round(this.flockMean(state)))} mean of the nodes`, this.flockMean(state)],
      ['velocity', `${state[RingStateLayout.VELOCITY_CONTOUR]!.toFixed(0)} contour · ${state[RingStateLayout.VELOCITY_LAST]!.toFixed(0)} last`, state[RingStateLayout.VELOCITY_LAST]!],
    ];
    // data-value carries the number behind each line, for automation (the browser tests read it).
    showRows(this.now, 'data-ring', rows);
  }

  /** The mean of the nodes' last pitches: where the pitch flock is. */
  private flockMean(state: Float32Array): number {
    const L = this.layout!;
    let sum = 0;
    for (let i = 0; i < L.nodes; i++) sum += state[L.pitches + i]!;
    return sum / L.nodes;
  }

  dispose(): void {}
}

export const ringView: StudioView = {
  id: 'ring',
  title: 'Ring',
  engine: RING_ENGINE,
  mount: (context) => new RingView(context),
};
