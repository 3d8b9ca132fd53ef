// The package's public entry points (package.json "exports") resolved to their TypeScript sources, so that the
// studio and its unit tests import `neuromusic/<subpath>` exactly as a user of the package does, without a build.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface PackageJson {
  exports: Record<string, string | { types: string; import: string }>;
}

/** One alias per entry point: `neuromusic` → src/index.ts, `neuromusic/worm` → src/engines/worm/index.ts, … */
export function entryPointAliases(): Array<{ find: RegExp; replacement: string }> {
  const root = new URL('../', import.meta.url);
  const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as PackageJson;
  return Object.entries(pkg.exports).flatMap(([subpath, target]) => {
    if (typeof target === 'string') return [];
    const source = target.import.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts');
    const name = `neuromusic${subpath.slice(1)}`;
    return [{ find: new RegExp(`^${name.replace(/[/.]/g, '\\$&')}$`), replacement: fileURLToPath(new URL(source, root)) }];
  });
}
