import { mkdirSync, statSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * `mkdir -p` for a folder the user named: creates each missing level from the nearest one that exists,
 * and throws the first level's error (ENOENT, EROFS, EACCES, ENOTDIR) with its path. Node's own
 * `mkdirSync(path, { recursive: true })` never returns for a path under /proc (each level answers
 * ENOENT, and it retries forever); this walk always ends.
 */
export function makeDirs(path: string): void {
  const missing: string[] = [];
  let here = path;
  for (;;) {
    try {
      // The nearest level that exists (a file there makes mkdirSync below fail with ENOTDIR/EEXIST).
      statSync(here);
      break;
    } catch {
      const up = dirname(here);
      missing.push(here);
      if (up === here) break;
      here = up;
    }
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && statSync(dir).isDirectory()) continue;
      throw error;
    }
  }
  if (missing.length === 0 && !statSync(path).isDirectory()) mkdirSync(path); // throws EEXIST: a file
}
