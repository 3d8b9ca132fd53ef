/**
 * Some dependencies ship CommonJS to Node and ES modules to bundlers. Node exposes a CommonJS module's exports
 * only as `default`; a bundler gives named exports. This picks the export from whichever shape arrived.
 */
export function namedExport<T>(namespace: unknown, name: string): T {
  const ns = namespace as Record<string, unknown> & { default?: Record<string, unknown> };
  const value = ns[name] ?? ns.default?.[name] ?? (name === 'default' ? ns.default : undefined);
  if (value === undefined) throw new Error(`dependency export "${name}" not found`);
  return value as T;
}
