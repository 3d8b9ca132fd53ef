/**
 * The studio page: wires the layout, the engine worker, the audio output, MIDI out and the registered views.
 * One animation loop reads the playhead from the audio clock (through the worker's anchors) and draws the
 * active view; everything heavy happens in the worker (engines) or the worklet (sound).
 */
import { createLayout, type Layout } from './layout.js';
import { el } from './dom.js';
import { EngineClient } from './engine-client.js';
import { TransportBar } from './transport-bar.js';
import { OutputControls, download } from './output-controls.js';
import { FrameStats } from './frame-stats.js';
import { drawMeter } from './meter.js';
import { AudioOutput } from '../audio/audio-output.js';
import { MidiOutput } from '../audio/midi-output.js';
import { AnchorHistory } from '../timeline.js';
import { registeredViews } from '../views/registry.js';
import type { StudioView, ViewInstance } from '../views/view.js';
import type { EngineInfo, ExportFormat } from '../protocol.js';
import { fileExtension } from 'neuromusic/formats';

/** Biggest file the page will read from a drop (MIDI files are small; this stops accidents). */
const MAX_DROP_BYTES = 64 << 20;

export class StudioApp {
  readonly frames = new FrameStats();
  readonly layout: Layout;
  readonly anchors = new AnchorHistory();
  info: EngineInfo = { title: '', duration: 0, nativeBpm: 120, seeded: false, exports: ['midi', 'wav'] };
  active: { view: StudioView; instance: ViewInstance } | undefined;
  /** The engine that plays: the active view's own, or one it follows (the Notation view following a live engine). */
  activeEngine: string | undefined;
  private readonly transport: TransportBar;
  private readonly outputs: OutputControls;
  private readonly midi = new MidiOutput();
  private exportId = 0;
  private readonly exports = new Map<number, ExportFormat>();
  private lastStatus = 0;
  private messageTimer: ReturnType<typeof setTimeout> | undefined;
  /** Level of the loudest frame since the last read (for tests and the meter's hold). */
  peakLevel = 0;

  constructor(
    root: HTMLElement,
    readonly audio: AudioOutput,
    readonly engine: EngineClient,
  ) {
    this.layout = createLayout(root);
    this.transport = new TransportBar(this.layout.transport, {
      playPause: () => void this.playPause(),
      seek: (time) => this.engine.send({ type: 'seek', time }),
      tempo: () => this.sendSettings(),
      seed: () => this.sendSettings(),
      volume: (v) => this.audio.setVolume(v),
    });
    this.outputs = new OutputControls(this.layout.outputs, this.midi, {
      export: (format) => this.export(format),
      notify: (m, kind) => this.notify(m, kind),
      instrument: (kind, registration) => this.audio.setInstrument(kind, registration),
    });
    this.listen();
    this.buildTabs();
    this.acceptDrops();
    this.acceptKeys();
  }

  /** Starts the worker and shows the view named in the URL hash (or the first). */
  async start(): Promise<void> {
    const ready = this.engine.next('ready');
    const port = this.audio.workerPort();
    this.engine.send({ type: 'init', sampleRate: this.audio.sampleRate, worklet: port }, [port]);
    await ready;
    const wanted = location.hash.slice(1);
    const views = registeredViews();
    this.show(views.find((v) => v.id === wanted) ?? views[0]!);
    requestAnimationFrame((t) => this.frame(t));
  }

  /** Whether the transport is playing (by the anchor in force now or about to start). */
  get playing(): boolean {
    return this.anchors.latest().playing;
  }

  /** Engine seconds at the playhead, now. */
  time(now = performance.now()): number {
    return this.anchors.timeAt(this.audio.heardFrame(now), this.audio.sampleRate);
  }

  async playPause(): Promise<void> {
    if (this.playing) {
      this.engine.send({ type: 'pause' });
      return;
    }
    await this.audio.resume();
    this.engine.send({ type: 'play' });
  }

  /** Shows a message in the status bar for a few seconds. */
  notify(message: string, kind: 'info' | 'error' = 'info'): void {
    const m = this.layout.message;
    m.textContent = message;
    m.className = `message ${kind}`;
    clearTimeout(this.messageTimer);
    this.messageTimer = setTimeout(() => {
      m.textContent = '';
    }, kind === 'error' ? 12_000 : 5000);
  }

