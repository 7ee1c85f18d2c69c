import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (package.json, bin/, dist/). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const benchDir = join(repoRoot, 'bench');
/** The built CLI: every obra-validate figure spawns it like a user would. */
export const cliPath = join(repoRoot, 'bin', 'obra-validate.js');
export const distDir = join(repoRoot, 'dist');
export const scenariosDir = join(benchDir, 'scenarios');
/** Where the peer tool (promptfoo) is installed for the benchmark only (git-ignored). */
export const peerDir = join(benchDir, '.peer');
export const resultsFile = join(benchDir, 'results.json');
