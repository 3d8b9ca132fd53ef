/**
 * The buttons with which a view takes a piece: "Open a piece…" (a file input) and "Built-in prelude". The Score view
 * plays the piece; the Worm view dances to it.
 */
import { el } from '../app/dom.js';
import { SCORE_FILE_EXTENSIONS } from 'neuromusic/formats';
import { MUSICXML_EXTENSIONS, KERN_EXTENSIONS } from 'neuromusic/notation';

/** Every piece format the engines read (studio/src/engines/load-piece.ts): MIDI, score JSON, MusicXML, **kern. */
export const PIECE_FILE_TYPES: readonly string[] = [...SCORE_FILE_EXTENSIONS, ...MUSICXML_EXTENSIONS, ...KERN_EXTENSIONS];

/**
 * The buttons (and their hidden file input) in a `div.buttons`.
 * @example
 * section.append(pieceButtons((name, bytes) => view.openFile(name, bytes), () => send({ kind: 'built-in' })));
 */
export function pieceButtons(
  open: (name: string, bytes: Uint8Array) => void,
  builtIn: () => void,
  choice: { accept?: readonly string[]; label?: string } = {},
): HTMLElement {
  const accept = choice.accept ?? PIECE_FILE_TYPES;
  const input = el('input', { type: 'file', accept: accept.join(','), class: 'file-input', hidden: true });
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (file) open(file.name, new Uint8Array(await file.arrayBuffer()));
    input.value = '';
  });
  const choose = el('button', { class: 'open-file' }, choice.label ?? 'Open a piece…');
  choose.addEventListener('click', () => input.click());
  const prelude = el('button', { class: 'built-in' }, 'Built-in prelude');
  prelude.addEventListener('click', builtIn);
  return el('div', { class: 'buttons' }, choose, prelude, input);
}
