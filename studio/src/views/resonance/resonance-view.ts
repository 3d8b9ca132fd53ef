/**
 * The Resonance view: the oscillators of neural resonance theory, drawn and heard. The Hopf oscillator's bifurcation
 * diagram and resonance curve, from its equations, under sliders for α, β1, β2, ε and the forcing F; a GrFNN bank
 * listening to a WAV file, its amplitudes a moving spectrum over log frequency, its pulse's beats flashing and
 * sounding (a kick); ASHLE tapping (side stick) to a metronome (hi-hat) whose tempo the slider sets, each tap's
 * asynchrony plotted as it settles. The bank also listens to the microphone (mic-input.ts → listener-worker.ts: the
 * same bank class on the microphone's envelope, and the online beat tracker over a sliding window), its beats
 * flashing and clicking (beat-clock.ts), with the input-to-flash latency and the bank's frame rate on the page.
 */
import { el } from '../../app/dom.js';
import { showRows } from '../now-rows.js';
import { StateTimeline } from '../state-timeline.js';
import type { StudioView, ViewContext, ViewFrame, ViewInstance } from '../view.js';
import {
  METRONOME_BPM, RESONANCE_ENGINE, RESONANCE_STATE_LENGTH, ResonanceStateLayout as L, type ResonanceCommand, type ResonanceEvent,
} from '../../engines/resonance/messages.js';
import { HopfPlots, type HopfSettings } from './hopf-plots.js';
import { BankSpectrum, TapperPanel } from './live-plots.js';
import { MicInput, MicrophoneUnavailable } from './mic-input.js';
import { BeatClock, median } from './beat-clock.js';
import type { ListenerReply, ListenerRequest } from './listener-messages.js';
import { drumSample } from 'neuromusic/synth';

/** Named regimes of the canonical oscillator (Large et al. 2010; Kim & Large 2015) the buttons set. */
const REGIMES: Record<string, HopfSettings> = {
  supercritical: { alpha: 0.5, beta1: -1, beta2: 0, epsilon: 0, forcing: 0.1 },
  critical: { alpha: 0, beta1: -1, beta2: 0, epsilon: 0, forcing: 0.1 },
  subcritical: { alpha: 0.2, beta1: 1, beta2: -1, epsilon: 1, forcing: 0.02 },
  'double limit cycle': { alpha: -0.1, beta1: 1, beta2: -1, epsilon: 1, forcing: 0.005 },
};

interface Slider {
  key: keyof HopfSettings;
  label: string;
  min: number;
  max: number;
  step: number;
}

const SLIDERS: Slider[] = [
  { key: 'alpha', label: 'α', min: -1, max: 1, step: 0.01 },
  { key: 'beta1', label: 'β1', min: -2, max: 2, step: 0.01 },
  { key: 'beta2', label: 'β2', min: -2, max: 0, step: 0.01 },
  { key: 'epsilon', label: 'ε', min: 0, max: 1, step: 0.01 },
  { key: 'forcing', label: 'F', min: 0, max: 0.3, step: 0.001 },
];

