import { defineConfig } from 'vitest/config';
import { entryPointAliases } from './studio/entry-points.js';

export default defineConfig({
  // The studio's unit tests import the package by its entry points, as the studio does.
  resolve: { alias: entryPointAliases() },
  test: {
    include: ['src/**/*.test.ts', 'studio/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
