/**
 * The transport controls in the header: play/pause, back to the start, position (time and a seek slider), tempo,
 * seed, volume and the level meter. It only reports what the user does; the app decides what happens.
 */
import { clock, el } from './dom.js';
import { icon } from './icons.js';

export interface TransportActions {
  playPause(): void;
  seek(time: number): void;
  tempo(bpm: number | null): void;
  seed(seed: number): void;
  volume(value: number): void;
}

export class TransportBar {
  readonly meter: HTMLCanvasElement;
  private readonly play: HTMLButtonElement;
  private readonly time: HTMLElement;
  private readonly slider: HTMLInputElement;
  private readonly bpm: HTMLInputElement;
  private readonly seedInput: HTMLInputElement;
  private readonly seedLabel: HTMLElement;
  private shownTime = '';
  private shownPlaying: boolean | undefined;
  private dragging = false;
  private nativeBpm = 120;

  constructor(host: HTMLElement, actions: TransportActions) {
    this.play = el('button', { class: 'play', title: 'Play / pause (space)', 'aria-label': 'Play' }, icon('play'));
    const rewind = el('button', { class: 'rewind', title: 'Back to the start (Home)', 'aria-label': 'Back to the start' }, icon('rewind'));
    this.time = el('span', { class: 'time' }, '0:00.0 / 0:00.0');
    this.slider = el('input', { type: 'range', class: 'seek', min: 0, max: 1, step: 0.01, value: 0, 'aria-label': 'Position' });
    this.bpm = el('input', { type: 'number', class: 'bpm', min: 10, max: 400, step: 1, 'aria-label': 'Tempo (quarter notes per minute)' });
    this.seedInput = el('input', { type: 'number', class: 'seed', min: 0, max: 4294967295, step: 1, value: 0, 'aria-label': 'Seed' });
    this.seedLabel = el('label', { class: 'seed-label', title: 'Seed of every random choice the engine makes: same seed, same music' }, 'seed ', this.seedInput);
    const volume = el('input', { type: 'range', class: 'volume', min: 0, max: 1, step: 0.01, value: 0.7, 'aria-label': 'Volume' });
    this.meter = el('canvas', { class: 'meter', width: 60, height: 14, 'aria-label': 'Output level' });
    host.append(
      rewind, this.play, this.time, this.slider,
      el('label', { title: 'Tempo; empty for the piece’s own' }, '♩= ', this.bpm),
      this.seedLabel,
      el('label', { class: 'volume-label', title: 'Volume' }, icon('volume'), volume),
      this.meter,
    );
    this.play.addEventListener('click', () => actions.playPause());
    rewind.addEventListener('click', () => actions.seek(0));
    this.slider.addEventListener('input', () => {
      this.dragging = true;
      this.time.textContent = `${clock(Number(this.slider.value))} / ${clock(Number(this.slider.max))}`;
    });
    this.slider.addEventListener('change', () => {
      this.dragging = false;
      actions.seek(Number(this.slider.value));
    });
    this.bpm.addEventListener('change', () => {
      const v = Number(this.bpm.value);
      if (this.bpm.value === '' || !(v >= 10 && v <= 400)) {
        this.bpm.value = '';
        actions.tempo(null);
      } else actions.tempo(v);
    });
    this.seedInput.addEventListener('change', () => {
      const v = Math.floor(Number(this.seedInput.value));
      const seed = Number.isFinite(v) ? Math.min(4294967295, Math.max(0, v)) : 0;
      this.seedInput.value = String(seed);
      actions.seed(seed);
    });
    volume.addEventListener('input', () => actions.volume(Number(volume.value)));
  }

  /** The engine's own tempo, shown when no tempo is set; whether the seed matters to it. */
  setEngine(nativeBpm: number, seeded: boolean, duration: number): void {
    this.nativeBpm = nativeBpm;
    this.bpm.placeholder = String(Math.round(nativeBpm * 10) / 10);
    this.seedLabel.classList.toggle('unused', !seeded);
    this.seedLabel.title = seeded
      ? 'Seed of every random choice the engine makes: same seed, same music'
      : 'This engine plays without randomness now; the seed is kept for when it does';
    this.slider.max = String(Number.isFinite(duration) ? duration : 0);
    this.slider.disabled = !Number.isFinite(duration);
    // An engine that runs until stopped has no length to move along: Home and ← → still seek.
    this.slider.hidden = !Number.isFinite(duration);
  }

  /** The tempo the user set, or null for the engine's own. */
  get tempo(): number | null {
    return this.bpm.value === '' ? null : Number(this.bpm.value);
  }

  get seed(): number {
    return Number(this.seedInput.value) || 0;
  }

  /** Called every frame: updates only what changed. */
  update(time: number, duration: number, playing: boolean): void {
    if (playing !== this.shownPlaying) {
      this.shownPlaying = playing;
      this.play.replaceChildren(icon(playing ? 'pause' : 'play'));
      this.play.setAttribute('aria-label', playing ? 'Pause' : 'Play');
      this.play.classList.toggle('playing', playing);
    }
    if (this.dragging) return;
    const text = `${clock(time)} / ${clock(duration)}`;
    if (text !== this.shownTime) {
      this.shownTime = text;
      this.time.textContent = text;
      this.slider.value = String(time);
    }
  }

  /** The native tempo times a rate, for display. */
  effectiveBpm(): number {
    return this.tempo ?? this.nativeBpm;
  }
}