class ResonanceView implements ViewInstance {
  private readonly timeline = new StateTimeline<Float32Array>(SPECTRUM_KEEP);
  private readonly hopf: HopfPlots;
  private readonly spectrum: BankSpectrum;
  private readonly tapper: TapperPanel;
  private settings: HopfSettings = { ...REGIMES['supercritical']! };
  private readonly inputs = new Map<keyof HopfSettings, [HTMLInputElement, HTMLElement]>();
  private readonly tempo: HTMLInputElement;
  private readonly tempoValue = el('span', { class: 'resonance-tempo-value' }, `${METRONOME_BPM.initial} bpm`);
  private readonly metronomeButton: HTMLButtonElement;
  private metronomeOn = true;
  private readonly heard = el('p', { class: 'resonance-heard hint' }, 'No file: open a WAV file for the bank to hear.');
  private readonly now = el('dl', { class: 'resonance-now' });
  private lastRows = 0;
  private lastStateTime = -Infinity;
  private audioName: string | undefined;
  /** The microphone: its input, its listener's worker, the states it sends (input seconds) and the beats' clock. */
  private mic: MicInput | undefined;
  private listeners: Worker[] = [];
  private readonly micTimeline = new StateTimeline<Float32Array>(SPECTRUM_KEEP);
  private micState: Float32Array | undefined;
  private readonly micShown = new Float32Array(RESONANCE_STATE_LENGTH);
  private beats: BeatClock | undefined;
  private readonly micButton = el('button', { class: 'resonance-mic', 'aria-pressed': 'false' }, 'Microphone');
  private readonly micStatus = el('p', { class: 'resonance-mic-status hint', 'data-state': 'off' }, 'The microphone is off.');
  private readonly micNow = el('dl', { class: 'resonance-mic-now' });
  /** (performance.now(), bank frames) a second apart at most: the bank's frame rate. */
  private readonly frameTimes: Array<[number, number]> = [];
  private bankMsPerFrame = NaN;
  private trackerRunMs = NaN;
  private kick: AudioBuffer | undefined;

  constructor(private readonly context: ViewContext) {
    const bifurcation = el('canvas', { class: 'resonance-bifurcation', 'aria-label': 'Hopf bifurcation diagram: limit-cycle amplitude against α' });
    const resonance = el('canvas', { class: 'resonance-curve', 'aria-label': 'Resonance curve: steady amplitude against forcing frequency' });
    const spectrum = el('canvas', { class: 'resonance-spectrum', 'aria-label': 'The GrFNN bank’s amplitudes over log frequency, moving' });
    const tapper = el('canvas', { class: 'resonance-tapper', 'aria-label': 'ASHLE’s taps against the metronome, and their asynchrony' });
    context.stage.append(el('div', { class: 'resonance-stage' }, bifurcation, resonance, spectrum, tapper));
    this.hopf = new HopfPlots(bifurcation, resonance);
    this.spectrum = new BankSpectrum(spectrum);
    this.tapper = new TapperPanel(tapper);

    this.tempo = el('input', { type: 'range', class: 'resonance-tempo', min: METRONOME_BPM.min, max: METRONOME_BPM.max, step: 1, value: METRONOME_BPM.initial, 'aria-label': 'Metronome tempo (bpm)' });
    this.tempo.addEventListener('input', () => {
      this.tempoValue.textContent = `${this.tempo.value} bpm`;
      this.send({ kind: 'tempo', bpm: Number(this.tempo.value) });
    });
    this.metronomeButton = el('button', { class: 'resonance-metronome', 'aria-pressed': 'true' }, 'Metronome on');
    this.metronomeButton.addEventListener('click', () => {
      this.metronomeOn = !this.metronomeOn;
      this.metronomeButton.setAttribute('aria-pressed', String(this.metronomeOn));
      this.metronomeButton.textContent = this.metronomeOn ? 'Metronome on' : 'Metronome off';
      this.send({ kind: 'metronome', on: this.metronomeOn });
    });
    context.panel.append(this.hopfSection(), this.tapperSection(), this.listenerSection(), el('section', {}, el('h2', {}, 'Now'), this.now), this.aboutSection());
  }