  /** Mounts a view (unmounting the current one) and makes its engine the one that plays. */
  show(view: StudioView): void {
    if (this.active?.view === view) return;
    this.active?.instance.dispose();
    this.layout.stage.replaceChildren();
    this.layout.panel.replaceChildren();
    for (const tab of this.layout.tabs.querySelectorAll('button')) tab.setAttribute('aria-selected', String(tab.dataset['view'] === view.id));
    const instance = view.mount({
      stage: this.layout.stage,
      panel: this.layout.panel,
      command: (command, transfer) => this.engine.send({ type: 'command', engine: view.engine, command }, transfer),
      liveInput: (input, transfer) => this.engine.send({ type: 'live-input', engine: view.engine, input }, transfer),
      seek: (time) => this.engine.send({ type: 'seek', time }),
      notify: (message, kind) => this.notify(message, kind),
      sound: { context: this.audio.context, input: this.audio.input },
      follow: (engine) => {
        if (this.active?.view !== view) return;
        this.select(engine ?? view.engine);
      },
    });
    this.active = { view, instance };
    history.replaceState(null, '', `#${view.id}`);
    this.select(view.engine);
  }

  /** Makes `engine` the one that plays (and whose messages reach the active view). */
  private select(engine: string): void {
    this.activeEngine = engine;
    this.engine.send({ type: 'select', engine });
    this.sendSettings();
  }

  private buildTabs(): void {
    for (const view of registeredViews()) {
      const tab = el('button', { role: 'tab', 'data-view': view.id }, view.title);
      tab.addEventListener('click', () => this.show(view));
      this.layout.tabs.append(tab);
    }
  }

  private sendSettings(): void {
    this.engine.send({ type: 'settings', seed: this.transport.seed, bpm: this.transport.tempo });
  }

  private listen(): void {
    const e = this.engine;
    e.on('anchor', (m) => this.anchors.push(m.anchor));
    e.on('info', (m) => {
      if (m.engine !== this.activeEngine) return;
      this.info = m.info;
      this.active?.instance.onEngineInfo?.(m.engine, m.info);
      this.transport.setEngine(m.info.nativeBpm, m.info.seeded, m.info.duration);
      this.outputs.offer(m.info.exports);
      document.title = m.info.title ? `${m.info.title} · neuromusic studio` : 'neuromusic studio';
    });
    e.on('event', (m) => {
      if (m.engine === this.activeEngine) this.active?.instance.onEngineEvent?.(m.event);
    });
    e.on('state', (m) => {
      if (m.engine === this.activeEngine) this.active?.instance.onEngineState?.(m.time, m.state);
    });
    const timeAt = (frame: number): number => this.anchors.timeAt(frame, this.audio.sampleRate);
    e.on('notes', (m) => {
      this.active?.instance.onNotes?.(m.notes, timeAt);
      this.midi.send(m.notes, (frame) => this.audio.performanceTimeOf(frame));
    });
    e.on('releases', (m) => {
      this.active?.instance.onReleases?.(m.releases, timeAt);
      this.midi.release(m.releases, (frame) => this.audio.performanceTimeOf(frame));
    });
    e.on('stopped', (m) => {
      this.active?.instance.onStopped?.(m.frame);
      this.midi.allNotesOff(this.audio.performanceTimeOf(m.frame));
    });
    e.on('user-error', (m) => this.notify(m.message, 'error'));
    e.on('fault', (m) => {
      console.error(`neuromusic engine worker: ${m.message}`);
      this.notify(`internal error in the engine worker: ${m.message.split('\n')[0]}`, 'error');
    });
    e.on('progress', (m) => {
      const format = this.exports.get(m.id);
      this.notify(`${format === 'wav' ? 'rendering WAV' : `writing ${format?.toUpperCase() ?? 'file'}`}… ${Math.round(m.fraction * 100)} %`);
    });
    e.on('export-failed', (m) => {
      const format = this.exports.get(m.id);
      this.exports.delete(m.id);
      if (format) this.outputs.setBusy(format, false);
    });
    e.on('exported', (m) => {
      const format = this.exports.get(m.id);
      this.exports.delete(m.id);
      if (format) this.outputs.setBusy(format, false);
      download(m.bytes as Uint8Array<ArrayBuffer>, m.fileName, m.mime);
      this.notify(`saved ${m.fileName} (${(m.bytes.length / 1024).toFixed(0)} KiB)`);
    });
  }

