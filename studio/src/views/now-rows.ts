/**
 * The "Now" lines of a view's panel: a label, a text and the number behind it (data-value, for automation),
 * updated in place a few times a second — only what changed is written, so the panel is not laid out anew.
 */
import { el } from '../app/dom.js';

/** Writes rows [label, text, value] into a <dl>, creating its lines the first time. */
export function showRows(list: HTMLElement, attribute: string, rows: ReadonlyArray<readonly [string, string, number]>): void {
  for (const [label, text, value] of rows) {
    let dd = list.querySelector<HTMLElement>(`dd[${attribute}="${label}"]`);
    if (!dd) {
      dd = el('dd', { [attribute]: label });
      list.append(el('dt', {}, label), dd);
    }
    if (dd.textContent !== text) dd.textContent = text;
    const v = String(value);
    if (dd.getAttribute('data-value') !== v) dd.setAttribute('data-value', v);
  }
}
