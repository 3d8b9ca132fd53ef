import { availableParallelism } from 'node:os';
import { configDefaults, defineConfig } from 'vitest/config';
import { entryPointAliases } from './studio/entry-points.js';

/**
 * The browser tests: each drives Chromium through the built studio, which plays audio and measures frame rates and
 * latencies, so they run one at a time, after the rest.
 */
const BROWSER_TESTS = [
  'test/studio-browser.test.ts',
  'test/studio-camera.test.ts',
  'test/studio-composers.test.ts',
  'test/studio-dance.test.ts',
  'test/studio-duet.test.ts',
  'test/studio-notation.test.ts',
  'test/studio-resonance.test.ts',
  'test/studio-resonance-mic.test.ts',
  'test/studio-views.test.ts',
];

/**
 * The rest run two files at a time even on two cores (vitest's default there is one): most of their time is spent
 * waiting for a child process (the CLI, fluidsynth, ffmpeg, LilyPond, MNE), and a second file fills that wait.
 */
const WORKERS = Math.max(2, availableParallelism() - 1);

export default defineConfig({
  // The studio's unit tests import the package by its entry points, as the studio does.
  resolve: { alias: entryPointAliases() },
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'core',
          include: ['src/**/*.test.ts', 'studio/src/**/*.test.ts', 'test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...BROWSER_TESTS],
          maxWorkers: WORKERS,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          include: BROWSER_TESTS,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
