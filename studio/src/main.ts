/** The studio's entry point: checks what the browser can do, builds the page, starts the engines. */
import './style.css';
import './views/index.js';
import { StudioApp } from './app/studio-app.js';
import { EngineClient } from './app/engine-client.js';
import { exposeDiagnostics } from './app/diagnostics.js';
import { AudioOutput } from './audio/audio-output.js';

async function boot(root: HTMLElement): Promise<void> {
  if (typeof AudioWorkletNode === 'undefined' || !window.isSecureContext) {
    root.textContent = 'The studio needs Web Audio with AudioWorklet, in a secure context (open it at http://127.0.0.1 or http://localhost).';
    return;
  }
  const audio = await AudioOutput.create();
  const app = new StudioApp(root, audio, EngineClient.start());
  await app.start();
  exposeDiagnostics(app);
  document.body.dataset['ready'] = 'true';
}

const root = document.getElementById('studio')!;
boot(root).catch((err: unknown) => {
  root.textContent = `The studio could not start: ${err instanceof Error ? err.message : String(err)}`;
  console.error(err);
});
