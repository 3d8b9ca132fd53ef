/**
 * The Duet view: the Neural Duet (an ASHLE drummer, a Lorenz melodist, a GrFNN listener) steered by EEG. The panel
 * picks the EEG (the twin in a mental state, or an EDF recording) and what the listener hears (the drummer, a WAV
 * file, or a camera's motion); the stage shows the 14 channels scrolling, the biomarkers and the controls they
 * steer, the three oscillators moving and, with the camera, its picture and motion. The melody plays on the modal
 * piano, the drums on the worklet's kit.
 */
import { el } from '../../app/dom.js';
import { showRows } from '../now-rows.js';
import { StateTimeline } from '../state-timeline.js';
import type { StudioView, ViewContext, ViewFrame, ViewInstance } from '../view.js';
import {
  DUET_ENGINE, DUET_TWIN_STATES, DuetStateLayout as L, type DuetCommand, type DuetEvent, type DuetTwinState,
} from '../../engines/duet/messages.js';
import { CameraInput, CameraUnavailable, CAMERA_HEIGHT, CAMERA_WIDTH, type CameraSample } from './camera.js';
import { CameraPanel } from './camera-panel.js';
import { LensToSound } from './lens-to-sound.js';
import { EegTraces } from './eeg-traces.js';
import { DuetMeters } from './duet-meters.js';
import { Oscillators } from './oscillators.js';

/** What each state of the twin does to its EEG (TWIN_STATE_PROFILES in src/engines/duet/eeg-twin.ts). */
const STATE_HINTS: Record<DuetTwinState, string> = {
  neutral: 'as at baseline',
  stressed: 'high beta and temporal muscle up, alpha down',
  focused: 'frontal low beta up, fewer blinks',
  relaxed: 'posterior alpha up, beta down',
  meditative: 'frontal-midline theta up',
};

class DuetView implements ViewInstance {
  private readonly timeline = new StateTimeline<Float32Array>(10);
  private readonly traces: EegTraces;
  private readonly meters: DuetMeters;
  private readonly oscillators: Oscillators;
  private readonly stateButtons: HTMLButtonElement[];
  private readonly source: HTMLElement;
  private readonly heard: HTMLElement;
  /** Who drums (ASHLE or the trained surrogate), and the two buttons that choose. */
  private readonly drummerNote = el('p', { class: 'duet-drummer hint' });
  private readonly drummerButtons: HTMLButtonElement[] = [];
  private readonly now: HTMLElement;
  private lastStateTime = -Infinity;
  private lastRows = 0;
  private input: DuetEvent | undefined;
  private readonly stage: HTMLElement;
  private readonly camera: CameraInput;
  private readonly cameraPanel: CameraPanel;
  private readonly cameraButton: HTMLButtonElement;
  private readonly cameraStatus: HTMLElement;
  private readonly lensToSound = new LensToSound();
  private lastCameraStatus = 0;

  constructor(private readonly context: ViewContext) {
    const eeg = el('canvas', { class: 'duet-eeg', 'aria-label': 'The 14 EEG channels, the last five seconds' });
    const meters = el('canvas', { class: 'duet-meters', 'aria-label': 'Biomarkers and the controls they steer' });
    const oscillators = el('canvas', { class: 'duet-oscillators', 'aria-label': 'The drummer’s phase, the listener’s resonance, the Lorenz trajectory' });
    const camera = el('canvas', { class: 'duet-camera', 'aria-label': 'The camera: its picture with the moving mass marked, and the motion energy' });
    this.camera = new CameraInput((sample) => this.cameraSample(sample));
    this.stage = el('div', { class: 'duet-stage' }, eeg, meters, oscillators, camera, this.camera.video);
    context.stage.append(this.stage);
    this.traces = new EegTraces(eeg);
    this.meters = new DuetMeters(meters);
    this.oscillators = new Oscillators(oscillators);
    this.cameraPanel = new CameraPanel(camera);
    this.cameraButton = el('button', { class: 'duet-camera-on', 'aria-pressed': 'false', title: 'The camera’s motion: its energy is what the listener hears, its height the melodist’s register' }, 'Camera');
    this.cameraButton.addEventListener('click', () => void this.startCamera());
    this.cameraStatus = el('p', { class: 'duet-camera-status hint', hidden: true });

    this.stateButtons = DUET_TWIN_STATES.map((state) => {
      const b = el('button', { class: 'duet-state', 'data-state': state, 'aria-pressed': state === 'neutral' ? 'true' : 'false', title: STATE_HINTS[state] }, state);
      b.addEventListener('click', () => this.send({ kind: 'twin-state', state }));
      return b;
    });
    this.source = el('p', { class: 'duet-source hint' });
    this.heard = el('p', { class: 'duet-heard hint' });
    this.now = el('dl', { class: 'duet-now' });
    context.panel.append(this.eegSection(), this.listenerSection(), this.drummerSection(), el('section', {}, el('h2', {}, 'Now'), this.now), this.aboutSection());
  }