  private hopfSection(): HTMLElement {
    const rows = SLIDERS.map((s) => {
      const input = el('input', { type: 'range', class: `resonance-${s.key}`, min: s.min, max: s.max, step: s.step, value: this.settings[s.key], 'aria-label': s.label });
      const value = el('span', { class: 'resonance-value' }, this.settings[s.key].toFixed(s.step < 0.01 ? 3 : 2));
      input.addEventListener('input', () => {
        this.settings = { ...this.settings, [s.key]: Number(input.value) };
        value.textContent = Number(input.value).toFixed(s.step < 0.01 ? 3 : 2);
      });
      this.inputs.set(s.key, [input, value]);
      return el('label', { class: 'row' }, s.label, input, value);
    });
    const presets = Object.keys(REGIMES).map((name) => {
      const b = el('button', { class: 'resonance-regime', 'data-regime': name }, name);
      b.addEventListener('click', () => this.setSettings(REGIMES[name]!));
      return b;
    });
    return el('section', {}, el('h2', {}, 'Hopf oscillator'), el('div', { class: 'resonance-regimes' }, ...presets), ...rows,
      el('p', { class: 'hint' }, 'dz/dt = z(α + iω + β1|z|² + εβ2|z|⁴/(1 − ε|z|²)) + F e^{iω_F t}: the plots are drawn from its amplitude equation.'));
  }

  private tapperSection(): HTMLElement {
    return el('section', {}, el('h2', {}, 'ASHLE and the metronome'), el('label', { class: 'row' }, 'tempo', this.tempo, this.tempoValue), el('div', { class: 'buttons' }, this.metronomeButton),
      el('p', { class: 'hint' }, 'ASHLE (spontaneous 120 bpm) hears the metronome and learns its tempo; its taps (side stick) against the clicks (hi-hat).'));
  }

  private listenerSection(): HTMLElement {
    const input = el('input', { type: 'file', accept: '.wav', class: 'file-input resonance-open-wav-input', hidden: true });
    input.addEventListener('change', async () => {
      const file = input.files?.[0];
      if (file) this.openFile(file.name, new Uint8Array(await file.arrayBuffer()));
      input.value = '';
    });
    const open = el('button', { class: 'resonance-open-wav' }, 'Open WAV…');
    open.addEventListener('click', () => input.click());
    const off = el('button', { class: 'resonance-audio-off' }, 'No audio');
    off.addEventListener('click', () => this.send({ kind: 'audio-off' }));
    this.micButton.addEventListener('click', () => void (this.mic ? this.stopMicrophone() : this.startMicrophone()));
    return el('section', {}, el('h2', {}, 'GrFNN listener'), el('div', { class: 'buttons' }, open, input, off, this.micButton), this.heard, this.micStatus, this.micNow);
  }

  /** Asks for the microphone; says on the page why when it cannot have it. */
  private async startMicrophone(): Promise<void> {
    this.micButton.disabled = true;
    const workers = (['bank', 'tracker'] as const).map((part) => ({ part, worker: new Worker(new URL('./listener-worker.ts', import.meta.url), { type: 'module', name: 'neuromusic-listener' }) }));
    const sound = this.context.sound;
    let started = false;
    const mic = new MicInput((samples) => {
      if (!started) {
        started = true;
        for (const { part, worker } of workers) worker.postMessage({ type: 'start', sampleRate: mic.sampleRate, part } satisfies ListenerRequest);
      }
      workers[0]!.worker.postMessage({ type: 'audio', samples: samples.slice() } satisfies ListenerRequest);
      workers[1]!.worker.postMessage({ type: 'audio', samples } satisfies ListenerRequest, [samples.buffer]);
    }, sound?.context);
    try {
      // The microphone button is a gesture: the clicks' AudioContext may start now.
      await sound?.context.resume();
      await mic.start();
    } catch (err) {
      for (const { worker } of workers) worker.terminate();
      this.micButton.disabled = false;
      const message = err instanceof MicrophoneUnavailable ? err.message : `The microphone could not be started: ${(err as Error).message}`;
      this.micStatus.textContent = message;
      this.micStatus.setAttribute('data-state', 'problem');
      this.micStatus.setAttribute('data-problem', message);
      this.context.notify(message, 'error');
      return;
    }
    this.mic = mic;
    this.listeners = workers.map((w) => w.worker);
    this.micTimeline.clear();
    this.micState = undefined;
    this.frameTimes.length = 0;
    this.flashesShown = 0;
    this.beats = new BeatClock((t) => mic.wallAt(t), (wallMs) => this.click(wallMs));
    for (const { worker } of workers) worker.onmessage = (e: MessageEvent<ListenerReply>) => this.onListener(e.data);
    this.micButton.disabled = false;
    this.micButton.setAttribute('aria-pressed', 'true');
    this.micButton.textContent = 'Microphone on';
    this.micStatus.removeAttribute('data-problem');
    this.micStatus.setAttribute('data-state', 'listening');
    this.micStatus.textContent = 'Listening to the microphone: the bank hears its onsets; the online tracker’s beats flash and click (a kick).';
    this.context.notify('the bank hears the microphone');
  }

