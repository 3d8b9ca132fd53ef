/** `neuromusic studio`: the options; the server is in studio-run.ts, loaded when the command runs. */
import type { Command } from 'commander';
import { numberIn } from './options.js';
import type { StudioOptions } from './command-options.js';

export const DEFAULT_STUDIO_PORT = 5317;

export function registerStudio(program: Command): void {
  program
    .command('studio')
    .description('serve the studio, the live browser application, on this machine')
    .option('--port <n>', 'port to listen on (0–65535; 0: any free port)', numberIn(0, 65535, { integer: true }), DEFAULT_STUDIO_PORT)
    .option('--host <address>', 'address to listen on; 127.0.0.1 keeps it on this machine', '127.0.0.1')
    .option('--open', 'open the studio in the default browser ($BROWSER when set)')
    .action(async (opts: StudioOptions) => (await import('./studio-run.js')).runStudio(opts));
}
