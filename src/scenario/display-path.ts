import { isAbsolute, relative, sep } from 'node:path';

/** A path as shown in messages: relative to the root when inside it (with "/"), else absolute. */
export function displayPath(rootDir: string, absPath: string): string {
  const rel = relative(rootDir, absPath);
  if (rel === '' || isAbsolute(rel) || rel === '..' || rel.startsWith(`..${sep}`)) return absPath;
  return rel.split(sep).join('/');
}
