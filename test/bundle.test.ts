import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bundleDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'cli-bundle');

/** The files a bundle file loads, statically only or with its dynamic imports, transitively. */
function loads(entry: string, dynamic: boolean): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(join(bundleDir, file), 'utf8');
    const pattern = dynamic
      ? /(?:from\s+|import\s*\(?\s*)"\.\/([^"]+\.js)"/g
      : /(?:from\s+|^import\s+)"\.\/([^"]+\.js)"/gm;
    for (const match of source.matchAll(pattern)) visit(match[1]!);
  };
  visit(entry);
  return seen;
}

/** The source files esbuild bundled into these files (its `// path` comments). */
function sources(files: Iterable<string>): string[] {
  const out: string[] = [];
  for (const file of files) {
    const source = readFileSync(join(bundleDir, file), 'utf8');
    for (const match of source.matchAll(/^\/\/ ((?:node_modules|dist)\/\S+)$/gm)) out.push(match[1]!);
  }
  return out;
}

describe('the CLI bundle (npm run build)', () => {
  it('gives the live view worker only what it draws with: no zod, yaml, scenario loader or report code', () => {
    const files = loads('live-worker.js', true);
    const bundled = sources(files);
    expect(bundled.some((s) => s.startsWith('node_modules/ink/'))).toBe(true);
    expect(bundled.some((s) => s.startsWith('dist/ui/live/LiveView.js'))).toBe(true);
    const heavy = bundled.filter((s) =>
      /^(node_modules\/(zod|yaml|better-sqlite3|commander)\/|dist\/(scenario|report|core|runner)\/)/.test(s),
    );
    expect(heavy).toEqual([]);
    // Its files are its own: a CLI chunk loaded in the worker would be compiled again in that thread.
    expect([...files].filter((f) => !f.startsWith('live-worker'))).toEqual([]);
  });

  it('loads Ink in the CLI only when a command draws (not for --version or a text reporter)', () => {
    const bundled = sources(loads('index.js', false));
    expect(bundled.some((s) => s.startsWith('dist/cli/'))).toBe(true);
    expect(bundled.filter((s) => s.startsWith('node_modules/ink/'))).toEqual([]);
  });
});