  private eegSection(): HTMLElement {
    const open = fileButton('Open EDF…', '.edf', 'duet-open-edf', (name, bytes) => this.openFile(name, bytes));
    const twin = el('button', { class: 'duet-twin' }, 'EEG twin');
    twin.addEventListener('click', () => this.send({ kind: 'eeg-twin' }));
    return el('section', {},
      el('h2', {}, 'EEG'),
      el('div', { class: 'duet-states' }, ...this.stateButtons),
      el('div', { class: 'buttons' }, twin, open),
      this.source,
    );
  }

  private listenerSection(): HTMLElement {
    const open = fileButton('Open WAV…', '.wav', 'duet-open-wav', (name, bytes) => this.openFile(name, bytes));
    const drummer = el('button', { class: 'duet-hear-drummer' }, 'Its drummer');
    drummer.addEventListener('click', () => {
      this.stopCamera();
      this.send({ kind: 'audio-off' });
    });
    return el('section', {}, el('h2', {}, 'Listener hears'), el('div', { class: 'buttons' }, drummer, open, this.cameraButton), this.heard, this.cameraStatus);
  }

  /** ASHLE integrated, or the TCN surrogate shipped with neuromusic (models/ashle-surrogate, fetched from the server). */
  private drummerSection(): HTMLElement {
    const ashle = el('button', { class: 'duet-drummer-ashle', 'data-drummer': 'ASHLE' }, 'ASHLE');
    ashle.addEventListener('click', () => this.send({ kind: 'drummer', model: 'ashle' }));
    const surrogate = el('button', { class: 'duet-drummer-surrogate', 'data-drummer': 'TCN surrogate of ASHLE' }, 'TCN surrogate');
    surrogate.addEventListener('click', () => void this.loadSurrogate());
    this.drummerButtons.push(ashle, surrogate);
    return el('section', {}, el('h2', {}, 'Drummer'), el('div', { class: 'buttons' }, ashle, surrogate), this.drummerNote);
  }

  /** Fetches the shipped surrogate's model.json and weights.bin and hands them to the engine. */
  private async loadSurrogate(): Promise<void> {
    try {
      const base = new URL('models/ashle-surrogate/', document.baseURI);
      const [json, weights] = await Promise.all([
        fetch(new URL('model.json', base)).then((r) => (r.ok ? r.text() : Promise.reject(new Error(`model.json: HTTP ${r.status}`)))),
        fetch(new URL('weights.bin', base)).then((r) => (r.ok ? r.arrayBuffer() : Promise.reject(new Error(`weights.bin: HTTP ${r.status}`)))),
      ]);
      const bytes = new Uint8Array(weights);
      this.send({ kind: 'drummer', model: 'surrogate', modelJson: json, weights: bytes }, [bytes.buffer]);
    } catch (err) {
      this.context.notify(`the TCN surrogate could not load: ${(err as Error).message}`);
    }
  }

  /** Asks for the camera; a refusal or a missing camera is said on the page. */
  private async startCamera(): Promise<void> {
    if (this.camera.running) return;
    this.cameraButton.disabled = true;
    try {
      await this.camera.start();
    } catch (err) {
      if (!(err instanceof CameraUnavailable)) throw err;
      this.cameraStatus.hidden = false;
      this.cameraStatus.textContent = err.message;
      this.cameraStatus.setAttribute('data-problem', 'true');
      this.context.notify(err.message, 'error');
      return;
    } finally {
      this.cameraButton.disabled = false;
    }
    this.cameraStatus.removeAttribute('data-problem');
    this.cameraStatus.hidden = false;
    this.cameraStatus.textContent = 'Camera starting…';
    this.cameraPanel.clear();
    this.lensToSound.clear();
    this.stage.classList.add('camera-on');
    this.cameraButton.setAttribute('aria-pressed', 'true');
    this.send({ kind: 'camera-on' });
  }

  private stopCamera(): void {
    if (!this.camera.running) return;
    this.camera.stop();
    this.stage.classList.remove('camera-on');
    this.cameraButton.setAttribute('aria-pressed', 'false');
    this.cameraStatus.hidden = true;
  }