  private stopMicrophone(): void {
    this.mic?.stop();
    for (const w of this.listeners) w.terminate();
    this.mic = undefined;
    this.listeners = [];
    this.beats = undefined;
    this.micState = undefined;
    this.micButton.setAttribute('aria-pressed', 'false');
    this.micButton.textContent = 'Microphone';
    this.micStatus.setAttribute('data-state', 'off');
    this.micStatus.textContent = 'The microphone is off.';
  }

  private onListener(m: ListenerReply): void {
    if (m.type === 'state') {
      this.micTimeline.push(m.state[L.TIME]!, m.state);
      this.micState = m.state;
      this.bankMsPerFrame = m.bankMsPerFrame;
      const now = performance.now();
      this.frameTimes.push([now, Math.round(m.state[L.TIME]! * 100)]);
      while (this.frameTimes.length > 2 && now - this.frameTimes[0]![0] > 1000) this.frameTimes.shift();
    } else if (m.type === 'beats') {
      this.trackerRunMs = m.runMs;
      this.beats?.onBeats(m.beats, m.periodSeconds, performance.now());
    } else {
      this.context.notify(`microphone listener: ${m.message}`, 'error');
      this.stopMicrophone();
    }
  }

  /** A kick heard at wall time `wallMs` (performance.now() ms), on the studio's output. */
  private click(wallMs: number): void {
    const sound = this.context.sound;
    if (!sound || sound.context.state !== 'running') return;
    const ctx = sound.context;
    if (!this.kick || this.kick.sampleRate !== ctx.sampleRate) {
      const k = drumSample('kick', ctx.sampleRate);
      this.kick = new AudioBuffer({ length: k.length, sampleRate: ctx.sampleRate, numberOfChannels: 1 });
      this.kick.getChannelData(0).set(k);
    }
    const ts = ctx.getOutputTimestamp();
    // The context time heard at wallMs: the output's timestamp carried forward by the wall clock.
    const when = ts.contextTime !== undefined && ts.performanceTime ? ts.contextTime + (wallMs - ts.performanceTime) / 1000 : ctx.currentTime + (wallMs - performance.now()) / 1000;
    const source = new AudioBufferSourceNode(ctx, { buffer: this.kick });
    const gain = new GainNode(ctx, { gain: 0.8 });
    source.connect(gain).connect(sound.input);
    source.start(Math.max(ctx.currentTime, when));
    source.onended = () => gain.disconnect();
  }

  private aboutSection(): HTMLElement {
    return el('section', {}, el('h2', {}, 'About'), el('p', { class: 'hint' },
      'A bank of 48 canonical oscillators (0.5–8 Hz, α = −1, β1 = −1) hears the file’s or the microphone’s spectral-flux onset envelope, causally; its pulse is the oscillator of greatest harmonic salience. The beats (a kick) are the online beat tracker’s (as `neuromusic beats --online`): on the microphone re-run over the last 8 s and extrapolated one period ahead. See docs/studio.md.'));
  }

  private setSettings(s: HopfSettings): void {
    this.settings = { ...s };
    for (const [key, [input, value]] of this.inputs) {
      input.value = String(s[key]);
      value.textContent = s[key].toFixed(key === 'forcing' ? 3 : 2);
    }
  }

