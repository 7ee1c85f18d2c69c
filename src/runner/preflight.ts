import { spawnSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';

/** The absolute path of `binary` on PATH, or undefined. */
export function findOnPath(binary: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (isAbsolute(binary)) return isExecutable(binary) ? binary : undefined;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, binary);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Missing `requires:` binaries of a scenario, as one reason ("needs python3 on PATH"), or undefined. */
export function missingRequirements(requires: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  const missing = requires.filter((b) => findOnPath(b, env) === undefined);
  if (missing.length === 0) return undefined;
  return `requires ${missing.join(', ')} on PATH, not found. Install ${missing.length === 1 ? 'it' : 'them'} (or run \`npx obra-validate doctor\`), then run again.`;
}

/** Runs `binary --version`; the version line, or an error message saying how to fix it. */
export function probeVersion(
  binary: string,
  env: NodeJS.ProcessEnv,
): { version: string } | { error: string } {
  const result = spawnSync(binary, ['--version'], { encoding: 'utf8', timeout: 30_000, env });
  if (result.error) return { error: `could not run "${binary} --version": ${result.error.message}` };
  if (result.status !== 0) {
    return {
      error: `"${binary} --version" exited with ${result.status}: ${(result.stderr || result.stdout).trim().slice(0, 400)}`,
    };
  }
  return { version: result.stdout.trim().split('\n')[0] ?? '' };
}
