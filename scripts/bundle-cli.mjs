// Bundles the CLI (dist/cli/index.js, compiled by tsc) into dist/cli-bundle/, which bin/obra-validate.js
// runs. One file per lazily imported command instead of hundreds of modules: Node 20 has no compile
// cache, and resolving and loading every module of Ink and its es-toolkit barrel was half of `view`'s
// start-up (docs/PERFORMANCE.md). The library (dist/index.js) and the Vitest plugin stay unbundled.
// Run by `npm run build`, after tsc.
import { rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'cli-bundle');

// Left to Node at run time:
// - better-sqlite3 loads its native addon from its own folder;
// - testcontainers is large and loaded only by scenarios that ask for containers;
// - @anthropic-ai/claude-code is only resolved (the path of its binary), never imported;
// - react-devtools-core is imported by Ink only under DEV=true and is not a dependency.
const external = ['better-sqlite3', 'testcontainers', '@anthropic-ai/claude-code', 'react-devtools-core'];

// React, its JSX runtime, the reconciler and the scheduler are bundled as their production builds (the
// files their entry points pick when NODE_ENV is production; src/ui/production-react.ts does the same
// for the unbundled library). Left to Node, Ink's ESM imports of these CommonJS files made Node parse
// their sources for export names first: 0.14 s of the live view's worker thread (docs/PERFORMANCE.md).
const require = createRequire(import.meta.url);
const PRODUCTION_REACT = {
  react: 'react/cjs/react.production.js',
  'react/jsx-runtime': 'react/cjs/react-jsx-runtime.production.js',
  'react/jsx-dev-runtime': 'react/cjs/react-jsx-dev-runtime.production.js',
  scheduler: 'scheduler/cjs/scheduler.production.js',
  'react-reconciler': 'react-reconciler/cjs/react-reconciler.production.js',
  'react-reconciler/constants': 'react-reconciler/cjs/react-reconciler-constants.production.js',
  'react-reconciler/constants.js': 'react-reconciler/cjs/react-reconciler-constants.production.js',
};
const productionReact = {
  name: 'production-react',
  setup(bundler) {
    bundler.onResolve({ filter: /^(react|scheduler|react-reconciler)(\/.*)?$/ }, (args) => {
      const file = PRODUCTION_REACT[args.path];
      if (!file) {
        return { errors: [{ text: `${args.path}: no production build mapped in scripts/bundle-cli.mjs` }] };
      }
      // The files themselves (the packages' exports maps do not list them): beside package.json.
      const [name, ...rest] = file.split('/');
      return { path: join(dirname(require.resolve(`${name}/package.json`, { paths: [root] })), ...rest) };
    });
  },
};

// zod's index re-exports every locale (`z.locales`, 60 languages, about 360 KB of the CLI's 1.6 MB that a
// run loads and compiles); obra-validate uses only English, the one zod configures itself with. The
// locales index is replaced by one that exports `en` alone.
const zodLocales = {
  name: 'zod-english-only',
  setup(bundler) {
    bundler.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => {
      if (!/[\\/]node_modules[\\/]zod[\\/]/.test(args.importer)) return undefined;
      return { path: join(dirname(args.importer), '..', 'locales', 'en.js'), namespace: 'zod-locales' };
    });
    bundler.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({
      contents: `export { default as en } from ${JSON.stringify(args.path)};`,
      resolveDir: dirname(args.path),
    }));
  },
};

// Shared by the two builds below.
const common = {
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external,
  plugins: [productionReact, zodLocales],
  // src/ui/production-react.ts: React is already the production build in here.
  define: { __OBRA_BUNDLED_REACT__: 'true' },
  sourcemap: true,
  logLevel: 'warning',
  // Bundled CommonJS dependencies call require(); give the ES module output one.
  banner: {
    js: "import { createRequire as __obraCreateRequire } from 'node:module'; const require = __obraCreateRequire(import.meta.url);",
  },
};

rmSync(outdir, { recursive: true, force: true });
// preboot.js: what bin/obra-validate.js runs before it loads the CLI (src/cli/preboot.ts). In the same
// build, so that it and the CLI share the module that hands a prebooted live view thread over.
await build({
  ...common,
  entryPoints: {
    index: join(root, 'dist', 'cli', 'index.js'),
    preboot: join(root, 'dist', 'cli', 'preboot.js'),
  },
});
// The live view's worker thread, built on its own so that it loads only what it needs (Ink, React, the
// view; none of the CLI's chunks of zod, yaml and the scenario loader, which a new thread would compile
// and run again: 0.2 s of its CPU, docs/PERFORMANCE.md). It is found next to the module that starts it
// (live-view-worker.ts); its chunks are named apart from the CLI's.
await build({
  ...common,
  entryPoints: { 'live-worker': join(root, 'dist', 'ui', 'live', 'live-worker.js') },
  chunkNames: 'live-worker-[name]-[hash]',
});