  private send(command: ResonanceCommand, transfer?: Transferable[]): void {
    this.context.command(command, transfer);
  }

  openFile(name: string, bytes: Uint8Array): boolean {
    if (!name.toLowerCase().endsWith('.wav')) return false;
    this.send({ kind: 'load-audio', name, bytes }, [bytes.buffer]);
    this.context.notify(`${name}: reading…`);
    return true;
  }

  onEngineEvent(event: unknown): void {
    const e = event as ResonanceEvent;
    if (e.kind !== 'setup') return;
    this.spectrum.setFrequencies(e.frequenciesHz);
    if (e.audioName && e.audioName !== this.audioName) this.context.notify(`${e.audioName}: the bank hears it`);
    this.audioName = e.audioName;
    this.heard.textContent = e.audioName
      ? `${e.audioName} (${(e.audioSeconds ?? 0).toFixed(1)} s): its onset envelope, from the start; the beats sound as a kick.`
      : 'No file: open a WAV file for the bank to hear.';
  }

  onEngineState(time: number, state: unknown): void {
    const data = state as Float32Array;
    if (time < this.lastStateTime) {
      this.timeline.clear();
      this.tapper.clear();
    }
    this.lastStateTime = time;
    this.timeline.push(time, data);
    this.tapper.collect(data);
  }

  draw(frame: ViewFrame): void {
    this.hopf.draw(this.settings);
    const state = this.timeline.at(frame.time);
    if (this.mic && this.beats) {
      this.beats.tick(frame.now);
      this.drawMicrophone(frame.now);
    } else this.spectrum.draw(frame.time, this.timeline.between(frame.time - SPECTRUM_KEEP, frame.time), state);
    this.tapper.draw(frame.time, state);
    if (state && frame.now - this.lastRows > 200) {
      this.lastRows = frame.now;
      this.showState(state);
    }
  }

  /** The bank hearing the microphone: its latest state, the lamp lit by the beat clock's flashes. */
  private drawMicrophone(now: number): void {
    const latest = this.micState;
    if (!latest) {
      this.spectrum.draw(0, [], undefined);
      return;
    }
    const t = latest[L.TIME]!;
    const shown = this.micShown;
    shown.set(latest);
    const beats = this.beats!;
    const flash = beats.flashes[beats.flashes.length - 1];
    shown[L.BEAT_AGE] = flash ? (now - flash.wallMs) / 1000 : Infinity;
    if (flash && beats.count !== this.flashesShown) {
      // Every flash rewrites data-flashes (a test observes the changes), with its time and its latency.
      this.flashesShown = beats.count;
      this.micStatus.setAttribute('data-flash-ms', flash.wallMs.toFixed(1));
      this.micStatus.setAttribute('data-flash-latency-ms', flash.latencyMs.toFixed(1));
      this.micStatus.setAttribute('data-flashes', String(beats.count));
    }
    this.spectrum.draw(t, this.micTimeline.between(t - SPECTRUM_KEEP, t), shown);
    if (now - this.lastMicRows > 200) {
      this.lastMicRows = now;
      this.showMicrophone(latest);
    }
  }

  private lastMicRows = 0;
  private flashesShown = 0;

