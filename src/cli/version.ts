import { readFileSync } from 'node:fs';

let cached: string | undefined;

/** The package version, read from package.json next to dist/ (works from src/ under Vitest too). */
export function packageVersion(): string {
  if (cached === undefined) {
    const url = new URL('../../package.json', import.meta.url);
    cached = (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
  }
  return cached;
}
