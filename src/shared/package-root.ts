import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PACKAGE_NAME = 'obra-validate';
let cached: string | undefined;

/**
 * The folder of obra-validate's own package.json, found by walking up from this module. The same code
 * runs from src/ (Vitest, tsx), from dist/ (the library) and from dist/cli-bundle/ (the CLI), each at
 * its own depth below the root, so no caller counts `../`.
 */
export function packageRoot(): string {
  if (cached !== undefined) return cached;
  const start = dirname(fileURLToPath(import.meta.url));
  for (let dir = start; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && nameOf(manifest) === PACKAGE_NAME) {
      cached = dir;
      return dir;
    }
    if (dirname(dir) === dir) {
      throw new Error(
        `obra-validate: no package.json named "${PACKAGE_NAME}" above ${start}; reinstall the package (npm ci)`,
      );
    }
  }
}

/** A file of the package, by its path from the package root (e.g. "bin/launch-host.cjs"). */
export function packagePath(relative: string): string {
  return join(packageRoot(), relative);
}

function nameOf(manifest: string): string | undefined {
  const text = readFileSync(manifest, 'utf8'); // unreadable: that error, not "not found"
  try {
    return (JSON.parse(text) as { name?: unknown }).name as string | undefined;
  } catch (error) {
    if (error instanceof SyntaxError) return undefined; // not JSON: not ours, keep walking
    throw error;
  }
}
