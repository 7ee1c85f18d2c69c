import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expandGlob, referencedPaths, type Scenario } from '../scenario/index.js';

/** At most this many fixture files are watched per scenario (a huge fixture tree is not walked). */
export const MAX_WATCHED_FILES = 2000;

/**
 * The files a scenario's result depends on besides its own YAML: cassette, workspace, solutions, copy_in
 * folders, golden inputs and baselines, metric baselines. Folders are walked (bounded).
 */
export function scenarioWatchFiles(scenario: Scenario): string[] {
  const files = new Set<string>();
  for (const ref of referencedPaths(scenario)) {
    const paths = ref.glob ? expandGlob(ref.ref.path) : [ref.ref.path];
    for (const path of paths) walk(path, files);
  }
  return [...files];
}

function walk(path: string, into: Set<string>): void {
  if (into.size >= MAX_WATCHED_FILES) return;
  let info: ReturnType<typeof statSync>;
  try {
    info = statSync(path);
  } catch {
    return;
  }
  if (info.isFile()) {
    into.add(path);
  } else if (info.isDirectory()) {
    for (const name of readdirSync(path).sort()) {
      if (name === 'node_modules' || name === '.git') continue;
      walk(join(path, name), into);
    }
  }
}