  private export(format: ExportFormat): void {
    const id = ++this.exportId;
    this.exports.set(id, format);
    this.outputs.setBusy(format, true);
    this.notify(format === 'wav' ? 'rendering WAV…' : `writing ${format.toUpperCase()}…`);
    this.engine.send({ type: 'export', id, format });
  }

  private acceptDrops(): void {
    const overlay = this.layout.dropOverlay;
    const hasFiles = (e: DragEvent): boolean => [...(e.dataTransfer?.types ?? [])].includes('Files');
    window.addEventListener('dragover', (e) => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      overlay.hidden = false;
    });
    window.addEventListener('dragleave', (e) => {
      if (e.relatedTarget === null) overlay.hidden = true;
    });
    window.addEventListener('drop', (e) => {
      e.preventDefault();
      overlay.hidden = true;
      const file = e.dataTransfer?.files[0];
      if (file) void this.openFile(file);
    });
  }

  /** Hands a file to the active view (a drop, or a view's own file input). */
  async openFile(file: File): Promise<void> {
    const active = this.active;
    if (!active) return;
    const types = active.view.fileTypes ?? [];
    if (!types.includes(fileExtension(file.name))) {
      this.notify(`${file.name}: the ${active.view.title} view opens ${types.join(', ') || 'no files'}`, 'error');
      return;
    }
    if (file.size > MAX_DROP_BYTES) {
      this.notify(`${file.name}: too large (${(file.size / 2 ** 20).toFixed(0)} MiB)`, 'error');
      return;
    }
    const bytes = new Uint8Array(await file.arrayBuffer());
    if (!active.instance.openFile?.(file.name, bytes)) this.notify(`${file.name}: not taken by the ${active.view.title} view`, 'error');
  }

  private acceptKeys(): void {
    window.addEventListener('keydown', (e) => {
      const target = e.target as HTMLElement;
      if (target.closest('input, select, textarea')) return;
      if (e.code === 'Space') {
        e.preventDefault();
        void this.playPause();
      } else if (e.code === 'Home') {
        this.engine.send({ type: 'seek', time: 0 });
      } else if (e.code === 'ArrowLeft' || e.code === 'ArrowRight') {
        this.engine.send({ type: 'seek', time: this.time() + (e.code === 'ArrowLeft' ? -5 : 5) });
      }
    });
  }

  private frame(t: number): void {
    const now = performance.now();
    const time = this.time(now);
    const playing = this.playing;
    const duration = this.info.duration;
    this.transport.update(time, duration, playing);
    this.active?.instance.draw({ time: Math.min(time, duration), playing, duration, now });
    const level = this.audio.level();
    this.peakLevel = Math.max(this.peakLevel, level.peak);
    drawMeter(this.transport.meter, level);
    this.frames.record(t, performance.now() - now);
    if (now - this.lastStatus > 500) {
      this.lastStatus = now;
      this.showStatus();
    }
    requestAnimationFrame((next) => this.frame(next));
  }

  private showStatus(): void {
    const a = this.audio;
    const s = a.stats;
    const parts = [`${(a.sampleRate / 1000).toFixed(1)} kHz`, `latency ${Math.round((a.context.baseLatency + (a.context.outputLatency || 0)) * 1000)} ms`];
    if (a.context.state !== 'running') parts.push(`audio ${a.context.state}`);
    if (s) parts.push(`${s.active} voice${s.active === 1 ? '' : 's'}`);
    const p = a.playbackStats();
    if (p) parts.push(`${p.underrunEvents} underrun${p.underrunEvents === 1 ? '' : 's'}`);
    this.layout.audioStatus.textContent = parts.join(' · ');
    const f = this.frames.summary();
    this.layout.frameStatus.textContent = Number.isFinite(f.fps) ? `${f.fps.toFixed(0)} fps · draw ${f.drawMedianMs.toFixed(1)} ms` : '';
  }
}
