/**
 * The Notation view's engraver, in a worker of its own: the score becomes MusicXML (the package's writer, as
 * `neuromusic notate` writes it), Verovio lays it out in pages and answers with the timemap (when each note starts
 * and stops) and each note's page; pages are rendered to SVG when the view asks for them. Verovio (~7 MB of
 * WebAssembly) is loaded by this worker only, so the studio's first paint never waits for it, and its layout
 * (hundreds of milliseconds for a long piece) never blocks the page's animation frames.
 */
import createVerovioModule from 'verovio/wasm';
import { VerovioToolkit } from 'verovio/esm';
import { toMusicXml } from 'neuromusic/notation';
import type { FromEngraver, ToEngraver, EngravedMoment } from './engrave-messages.js';

const scope = self as unknown as { postMessage(message: FromEngraver): void; onmessage: ((e: MessageEvent<ToEngraver>) => void) | null };

let toolkit: Promise<VerovioToolkit> | undefined;
let loadMs: number | undefined;
/** The engraving whose layout the toolkit holds. */
let current = -1;

function verovio(): Promise<VerovioToolkit> {
  if (!toolkit) {
    const start = performance.now();
    toolkit = createVerovioModule().then((module) => {
      loadMs = performance.now() - start;
      return new VerovioToolkit(module);
    });
  }
  return toolkit;
}

async function engrave(m: Extract<ToEngraver, { type: 'engrave' }>): Promise<FromEngraver> {
  const firstLoad = loadMs === undefined;
  const tk = await verovio();
  let t = performance.now();
  const xml = toMusicXml(m.score, m.options);
  const musicXmlMs = performance.now() - t;
  t = performance.now();
  // Page size in Verovio's units: CSS pixels at 100 %; the SVG comes out at `zoom` percent of it.
  tk.setOptions({
    pageWidth: Math.max(500, Math.round((m.width * 100) / m.zoom)),
    pageHeight: Math.max(500, Math.round((m.height * 100) / m.zoom)),
    scale: m.zoom,
    adjustPageHeight: false,
    breaks: 'auto',
    header: 'none',
    footer: 'none',
    pageMarginTop: 40,
    pageMarginBottom: 40,
    pageMarginLeft: 40,
    pageMarginRight: 40,
  });
  if (!tk.loadData(xml)) throw new Error(`Verovio could not read the MusicXML: ${tk.getLog().trim().split('\n')[0] ?? ''}`);
  current = m.id;
  const pages = tk.getPageCount();
  const layoutMs = performance.now() - t;
  t = performance.now();
  const moments: EngravedMoment[] = tk.renderToTimemap({ includeMeasures: false, includeRests: false }).map((e) => ({ ms: e.tstamp, on: e.on ?? [], off: e.off ?? [] }));
  const notePages: Record<string, number> = {};
  for (const moment of moments) for (const id of moment.on) notePages[id] = tk.getPageWithElement(id);
  const timemapMs = performance.now() - t;
  return {
    type: 'engraved',
    id: m.id,
    pages,
    moments,
    notePages,
    timings: { ...(firstLoad ? { verovioLoadMs: loadMs! } : {}), musicXmlMs, layoutMs, timemapMs },
    verovioVersion: tk.getVersion(),
    musicXmlBytes: xml.length,
  };
}

async function page(m: Extract<ToEngraver, { type: 'page' }>): Promise<FromEngraver> {
  const tk = await verovio();
  if (m.id !== current) throw new Error(`engraving ${m.id} was replaced by ${current}`);
  const t = performance.now();
  // The page's Content-Security-Policy admits no inline <style>: Verovio's few rules are in the studio's style.css.
  const svg = withoutMusicFontText(tk.renderToSVG(m.page, false).replace(/<style[^>]*>[\s\S]*?<\/style>/g, ''));
  return { type: 'page', id: m.id, page: m.page, svg, ms: performance.now() - t };
}

/** SMuFL note glyphs Verovio writes in text (a tempo's note) as the Unicode music symbols any text font has. */
const SMUFL_TEXT: Record<string, string> = { '\uECA2': '𝅝', '\uECA3': '𝅗𝅥', '\uECA5': '♩', '\uECA7': '♪', '\uECB7': '.' };

/**
 * Text set in Verovio's music font (Leipzig), which the page cannot load (its CSP admits no inline or data: fonts),
 * rewritten in the page's text font: the notes of a metronome mark become ♩, ♪, 𝅗𝅥.
 */
function withoutMusicFontText(svg: string): string {
  return svg.replace(/<tspan font-family="Leipzig" font-size="(\d+(?:\.\d+)?)px">([^<]*)<\/tspan>/g, (_, size: string, text: string) =>
    `<tspan font-size="${Math.round(Number(size) * 0.7)}px">${[...text].map((c) => SMUFL_TEXT[c] ?? c).join('')}</tspan>`);
}

// One message at a time, in order: a page asked for after a new engraving belongs to that engraving.
let queue: Promise<void> = Promise.resolve();
scope.onmessage = (e) => {
  const m = e.data;
  queue = queue.then(async () => {
    try {
      scope.postMessage(m.type === 'engrave' ? await engrave(m) : await page(m));
    } catch (err) {
      scope.postMessage({ type: 'error', id: m.id, message: (err as Error).message });
    }
  });
};
