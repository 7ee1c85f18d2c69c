// Import directions of docs/ARCHITECTURE.md (DESIGN.md section 3), checked by `npm run lint`.
// Each folder of src/ is a stage of a run. A folder may import only the folders listed for it, and
// only through their index.ts (their public surface). src/shared is a leaf any folder may use.
const allowed = {
  shared: [],
  core: [],
  'model-server': [],
  scenario: [],
  events: ['core'],
  checks: ['scenario', 'core', 'events'],
  report: ['events', 'scenario'],
  ui: ['events', 'report'],
  reporters: ['events', 'report', 'ui', 'scenario'],
  runner: ['scenario', 'checks', 'core', 'model-server', 'events', 'report', 'reporters'],
  vitest: ['runner', 'report', 'events', 'scenario'],
  init: [],
  doctor: ['runner', 'scenario', 'core'],
  cli: [
    'runner',
    'scenario',
    'model-server',
    'events',
    'report',
    'reporters',
    'ui',
    'core',
    'init',
    'doctor',
  ],
  '': ['runner', 'scenario', 'checks', 'core', 'model-server', 'events', 'report', 'reporters', 'ui'],
};

const folderRules = Object.entries(allowed)
  .filter(([from]) => from !== '')
  .map(([from, targets]) => ({
    name: `${from}-imports-only-${targets.length ? targets.join('-') : 'itself'}`,
    comment: `src/${from} may import only: ${['shared', ...targets].join(', ')}`,
    severity: 'error',
    from: { path: `^src/${from}/` },
    to: {
      path: '^src/[^/]+/',
      pathNot: [`^src/${from}/`, '^src/shared/', ...targets.map((t) => `^src/${t}/`)],
    },
  }));

module.exports = {
  forbidden: [
    ...folderRules,
    {
      name: 'cross-folder-through-index',
      comment:
        'Another folder of src/ is imported only through its index.ts (its public surface). One exception: src/cli/preboot.ts, which bin/obra-validate.js loads before the CLI, imports the one module it starts a thread with (a barrel would load 0.7 MB first).',
      severity: 'error',
      from: { path: '^src/([^/]+)/', pathNot: '^src/cli/preboot\\.ts$' },
      to: {
        path: '^src/[^/]+/',
        pathNot: ['^src/$1/', '^src/[^/]+/index\\.tsx?$', '^src/shared/'],
      },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'core-uses-no-harness-packages',
      comment: 'The orchestrator core never renders UI nor parses CLI flags.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: 'node_modules/(ink|react|commander)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.tsx?$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
      extensions: ['.ts', '.tsx', '.js'],
    },
  },
};
