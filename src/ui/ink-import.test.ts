import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { INK_RESOLVE_HOOK } from './ink-import.js';

const repoRoot = join(import.meta.dirname, '..', '..');

/** Runs an ES module script in a fresh Node process at the repository root; its stdout, parsed. */
function runScript(script: string): unknown {
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
    cwd: repoRoot,
    encoding: 'utf8',
    timeout: 30_000,
  });
  expect(child.stderr).toBe('');
  return JSON.parse(child.stdout.trim());
}

describe('the Ink resolve hook (view)', () => {
  it("points Ink's import of es-toolkit/compat at the module that defines throttle, and nothing else", () => {
    const result = runScript(`
const { resolve } = await import(${JSON.stringify(INK_RESOLVE_HOOK.href)});
const next = async (specifier) => ({ url: import.meta.resolve(specifier), format: 'module' });
const fromInk = { parentURL: ${JSON.stringify(pathToFileURL(join(repoRoot, 'node_modules/ink/build/ink.js')).href)} };
const hooked = await resolve('es-toolkit/compat', fromInk, next);
const { throttle } = await import(hooked.url);
const other = await resolve('es-toolkit/compat', { parentURL: import.meta.url }, next);
console.log(JSON.stringify({ hooked: hooked.url.split('/es-toolkit/')[1], throttle: typeof throttle, other: other.url.split('/es-toolkit/')[1] }));
`);
    expect(result).toEqual({
      hooked: 'dist/compat/function/throttle.mjs',
      throttle: 'function',
      other: 'dist/compat/index.mjs',
    });
  });

  it('lets Ink load and render once registered', () => {
    const result = runScript(`
import { register } from 'node:module';
register(${JSON.stringify(INK_RESOLVE_HOOK.href)});
const { render, Text } = await import('ink');
const { createElement } = await import('react');
const { PassThrough } = await import('node:stream');
const stdout = Object.assign(new PassThrough(), { columns: 80, rows: 24, isTTY: false });
let drawn = '';
stdout.on('data', (chunk) => { drawn += chunk; });
const app = render(createElement(Text, null, 'hello from ink'), { stdout, patchConsole: false });
app.unmount();
await app.waitUntilExit();
console.log(JSON.stringify({ drawn: drawn.includes('hello from ink') }));
`);
    expect(result).toEqual({ drawn: true });
  });
});
