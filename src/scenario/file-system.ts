import { readdirSync, realpathSync, statSync } from 'node:fs';

export type EntryKind = 'file' | 'dir' | 'other';

/**
 * The little of the file system the semantic rules look at, injected so the rules stay testable.
 * Every method answers undefined instead of throwing.
 */
export interface ScenarioFs {
  /** What is at `path` (following symlinks), or undefined when nothing is. */
  kind(path: string): EntryKind | undefined;
  /** The path with symlinks resolved, or undefined when it does not exist. */
  realpath(path: string): string | undefined;
  /** Names of the entries of a folder, or undefined when it is not a readable folder. */
  list(dir: string): string[] | undefined;
}

export const nodeFs: ScenarioFs = {
  kind(path) {
    try {
      const stat = statSync(path);
      return stat.isFile() ? 'file' : stat.isDirectory() ? 'dir' : 'other';
    } catch {
      return undefined;
    }
  },
  realpath(path) {
    try {
      return realpathSync(path);
    } catch {
      return undefined;
    }
  },
  list(dir) {
    try {
      return readdirSync(dir);
    } catch {
      return undefined;
    }
  },
};
