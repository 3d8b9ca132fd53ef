/**
 * The studio's page: one layout for every view.
 *
 *   ┌ header: name · view tabs · transport (play, position, tempo, seed, volume, meter) · MIDI out · export ┐
 *   │ stage (the view's canvases)                                            │ panel (the view's controls) │
 *   └ status bar: messages · audio clock, load, underruns · frame rate                                     ┘
 */
import { el } from './dom.js';

export interface Layout {
  tabs: HTMLElement;
  transport: HTMLElement;
  outputs: HTMLElement;
  stage: HTMLElement;
  panel: HTMLElement;
  message: HTMLElement;
  audioStatus: HTMLElement;
  frameStatus: HTMLElement;
  dropOverlay: HTMLElement;
}

export function createLayout(root: HTMLElement): Layout {
  const tabs = el('nav', { class: 'tabs', 'aria-label': 'Views' });
  const transport = el('div', { class: 'transport' });
  const outputs = el('div', { class: 'outputs' });
  const header = el('header', {}, el('h1', {}, 'neuromusic', el('span', {}, ' studio')), tabs, transport, outputs);
  const stage = el('main', { class: 'stage' });
  const panel = el('aside', { class: 'panel' });
  const message = el('span', { class: 'message', role: 'status' });
  const audioStatus = el('span', { class: 'audio-status' });
  const frameStatus = el('span', { class: 'frame-status' });
  const footer = el('footer', {}, message, audioStatus, frameStatus);
  const dropOverlay = el('div', { class: 'drop-overlay', hidden: true }, el('div', {}, 'Drop the file to open it'));
  root.replaceChildren(header, stage, panel, footer, dropOverlay);
  return { tabs, transport, outputs, stage, panel, message, audioStatus, frameStatus, dropOverlay };
}