  /** A camera frame's features: to the engine at once, and kept for the picture and the latency. */
  private cameraSample(s: CameraSample): void {
    const packed = Float64Array.of(s.frame, s.energy, s.envelope, s.y);
    this.context.liveInput(packed, [packed.buffer]);
    this.cameraPanel.collect(s);
    this.lensToSound.captured(s.frame, s.captureMs);
    const st = this.cameraStatus;
    st.setAttribute('data-frames', String(s.frame + 1));
    st.setAttribute('data-energy', String(s.energy));
    st.setAttribute('data-envelope', String(s.envelope));
    st.setAttribute('data-y', String(s.y));
    if (s.readyMs - this.lastCameraStatus > 250) {
      this.lastCameraStatus = s.readyMs;
      const fps = this.camera.fps();
      const latency = this.lensToSound.medianMs();
      st.setAttribute('data-fps', String(fps));
      st.setAttribute('data-process-ms', String(this.camera.processMs));
      st.setAttribute('data-capture-to-ready-ms', String(s.readyMs - s.captureMs));
      st.setAttribute('data-latency-ms', String(latency));
      st.setAttribute('data-capture-times', String(this.camera.captureTimes));
      st.textContent = `Camera ${this.camera.sourceWidth}×${this.camera.sourceHeight} at ${fps.toFixed(1)} fps, read at ${CAMERA_WIDTH}×${CAMERA_HEIGHT}` +
        ` (${this.camera.processMs.toFixed(1)} ms a frame); lens to sound ${Number.isFinite(latency) ? `${latency.toFixed(0)} ms` : '— (press play)'}.`;
    }
  }

  private aboutSection(): HTMLElement {
    return el('section', {},
      el('h2', {}, 'How it plays'),
      el('p', { class: 'hint' }, 'Every 1/8 s a block of EEG (16 samples of 14 channels) reaches the biomarker tracker: band powers over the last 2 s, z-scored against a baseline (the twin at rest, or a recording’s first 10 s). The mapping turns stress into the melodist’s ρ, relaxation into the drummer’s λ2, attention into tempo and engagement into note density, smoothed over 2 s. The drummer plays the kit on its beat, the Lorenz melodist the piano in D minor. With the camera, each frame’s motion energy is what the listener hears, and the height of the movement pulls the melody up or down.'),
    );
  }

  private send(command: DuetCommand, transfer?: Transferable[]): void {
    this.context.command(command, transfer);
  }

  openFile(name: string, bytes: Uint8Array): boolean {
    const lower = name.toLowerCase();
    if (lower.endsWith('.edf')) this.send({ kind: 'load-edf', name, bytes }, [bytes.buffer]);
    else if (lower.endsWith('.wav')) {
      this.stopCamera();
      this.send({ kind: 'load-audio', name, bytes }, [bytes.buffer]);
    } else return false;
    this.context.notify(`${name}: reading…`);
    return true;
  }

  onEngineEvent(event: unknown): void {
    const e = event as DuetEvent;
    if (e.kind !== 'input') return;
    const replaced = this.input && (this.input.edfName !== e.edfName || this.input.audioName !== e.audioName || this.input.eeg !== e.eeg || this.input.drummer !== e.drummer);
    if (e.eeg === 'edf' && e.edfName !== this.input?.edfName) this.context.notify(`${e.edfName}: ${e.edfSeconds.toFixed(1)} s of the 14 positions at 128 Hz, streaming`);
    if (e.audioName && e.audioName !== this.input?.audioName) this.context.notify(`${e.audioName}: the listener hears it`);
    this.input = e;
    if (replaced) this.rewind();
    this.traces.setLabels(e.eeg === 'edf' ? e.edfChannels : e.channels);
    // For automation: the engine time from which the twin's new state reaches the biomarkers.
    this.source.setAttribute('data-twin-since', String(e.twinSince));
    for (const b of this.stateButtons) b.setAttribute('aria-pressed', e.eeg === 'twin' && b.dataset.state === e.twinState ? 'true' : 'false');
    this.source.textContent = e.eeg === 'edf'
      ? `${e.edfName}: ${e.edfSeconds.toFixed(1)} s at 128 Hz (looping), baseline its first ${e.baselineSeconds} s.`
      : `The EEG twin, ${e.twinState} (${STATE_HINTS[e.twinState]}); a change cross-fades over 2 s. Baseline: the twin at rest, ${e.baselineSeconds} s.`;
    for (const b of this.drummerButtons) b.setAttribute('aria-pressed', b.dataset.drummer === e.drummer ? 'true' : 'false');
    this.drummerNote.textContent = e.drummer === 'ASHLE'
      ? 'ASHLE’s motor oscillator, integrated by RK4 at 256 Hz.'
      : 'A dilated causal convolutional network trained to imitate ASHLE (neuromusic surrogate train), run sample by sample at 64 Hz in the worker.';
    // The engine still hears a camera this page no longer runs (the view was left and opened again): stop it there.
    if (e.camera && !this.camera.running) this.send({ kind: 'camera-off' });
    this.heard.textContent = e.audioName
      ? `${e.audioName} (${e.audioSeconds.toFixed(1)} s): its onset envelope; the drummer entrains to what the listener hears.`
      : e.camera
        ? 'The camera: its motion energy is what the listener hears (the drummer entrains to it); the height of the moving mass pulls the melody up or down.'
        : 'The drummer’s own strokes (kick, snare, hi-hat).';
  }

