// Bundles the CLI (dist/cli/index.js, compiled by tsc) into dist/cli-bundle/, which bin/obra-validate.js
// runs. One file per lazily imported command instead of hundreds of modules: Node 20 has no compile
// cache, and resolving and loading every module of Ink and its es-toolkit barrel was half of `view`'s
// start-up (docs/PERFORMANCE.md). The library (dist/index.js) and the Vitest plugin stay unbundled.
// Run by `npm run build`, after tsc.
import { rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const outdir = join(root, 'dist', 'cli-bundle');

// Left to Node at run time:
// - better-sqlite3 loads its native addon from its own folder;
// - React, its reconciler and scheduler are loaded by src/ui/production-react.ts with NODE_ENV set
//   while they load (the production builds), so the bundle must import the same copies;
// - testcontainers is large and loaded only by scenarios that ask for containers;
// - @anthropic-ai/claude-code is only resolved (the path of its binary), never imported;
// - react-devtools-core is imported by Ink only under DEV=true and is not a dependency.
const external = [
  'better-sqlite3',
  'react',
  'react/*',
  'react-reconciler',
  'react-reconciler/*',
  'scheduler',
  'testcontainers',
  '@anthropic-ai/claude-code',
  'react-devtools-core',
];

rmSync(outdir, { recursive: true, force: true });
await build({
  // The live view's worker thread is found next to the module that starts it (live-view-worker.ts).
  entryPoints: {
    index: join(root, 'dist', 'cli', 'index.js'),
    'live-worker': join(root, 'dist', 'ui', 'live', 'live-worker.js'),
  },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20.19',
  external,
  sourcemap: true,
  logLevel: 'warning',
  // Bundled CommonJS dependencies call require(); give the ES module output one.
  banner: {
    js: "import { createRequire as __obraCreateRequire } from 'node:module'; const require = __obraCreateRequire(import.meta.url);",
  },
});
