import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Defined (true) by scripts/bundle-cli.mjs in the CLI bundle, which holds React's production builds. */
declare const __OBRA_BUNDLED_REACT__: boolean | undefined;

/**
 * The modules that pick their development or production build from NODE_ENV when first loaded (React,
 * its JSX runtime, and the reconciler and scheduler Ink is built on).
 */
const REACT_MODULES = [
  'react',
  'react/jsx-runtime',
  'scheduler',
  'react-reconciler',
  'react-reconciler/constants.js',
];

/**
 * Loads React's production builds before Ink, unless NODE_ENV says otherwise. Without NODE_ENV, React
 * loads its development builds: several times the work per frame (checks, warnings, profiling hooks)
 * and more garbage, which a live view pays on every frame of a run (docs/PERFORMANCE.md, figure 8).
 *
 * NODE_ENV is set only while these CommonJS modules load, synchronously, then removed: nothing else
 * can run in between, so no agent the run starts inherits it. Ink's own imports of them then get the
 * loaded modules. Loading twice is a no-op (the modules are cached). In the CLI bundle React is bundled
 * as its production builds already (scripts/bundle-cli.mjs), so this does nothing there.
 */
export function loadProductionReact(): void {
  if (typeof __OBRA_BUNDLED_REACT__ !== 'undefined' || process.env.NODE_ENV !== undefined) return;
  process.env.NODE_ENV = 'production';
  try {
    for (const id of REACT_MODULES) require(id);
  } finally {
    delete process.env.NODE_ENV;
  }
}
