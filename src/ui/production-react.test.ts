import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = join(import.meta.dirname, '..', '..');

/** In a fresh Node process (React may already be loaded in this one): load it, import Ink, tell what ran. */
function loadIn(env: NodeJS.ProcessEnv): { nodeEnv: string | null; reconciler: string; react: string } {
  const script = `
import { createRequire } from 'node:module';
const { loadProductionReact } = await import(${JSON.stringify(pathToFileURL(join(import.meta.dirname, 'production-react.ts')).href)});
loadProductionReact();
await import('ink');
const require = createRequire(${JSON.stringify(pathToFileURL(join(repoRoot, 'package.json')).href)});
const build = (id) => require(id) === require(require.resolve(id).replace('index.js', 'cjs/' + id + '.production.js')) ? 'production' : 'development';
console.log(JSON.stringify({ nodeEnv: process.env.NODE_ENV ?? null, reconciler: build('react-reconciler'), react: build('react') }));
`;
  const { NODE_ENV: _drop, ...rest } = process.env;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: repoRoot,
    env: { ...rest, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(child.stderr).toBe('');
  return JSON.parse(child.stdout.trim());
}

describe('loadProductionReact', () => {
  it('makes Ink run on the production builds, and leaves NODE_ENV unset for the processes a run starts', () => {
    expect(loadIn({})).toEqual({ nodeEnv: null, reconciler: 'production', react: 'production' });
  });

  it('keeps the build NODE_ENV asks for', () => {
    expect(loadIn({ NODE_ENV: 'development' })).toEqual({
      nodeEnv: 'development',
      reconciler: 'development',
      react: 'development',
    });
  });
});
