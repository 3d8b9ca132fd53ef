/**
 * The studio in a real browser: `neuromusic studio` serves it, headless Chromium opens it, plays it, drops MIDI
 * files on it and exports from it. Screenshots and measurements go to .tmp/artifacts/studio/. Any console error,
 * page error or failed request fails the run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startStudio, studioBuilt, type StudioProcess } from './helpers/studio.js';
import { hasShared, sharedData } from './helpers/shared.js';
import { scratchDir } from './helpers/cli.js';
import {
  ARTIFACTS, browserMissing, canvasSignature, dropFile, listen, measure, openStudio, pause, play, playheadTime,
  renderWorkletOffline, scoreStat, screenshot, type StudioPage,
} from './helpers/studio-page.js';
import { bachPreludeInC } from '../src/pieces/bach-prelude-c-major.js';
import { readMidi, writeMidi } from '../src/formats/midi.js';
import { decodeWav } from '../src/formats/wav.js';
import { renderScore } from '../src/synth/render.js';
import { audioLevels } from '../src/synth/levels.js';
import { packNotes } from '../src/synth/live-piano.js';
import { createScore, scoreEnd } from '../src/score/ops.js';
import { humanize } from '../src/score/performance.js';
import { createRandom } from '../src/math/random.js';
import { clusterScore } from './helpers/studio-pieces.js';

const missing = !studioBuilt ? 'studio/dist is not built (npm run build)' : browserMissing();
if (missing) console.warn(`[neuromusic tests] studio browser tests skipped: ${missing}.`);
if (!hasShared) console.warn('[neuromusic tests] ../shared/data not found: the studio test that drops a shared MIDI file is skipped.');

const { dir, cleanup } = scratchDir();
let studio: StudioProcess;
let s: StudioPage;
const measurements: Record<string, unknown> = {};

describe.skipIf(!!missing)('the studio in Chromium', () => {
  beforeAll(async () => {
    studio = await startStudio(['--port', '0']);
    s = await openStudio(studio.url);
  });

  afterAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(join(ARTIFACTS, 'measurements.json'), JSON.stringify(measurements, null, 2) + '\n');
    await s?.close();
    await studio?.stop();
    cleanup();
  });

  it('opens on the Score view with the built-in prelude, and shows only views that exist', async () => {
    const { page } = s;
    expect(await page.locator('nav.tabs button').allInnerTexts()).toEqual(['Score', 'Notation', 'Worm', 'Ring', 'Duet', 'Resonance', 'Composers']);
    expect(await page.evaluate(() => window.neuromusicStudio!.view())).toBe('score');
    await page.waitForFunction(() => document.querySelector('dd[data-stat="notes"]')?.textContent === '549');
    expect(await page.locator('.piece-title').innerText()).toBe('Prelude in C major, BWV 846');
    await screenshot(page, 'score-built-in.png');
    expect(s.errors).toEqual([]);
  });

  it('plays two seconds with sound, the roll moving under the playhead', async () => {
    const { page } = s;
    await play(page);
    const first = await canvasSignature(page, 'canvas.piano-roll');
    const level = await listen(page, 2000);
    const second = await canvasSignature(page, 'canvas.piano-roll');
    const time = await playheadTime(page);
    await screenshot(page, 'score-playing.png');
    await pause(page);
    // Silence would be exactly 0; the prelude's first bar through the default volume peaks near 0.2.
    expect(level.peak).toBeGreaterThan(0.05);
    expect(level.rms).toBeGreaterThan(0.01);
    expect(second).not.toBe(first);
    expect(time).toBeGreaterThan(1.5);
    expect(time).toBeLessThan(3.5);
    measurements['builtInLevel'] = level;
    expect(s.errors).toEqual([]);
  });

  it('its worklet renders offline exactly what the CLI renders (the same TypeScript)', async () => {
    const sampleRate = 44100;
    const notes = bachPreludeInC().notes.filter((n) => n.onset < 1.5);
    const frames = Math.round(1.5 * sampleRate);
    const browser = (await renderWorkletOffline(s.page, packNotes(notes, sampleRate), frames, sampleRate)).channels;
    const node = renderScore(createScore(notes), { sampleRate, channels: 2, normalizeDbfs: null });
    let worst = 0;
    let energy = 0;
    for (let c = 0; c < 2; c++) {
      for (let i = 0; i < frames; i++) {
        worst = Math.max(worst, Math.abs(browser[c]![i]! - node.channels[c]![i]!));
        energy += browser[c]![i]! ** 2;
      }
    }
    expect(energy).toBeGreaterThan(100); // sound, not silence
    expect(worst).toBeLessThan(1e-6); // float32 rounding of the same float64 sums
    measurements['offlineWorkletVsCli'] = { frames, maxAbsDifference: worst };
    expect(s.errors).toEqual([]);
  });

  it.skipIf(!hasShared)('loads a MIDI file dropped on the page and plays it', async () => {
    const { page } = s;
    const file = 'chopin_prelude_op28_no4_e_minor.mid';
    await dropFile(page, file, new Uint8Array(readFileSync(sharedData('midi', file))));
    await page.waitForFunction(() => document.querySelector('dd[data-stat="notes"]')?.textContent === '600');
    expect(await page.locator('.piece-sub').innerText()).toContain(file);
    // A new piece parks the transport at 0 at once (the latest anchor), but the playhead is what is heard: for the
    // output latency (10–30 ms, more on a loaded machine) after the drop it still reads the old position. Wait for
    // the sound to catch up, then require exactly 0.
    expect(await page.evaluate(() => window.neuromusicStudio!.anchor())).toMatchObject({ time: 0, playing: false });
    await page.waitForFunction(() => window.neuromusicStudio!.time() === 0, undefined, { timeout: 2000 });
    expect(await playheadTime(page)).toBe(0);
    await play(page);
    const first = await canvasSignature(page, 'canvas.piano-roll');
    const level = await listen(page, 2000);
    expect(await canvasSignature(page, 'canvas.piano-roll')).not.toBe(first);
    await screenshot(page, 'score-dropped-chopin.png');
    await pause(page);
    expect(level.peak).toBeGreaterThan(0.02);
    expect(s.errors).toEqual([]);
  });

  it('opens a MIDI file chosen with the file input', async () => {
    const { page } = s;
    const path = join(dir, 'four-notes.mid');
    writeFileSync(path, writeMidi(createScore([60, 64, 67, 72].map((pitch, i) => ({ onset: i * 0.5, duration: 0.5, pitch, velocity: 0.8, voice: 0 })))));
    await page.setInputFiles('input.file-input', path);
    await page.waitForFunction(() => document.querySelector('dd[data-stat="notes"]')?.textContent === '4');
    expect(await scoreStat(page, 'range')).toBe('C4–C5');
    expect(s.errors).toEqual([]);
  });

  it('shows a broken or foreign file as a message on the page, not as an error', async () => {
    const { page } = s;
    await dropFile(page, 'broken.mid', new TextEncoder().encode('MThd this is not a MIDI file'));
    await page.waitForFunction(() => /broken\.mid: /.test(document.querySelector('.message')?.textContent ?? ''));
    expect(await page.locator('.message').getAttribute('class')).toContain('error');
    await dropFile(page, 'notes.txt', new TextEncoder().encode('C D E'));
    await page.waitForFunction(() => /notes\.txt: the Score view opens \.mid/.test(document.querySelector('.message')?.textContent ?? ''));
    // The last good piece is still there.
    expect(await scoreStat(page, 'notes')).toBe('4');
    await screenshot(page, 'score-bad-file.png');
    expect(s.errors).toEqual([]);
  });

  it('exports MIDI and WAV of what it plays: humanised by the seed exactly as in Node', async () => {
    const { page } = s;
    await page.click('button.built-in');
    await page.waitForFunction(() => document.querySelector('dd[data-stat="notes"]')?.textContent === '549');
    await page.fill('input.seed', '7');
    await page.dispatchEvent('input.seed', 'change');
    await page.locator('input.humanize-timing').fill('15');
    await page.dispatchEvent('input.humanize-timing', 'change');
    const midiDownload = page.waitForEvent('download');
    await page.click('button.export-midi');
    const midiFile = await midiDownload;
    expect(midiFile.suggestedFilename()).toBe('johann-sebastian-bach-prelude-in-c-major-bwv-846.mid');
    const exported = readMidi(new Uint8Array(readFileSync(await midiFile.path())));
    // The same seed and spread in Node: onsets agree to the MIDI file's tick resolution (< 3 ms at 66 bpm).
    const expected = humanize(bachPreludeInC(), createRandom(7).fork('humanize'), { timingSeconds: 0.015, velocity: 0 });
    expect(exported.notes.length).toBe(549);
    const worst = Math.max(...exported.notes.map((n, i) => Math.abs(n.onset - expected.notes[i]!.onset)));
    expect(worst).toBeLessThan(0.003);
    const otherSeed = humanize(bachPreludeInC(), createRandom(8).fork('humanize'), { timingSeconds: 0.015, velocity: 0 });
    expect(Math.max(...exported.notes.map((n, i) => Math.abs(n.onset - otherSeed.notes[i]!.onset)))).toBeGreaterThan(0.01);

    // The WAV renders in a worker of its own: the engine worker answers play while the export is under way (its
    // messages arrive in order, so play acknowledged before the file is made means it did not wait for the render).
    await page.evaluate(() => {
      const w = window as unknown as { fileMade?: boolean };
      const make = URL.createObjectURL.bind(URL);
      w.fileMade = false;
      URL.createObjectURL = (blob: Blob | MediaSource) => {
        w.fileMade = true;
        return make(blob);
      };
    });
    const wavDownload = page.waitForEvent('download', { timeout: 60_000 });
    await page.click('button.export-wav');
    await play(page);
    const fileMadeBeforePlay = await page.evaluate(() => (window as unknown as { fileMade?: boolean }).fileMade);
    const wav = decodeWav(new Uint8Array(readFileSync(await (await wavDownload).path())));
    await pause(page);
    expect(fileMadeBeforePlay).toBe(false);
    expect([wav.sampleRate, wav.channels.length]).toEqual([44100, 2]);
    const seconds = wav.channels[0]!.length / wav.sampleRate;
    expect(seconds).toBeGreaterThan(scoreEnd(expected));
    expect(seconds).toBeLessThan(scoreEnd(expected) + 4.5); // at most the 4 s release tail
    expect(audioLevels(wav.channels[0]!).peak).toBeGreaterThan(0.5); // renderScore normalises to −1 dBFS
    expect(s.errors).toEqual([]);
  });

  it('seeks from the overview and plays at the tempo asked for', async () => {
    const { page } = s;
    const box = (await page.locator('canvas.overview').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const duration = await page.evaluate(() => window.neuromusicStudio!.info().duration);
    await page.waitForFunction((d) => Math.abs(window.neuromusicStudio!.time() - d / 2) < 1, duration);
    await page.fill('input.bpm', '132'); // twice the prelude's 66
    await page.dispatchEvent('input.bpm', 'change');
    await play(page);
    await page.waitForTimeout(300);
    const clocks = (): Promise<[number, number]> => page.evaluate(() => [window.neuromusicStudio!.time(), window.neuromusicStudio!.audio().contextTime]);
    const [score0, audio0] = await clocks();
    await page.waitForTimeout(1000);
    const [score1, audio1] = await clocks();
    await pause(page);
    // A second of audio at double tempo is two seconds of the score (both read from the audio clock, so a busy
    // machine changes how long the span is, not the ratio).
    expect((score1 - score0) / (audio1 - audio0)).toBeCloseTo(2, 1);
    await page.fill('input.bpm', '');
    await page.dispatchEvent('input.bpm', 'change');
    expect(s.errors).toEqual([]);
  });

  it('offers Web MIDI output, and says plainly when the system has none', async () => {
    const { page } = s;
    await page.context().grantPermissions(['midi']);
    await page.click('button.midi-connect');
    // With a MIDI system (ALSA sequencer) it lists the outputs; without one (this container) it says why.
    await page.waitForFunction(() => /MIDI output|MIDI outputs found|MIDI access refused/.test(document.querySelector('.message')?.textContent ?? ''));
    const message = await page.locator('.message').innerText();
    if (/refused/.test(message)) expect(await page.locator('select.midi-port').isVisible()).toBe(false);
    else expect(await page.locator('select.midi-port option').first().innerText()).toBe('MIDI off');
    expect(s.errors).toEqual([]);
  });

  it('measures frame time while the score plays, and 32 simultaneous notes against the audio deadline', async () => {
    const { page } = s;
    await page.locator('input.humanize-timing').fill('0'); // as written
    await page.dispatchEvent('input.humanize-timing', 'change');
    await page.click('button.built-in');
    await page.waitForFunction(() => document.querySelector('dd[data-stat="notes"]')?.textContent === '549');
    await play(page);
    await page.waitForTimeout(300);
    const scorePlaying = await measure(page, 3);
    await pause(page);
    measurements['scorePlaying'] = scorePlaying;

    await dropFile(page, 'clusters-32.mid', writeMidi(clusterScore(32)));
    await page.waitForFunction(() => document.querySelector('dd[data-stat="notes"]')?.textContent === '128');
    await play(page);
    await page.waitForTimeout(200);
    const clusters = await measure(page, 3.5);
    await screenshot(page, 'score-32-note-clusters.png');
    await pause(page);
    measurements['clusters32'] = clusters;
    console.log(`[studio] frames while playing: median ${scorePlaying.frames.intervalMedianMs.toFixed(1)} ms (${scorePlaying.frames.fps.toFixed(0)} fps), draw median ${scorePlaying.frames.drawMedianMs.toFixed(2)} ms; ` +
      `32-note clusters: ${clusters.audio.peakVoices} voices, max quantum ${clusters.audio.maxBlockMs} ms, ${clusters.audio.overBudget} quanta over budget, ${clusters.audio.underrunEvents} underruns`);
    // Correctness, not speed (speed is the benchmark's): frames were drawn, every note was played on time.
    expect(scorePlaying.frames.frames).toBeGreaterThan(30);
    expect(clusters.audio.peakVoices).toBeGreaterThanOrEqual(32);
    expect(clusters.audio.late).toBe(0);
    expect(clusters.audio.dropped).toBe(0);
    expect(s.errors).toEqual([]);
  });
});
