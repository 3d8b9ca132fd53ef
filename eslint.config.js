// Lint rules. The core (everything under src/ except cli/ and node/) must stay isomorphic:
// it runs unchanged in the browser studio, so Node built-ins and Node globals are refused there.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [
  'assert', 'buffer', 'child_process', 'cluster', 'crypto', 'dgram', 'dns', 'events', 'fs', 'fs/promises',
  'http', 'https', 'module', 'net', 'os', 'path', 'perf_hooks', 'process', 'readline', 'stream', 'tls', 'url',
  'util', 'v8', 'vm', 'worker_threads', 'zlib',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'studio/dist/**', 'out/**', 'coverage/**', '.tmp/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        console: 'readonly', performance: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly',
        URL: 'readonly', TextEncoder: 'readonly', TextDecoder: 'readonly', process: 'readonly', Buffer: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-constant-condition': ['error', { checkLoops: false }],
    },
  },
  {
    // CommonJS tool configuration (dependency-cruiser reads .dependency-cruiser.cjs).
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/cli/**', 'src/node/**', 'src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins.flatMap((m) => [
          { name: m, message: 'The core is isomorphic: Node built-ins belong in src/node or src/cli.' },
          { name: `node:${m}`, message: 'The core is isomorphic: Node built-ins belong in src/node or src/cli.' },
        ]),
        patterns: [{ group: ['**/studio/**'], message: 'The studio imports src/, never the reverse.' }],
      }],
      'no-restricted-globals': ['error',
        { name: 'process', message: 'The core is isomorphic: no process here.' },
        { name: 'Buffer', message: 'The core is isomorphic: use Uint8Array.' },
      ],
      'no-restricted-properties': ['error',
        { object: 'Math', property: 'random', message: 'Use the seeded generator (math/random.ts).' },
      ],
    },
  },
  {
    // The studio runs in the browser (page, worker, audio worklet): no Node built-ins, no Node globals.
    files: ['studio/src/**/*.ts'],
    ignores: ['studio/src/**/*.test.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins.flatMap((m) => [
          { name: m, message: 'The studio runs in the browser: no Node built-ins.' },
          { name: `node:${m}`, message: 'The studio runs in the browser: no Node built-ins.' },
        ]),
      }],
      'no-restricted-globals': ['error',
        { name: 'process', message: 'The studio runs in the browser: no process.' },
        { name: 'Buffer', message: 'The studio runs in the browser: use Uint8Array.' },
      ],
    },
  },
);