  onEngineState(time: number, state: unknown): void {
    const data = state as Float32Array;
    if (time < this.lastStateTime) this.rewind();
    this.lastStateTime = time;
    this.timeline.push(time, data);
    this.traces.collect(data);
    this.lensToSound.applied(data[L.MOTION_FRAME]!, data[L.MOTION_SINCE]!);
  }

  private rewind(): void {
    this.timeline.clear();
    this.traces.clear();
    this.lensToSound.clear();
    this.lastStateTime = -Infinity;
  }

  draw(frame: ViewFrame): void {
    const state = this.timeline.at(frame.time);
    const recent = this.timeline.between(frame.time - 4, frame.time);
    this.traces.draw(frame.time);
    this.meters.draw(state, thin(recent, 4));
    this.oscillators.draw(state, recent);
    if (this.camera.running) {
      this.lensToSound.playhead(frame.time, frame.now, frame.playing);
      this.cameraPanel.draw(this.camera, { fps: this.camera.fps(), processMs: this.camera.processMs, latencyMs: this.lensToSound.medianMs() }, frame.now);
    }
    if (state && frame.now - this.lastRows > 200) {
      this.lastRows = frame.now;
      this.showState(state);
    }
  }

  private showState(s: Float32Array): void {
    const f = (at: number, digits: number): [string, number] => [s[at]!.toFixed(digits), s[at]!];
    const row = (label: string, at: number, digits: number, unit = ''): [string, string, number] => {
      const [text, value] = f(at, digits);
      return [label, `${text}${unit}`, value];
    };
    const hz = s[L.LISTENER_HZ]!;
    showRows(this.now, 'data-duet', [
      row('rho', L.RHO, 2),
      row('lambda2', L.LAMBDA2, 3, ' /s'),
      row('tempo', L.TEMPO, 3, '×'),
      row('density', L.DENSITY, 3),
      row('stress', L.STRESS, 2, ' σ'),
      row('attention', L.ATTENTION, 2, ' σ'),
      row('engagement', L.ENGAGEMENT, 2, ' σ'),
      row('relaxation', L.RELAXATION, 2, ' σ'),
      ['drummer', `${(60 * s[L.DRUMMER_HZ]!).toFixed(1)} bpm`, s[L.DRUMMER_HZ]!],
      ['listener', Number.isFinite(hz) ? `${hz.toFixed(2)} Hz · PLV ${s[L.LISTENER_PLV]!.toFixed(2)}` : '—', Number.isFinite(hz) ? hz : -1],
      ['eeg', s[L.TWIN_STATE]! >= 0 ? `twin, ${DUET_TWIN_STATES[s[L.TWIN_STATE]!]}` : (this.input?.edfName ?? 'recording'), s[L.TWIN_STATE]!],
      ['block', `${s[L.BLOCK_MS]!.toFixed(2)} ms`, s[L.BLOCK_MS]!],
    ]);
  }

  dispose(): void {
    if (this.camera.running) this.send({ kind: 'camera-off' });
    this.camera.stop();
  }
}

/** Every k-th entry (a lighter trace). */
function thin<T>(xs: readonly T[], k: number): T[] {
  const out: T[] = [];
  for (let i = 0; i < xs.length; i += k) out.push(xs[i]!);
  return out;
}

/** A button that opens a file of one type (and its hidden input). */
function fileButton(label: string, accept: string, cls: string, open: (name: string, bytes: Uint8Array) => void): HTMLElement {
  const input = el('input', { type: 'file', accept, class: `file-input ${cls}-input`, hidden: true });
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (file) open(file.name, new Uint8Array(await file.arrayBuffer()));
    input.value = '';
  });
  const button = el('button', { class: cls }, label);
  button.addEventListener('click', () => input.click());
  return el('span', { class: 'duet-file' }, button, input);
}

export const duetView: StudioView = {
  id: 'duet',
  title: 'Duet',
  engine: DUET_ENGINE,
  fileTypes: ['.edf', '.wav'],
  mount: (context) => new DuetView(context),
};
