import { basename, dirname, join } from 'node:path';
import { nodeFs, type ScenarioFs } from './file-system.js';

/** True when the text has a `*` or `?` wildcard. */
export function hasWildcard(text: string): boolean {
  return /[*?]/.test(text);
}

/** A file-name pattern (`*` = any run of characters, `?` = one) as an anchored RegExp. */
export function wildcardRegExp(pattern: string): RegExp {
  const source = [...pattern]
    .map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[\\^$.|+()[\]{}]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`, 's');
}

/**
 * Files matching an absolute pattern with wildcards in its last segment only (`/root/fixtures/csv/*.csv`),
 * sorted by name. A pattern without wildcards matches itself when it is a file. Hidden files match only
 * a pattern that starts with a dot. Wildcards in folder names are not supported: they match nothing.
 */
export function expandGlob(pattern: string, fs: ScenarioFs = nodeFs): string[] {
  const dir = dirname(pattern);
  if (hasWildcard(dir)) return [];
  const name = basename(pattern);
  if (!hasWildcard(name)) return fs.kind(pattern) === 'file' ? [pattern] : [];
  const regexp = wildcardRegExp(name);
  return (fs.list(dir) ?? [])
    .filter((entry) => regexp.test(entry) && (name.startsWith('.') || !entry.startsWith('.')))
    .sort()
    .map((entry) => join(dir, entry))
    .filter((path) => fs.kind(path) === 'file');
}
