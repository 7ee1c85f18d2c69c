import { readFileSync } from 'node:fs';

/** The obra-validate version, from package.json two folders up (dist/shared or src/shared). */
export function packageVersion(): string {
  const url = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}
