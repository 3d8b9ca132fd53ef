// Builds the studio (studio/ → studio/dist), shipped in the package and served by `neuromusic studio`.
// The worker and the audio worklet are bundled as ES modules from the same TypeScript sources as the CLI (../src),
// imported through the package's public entry points (`neuromusic/<subpath>`, aliased to their sources).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { entryPointAliases } from './entry-points.js';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // Relative URLs: the built page works from any path the server puts it under.
  base: './',
  resolve: { alias: entryPointAliases() },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // One worker chunk and one worklet file: a few hundred kB, nothing to gain from splitting or warnings.
    chunkSizeWarningLimit: 2048,
    // Rolldown reports slow plugins; on a busy machine that is noise in every install's output.
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  worker: { format: 'es' },
  server: { host: '127.0.0.1' },
  logLevel: 'warn',
});
