/** Header controls for where the music goes besides the speakers: a Web MIDI output, and MIDI / WAV export. */
import { el } from './dom.js';
import type { MidiOutput } from '../audio/midi-output.js';
import { EXPORT_FORMATS, type ExportFormat } from '../protocol.js';

export interface OutputActions {
  export(format: ExportFormat): void;
  /** The live instrument: the modal piano, or the additive organ with a registration. */
  instrument?(instrument: 'piano' | 'organ', registration?: string): void;
  notify(message: string, kind?: 'info' | 'error'): void;
}

export class OutputControls {
  private readonly exportButtons: Record<ExportFormat, HTMLButtonElement>;

  constructor(host: HTMLElement, midi: MidiOutput, actions: OutputActions) {
    const connect = el('button', { class: 'midi-connect', title: 'Send the notes to a MIDI instrument too' }, 'MIDI out…');
    const select = el('select', { class: 'midi-port', hidden: true, 'aria-label': 'MIDI output' });
    connect.addEventListener('click', async () => {
      if (!midi.supported) {
        actions.notify('this browser has no Web MIDI', 'error');
        return;
      }
      try {
        const ports = await midi.ports();
        select.replaceChildren(el('option', { value: '' }, 'MIDI off'), ...ports.map((p) => el('option', { value: p.id }, p.name)));
        select.hidden = false;
        connect.hidden = true;
        actions.notify(ports.length ? `${ports.length} MIDI output${ports.length > 1 ? 's' : ''} found` : 'no MIDI outputs found');
      } catch (err) {
        actions.notify(`MIDI access refused: ${(err as Error).message}`, 'error');
      }
    });
    select.addEventListener('change', () => midi.select(select.value || null));
    const formats = Object.keys(EXPORT_FORMATS) as ExportFormat[];
    this.exportButtons = Object.fromEntries(formats.map((format) => {
      const { label, title } = EXPORT_FORMATS[format];
      const button = el('button', { class: `export-${format}`, title }, label);
      button.addEventListener('click', () => actions.export(format));
      return [format, button];
    })) as Record<ExportFormat, HTMLButtonElement>;
    const instrument = el('select', { class: 'instrument', 'aria-label': 'Instrument', title: 'What plays the notes live (exports use the piano)' },
      el('option', { value: 'piano' }, 'Piano'), el('option', { value: 'organ:888000000:perc3,fast,c3' }, 'Organ 888000000'), el('option', { value: 'organ:008080800:noperc,v3' }, 'Organ 008080800'),
      el('option', { value: 'organ:888888888:noperc,c1' }, 'Organ full'));
    instrument.addEventListener('change', () => {
      const [kind, ...rest] = instrument.value.split(':');
      actions.instrument?.(kind === 'organ' ? 'organ' : 'piano', kind === 'organ' ? rest.join(':') : undefined);
    });
    host.append(instrument, connect, select, ...formats.map((f) => this.exportButtons[f]));
    this.offer(['midi', 'wav']);
  }

  /** Shows the export buttons of the formats the engine offers. */
  offer(formats: readonly ExportFormat[]): void {
    for (const [format, button] of Object.entries(this.exportButtons)) button.hidden = !formats.includes(format as ExportFormat);
  }

  /** Disables an export button while its file is being made. */
  setBusy(format: ExportFormat, busy: boolean): void {
    this.exportButtons[format].disabled = busy;
  }
}

/** Saves bytes as a download. */
export function download(bytes: Uint8Array<ArrayBuffer>, fileName: string, mime: string): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: mime }));
  const a = el('a', { href: url, download: fileName });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
