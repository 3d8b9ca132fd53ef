/**
 * The buttons with which a view takes a piece: "Open MIDI…" (a file input) and "Built-in prelude". The Score view
 * plays the piece; the Worm view dances to it.
 */
import { el } from '../app/dom.js';
import { SCORE_FILE_EXTENSIONS } from 'neuromusic/formats';

/**
 * The buttons (and their hidden file input) in a `div.buttons`.
 * @example
 * section.append(pieceButtons((name, bytes) => view.openFile(name, bytes), () => send({ kind: 'built-in' })));
 */
export function pieceButtons(open: (name: string, bytes: Uint8Array) => void, builtIn: () => void): HTMLElement {
  const input = el('input', { type: 'file', accept: SCORE_FILE_EXTENSIONS.join(','), class: 'file-input', hidden: true });
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (file) open(file.name, new Uint8Array(await file.arrayBuffer()));
    input.value = '';
  });
  const choose = el('button', { class: 'open-file' }, 'Open MIDI…');
  choose.addEventListener('click', () => input.click());
  const prelude = el('button', { class: 'built-in' }, 'Built-in prelude');
  prelude.addEventListener('click', builtIn);
  return el('div', { class: 'buttons' }, choose, prelude, input);
}
