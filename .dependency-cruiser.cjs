/**
 * The layer rule, enforced by `npm run lint` (dependency-cruiser): every import in src/ points down the layer
 * order or stays inside its own layer. docs/architecture.md explains the order and what lives in each layer.
 *
 * Lower layers never import higher ones; two layers of the same rank never import each other; the engines
 * never import one another (each engine is a room of its own that builds on the layers below).
 */
const LAYERS = [
  // [folder under src/, rank]
  ['math', 0],
  ['score', 1],
  ['pieces', 2],
  ['formats', 3],
  ['report', 4],
  ['synth', 4],
  ['dynamics', 5],
  ['analysis', 6],
  ['notation', 7],
  ['engines', 8],
  ['learn', 9],
  ['search', 10],
  ['node', 11],
  ['cli', 12],
];

const folder = (name) => `^src/${name}/`;

/** The package's public entry points (package.json "exports"): the only files of src/ the studio may import. */
const PUBLIC_ENTRY_POINTS = [
  'index\\.ts',
  ...['score', 'formats', 'synth', 'math', 'dynamics', 'analysis', 'report', 'learn', 'notation'].map((area) => `${area}/index\\.ts`),
  ...['worm', 'nodal', 'resonance', 'duet', 'composers'].map((engine) => `engines/${engine}/index\\.ts`),
  'learn/surrogate/runtime\\.ts',
];

/** For each layer, every layer it may not import: those above it and its siblings of the same rank. */
const layerRules = LAYERS.map(([name, rank]) => {
  const forbidden = LAYERS.filter(([other, r]) => other !== name && r >= rank).map(([other]) => other);
  return {
    name: `layer-${name}`,
    severity: 'error',
    comment: `src/${name} (rank ${rank}) may import only lower layers: not ${forbidden.join(', ')}.`,
    from: { path: folder(name) },
    to: { path: forbidden.map(folder) },
  };
}).filter((rule) => rule.to.path.length > 0);

module.exports = {
  forbidden: [
    ...layerRules,
    {
      name: 'engines-apart',
      severity: 'error',
      comment: 'An engine never imports another engine; what two engines share belongs in a lower layer.',
      from: { path: '^src/engines/([^/]+)/' },
      to: { path: '^src/engines/', pathNot: '^src/engines/$1/' },
    },
    {
      name: 'core-not-barrel',
      severity: 'error',
      comment: 'Library code imports the module it needs, never the package barrel src/index.ts.',
      from: { path: '^src/' },
      to: { path: '^src/index\\.ts$' },
    },
    {
      name: 'src-not-tests',
      severity: 'error',
      comment: 'Library code never imports test helpers.',
      from: { path: '^src/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(test|bench|scripts)/' },
    },
    {
      name: 'src-not-studio',
      severity: 'error',
      comment: 'The studio builds on src/, never the reverse.',
      from: { path: '^src/' },
      to: { path: '^studio/' },
    },
    {
      name: 'studio-entry-points-only',
      severity: 'error',
      comment:
        'The studio imports the package as its users do, by its entry points (neuromusic/<subpath>, aliased to ' +
        'src/<area>/index.ts), never a module inside src/. What the studio needs from a module, its entry point exports.',
      from: { path: '^studio/' },
      to: { path: '^src/', pathNot: `^src/(${PUBLIC_ENTRY_POINTS.join('|')})$` },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import cycles hide the layer order.',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|node_modules)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