  /** The microphone's figures, in the panel and on the status line's data attributes (for automation). */
  private showMicrophone(s: Float32Array): void {
    const beats = this.beats!;
    const ft = this.frameTimes;
    const fps = ft.length >= 2 && ft[ft.length - 1]![0] > ft[0]![0] ? (1000 * (ft[ft.length - 1]![1] - ft[0]![1])) / (ft[ft.length - 1]![0] - ft[0]![0]) : NaN;
    const latency = median(beats.flashes.map((f) => f.latencyMs));
    const decided = median(beats.decided);
    const predicted = beats.flashes.filter((f) => f.predicted).length;
    const period = beats.periodSeconds;
    const ms = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(0)} ms` : '—');
    const num = (v: number): number => (Number.isFinite(v) ? v : -1);
    showRows(this.micNow, 'data-mic', [
      ['mic pulse', Number.isFinite(s[L.PULSE_HZ]!) ? `${s[L.PULSE_HZ]!.toFixed(2)} Hz` : '—', num(s[L.PULSE_HZ]!)],
      ['mic peak', `${s[L.PEAK_HZ]!.toFixed(2)} Hz`, num(s[L.PEAK_HZ]!)],
      ['tracker', Number.isFinite(period) ? `${(60 / period).toFixed(1)} bpm · ${beats.count} beats` : `${beats.count} beats`, num(Number.isFinite(period) ? 60 / period : NaN)],
      ['input → flash', `${ms(latency)} (median; ${predicted}/${beats.flashes.length} predicted)`, num(latency)],
      ['tracker decides', `${ms(decided)} after the beat (re-run ${ms(this.trackerRunMs)})`, num(decided)],
      ['bank rate', `${Number.isFinite(fps) ? fps.toFixed(0) : '—'} frames/s · ${Number.isFinite(this.bankMsPerFrame) ? this.bankMsPerFrame.toFixed(2) : '—'} ms a frame`, num(fps)],
    ]);
    const st = this.micStatus;
    st.setAttribute('data-seconds', s[L.TIME]!.toFixed(2));
    st.setAttribute('data-bank-fps', String(num(fps)));
    st.setAttribute('data-latency-ms', String(num(latency)));
    st.setAttribute('data-decided-ms', String(num(decided)));
    st.setAttribute('data-reader', this.mic?.reader ?? '');
    st.setAttribute('data-pulse-hz', String(num(s[L.PULSE_HZ]!)));
    st.setAttribute('data-peak-hz', String(num(s[L.PEAK_HZ]!)));
    st.setAttribute('data-tracker-bpm', String(num(Number.isFinite(period) ? 60 / period : NaN)));
  }

  private showState(s: Float32Array): void {
    const num = (v: number): number => (Number.isFinite(v) ? v : -1);
    const ms = (v: number): string => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '—');
    const pulse = s[L.PULSE_HZ]!;
    const peak = s[L.PEAK_HZ]!;
    showRows(this.now, 'data-resonance', [
      ['metronome', s[L.METRONOME_HZ]! > 0 ? `${(60 * s[L.METRONOME_HZ]!).toFixed(0)} bpm` : 'off', s[L.METRONOME_HZ]!],
      ['ASHLE', `${(60 * s[L.MOTOR_HZ]!).toFixed(1)} bpm learned`, s[L.MOTOR_HZ]!],
      ['asynchrony', ms(s[L.ASYNCHRONY_MS]!), num(s[L.ASYNCHRONY_MS]!)],
      ['mean', ms(s[L.MEAN_ASYNCHRONY_MS]!), num(s[L.MEAN_ASYNCHRONY_MS]!)],
      ['spread', ms(s[L.SD_ASYNCHRONY_MS]!), num(s[L.SD_ASYNCHRONY_MS]!)],
      ['pulse', Number.isFinite(pulse) ? `${pulse.toFixed(2)} Hz · ${(60 * pulse).toFixed(0)} bpm` : '—', num(pulse)],
      ['peak', Number.isFinite(peak) ? `${peak.toFixed(2)} Hz` : '—', num(peak)],
      ['block', `${s[L.BLOCK_MS]!.toFixed(2)} ms`, s[L.BLOCK_MS]!],
    ]);
  }

  dispose(): void {
    this.stopMicrophone();
  }
}

/** Seconds of states kept (the moving spectrum's width). */
const SPECTRUM_KEEP = 8;

export const resonanceView: StudioView = {
  id: 'resonance',
  title: 'Resonance',
  engine: RESONANCE_ENGINE,
  fileTypes: ['.wav'],
  mount: (context) => new ResonanceView(context),
};
