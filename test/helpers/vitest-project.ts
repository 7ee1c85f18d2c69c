import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, realpathSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { makeTempProject, repoRoot } from './run-cli.js';

/** The project's own Vitest CLI (tests spawn it, as a user's `npx vitest` would). */
export const vitestCli = join(realpathSync(join(repoRoot, 'node_modules', 'vitest')), 'vitest.mjs');

/**
 * A temp project where `obra-validate` is installed the way npm links a local package: node_modules/
 * obra-validate is a symlink to this repository (so its bin, dist and dependencies resolve), next to
 * vitest and @vitest/ui. `files` are written first; package.json is an ESM package unless given.
 */
export function makeLinkedProject(files: Record<string, string> = {}) {
  const project = makeTempProject({
    'package.json': `${JSON.stringify({ name: 'linked-project', private: true, type: 'module' }, null, 2)}\n`,
    ...files,
  });
  const modules = join(project.dir, 'node_modules');
  mkdirSync(modules, { recursive: true });
  symlinkSync(repoRoot, join(modules, 'obra-validate'));
  symlinkSync(realpathSync(join(repoRoot, 'node_modules', 'vitest')), join(modules, 'vitest'));
  symlinkSync(realpathSync(join(repoRoot, 'node_modules', '@vitest')), join(modules, '@vitest'));
  return project;
}

export interface Spawned {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved. */
  output: () => string;
  /** Resolves when the output matches (rejects after timeoutMs with the output so far). */
  waitFor: (pattern: RegExp, timeoutMs: number) => Promise<RegExpMatchArray>;
  /** Resolves with the exit code once the process ended. */
  exited: Promise<number | null>;
  /** Kills the process group (the command and everything it started). */
  stop: () => Promise<number | null>;
}

/** Spawns `node vitest.mjs ...args` in its own process group, without colours, CI set. */
export function spawnVitest(
  args: readonly string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
  cli = vitestCli,
): Spawned {
  const child = spawn(process.execPath, [cli, ...args], {
    cwd,
    env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', CI: 'true', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let text = '';
  const listeners = new Set<() => void>();
  const onData = (chunk: Buffer) => {
    text += chunk;
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', onData);
  child.stderr!.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  const waitFor = (pattern: RegExp, timeoutMs: number) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = text.match(pattern);
        if (!match) return;
        cleanup();
        resolve(match);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${pattern}; output:\n${text}`));
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        listeners.delete(check);
      };
      listeners.add(check);
      check();
    });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        // already gone
      }
      const timer = setTimeout(() => {
        try {
          process.kill(-child.pid!, 'SIGKILL');
        } catch {
          // already gone
        }
      }, 5000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    }
    return exited;
  };
  return { child, output: () => text, waitFor, exited, stop };
}
