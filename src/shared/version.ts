import { readFileSync } from 'node:fs';
import { packagePath } from './package-root.js';

/** The obra-validate version, from the package's own package.json. */
export function packageVersion(): string {
  return (JSON.parse(readFileSync(packagePath('package.json'), 'utf8')) as { version: string }).version;
}
