import { resolve } from 'node:path';
import { followsFromRemoval } from '../shared/prune.js';
import { displayPath } from './display-path.js';
import type { ScenarioFs } from './file-system.js';
import { MAX_TASKS } from './limits.js';
import { type ParsedFile, parseScenarioFile, unique } from './parse-scenario.js';
import type { ScenarioProblem } from './problem.js';
import { findScenarioFiles, readScenarioText } from './read.js';
import { placeDraft } from './rule-context.js';
import { crossRules, type LoadedScenario } from './rules-cross.js';
import type { Scenario } from './types.js';

export interface LoadOptions {
  /** The project root (normally the cwd): scenario paths are relative to it. */
  rootDir: string;
  /** Every generator produces this many tasks (`--scale N`). */
  scale?: number;
  /** The file system the semantic rules look at. Default: the real one. */
  fs?: ScenarioFs;
}

export interface LoadResult {
  /** The scenarios whose files have no problem, in load order. */
  scenarios: Scenario[];
  /** Every problem of every file (empty when all is well), in load order then by position. */
  problems: ScenarioProblem[];
}

/**
 * Loads scenario files and folders: read → YAML → schema → normalize → rules, per file, then the rules
 * across files. Collects every problem of every file; never throws for bad input.
 */
export async function loadScenarios(paths: readonly string[], options: LoadOptions): Promise<LoadResult> {
  const rootDir = resolve(options.rootDir);
  const problems: ScenarioProblem[] = [];
  if (
    options.scale !== undefined &&
    !(Number.isInteger(options.scale) && options.scale >= 1 && options.scale <= MAX_TASKS)
  ) {
    problems.push({
      file: '--scale',
      line: 0,
      col: 0,
      path: '',
      message: `must be a whole number from 1 to ${MAX_TASKS}`,
      value: options.scale,
    });
    return { scenarios: [], problems };
  }
  const found = await findScenarioFiles(paths, rootDir);
  problems.push(...found.problems);
  const parsed: ParsedFile[] = [];
  for (const file of found.files) {
    const text = await readScenarioText(file, displayPath(rootDir, file));
    parsed.push(
      text.ok ? parseScenarioFile(text.text, file, { ...options, rootDir }) : { problems: [text.problem] },
    );
  }
  const loaded = parsed.flatMap((p) => (p.loaded ? [p.loaded] : []));
  const crossProblems = new Map<LoadedScenario, ScenarioProblem[]>();
  for (const rule of crossRules) {
    rule(loaded, (where, draft) => {
      const list = crossProblems.get(where) ?? [];
      list.push(placeDraft(draft, where.scenario.relFile, where.locate));
      crossProblems.set(where, list);
    });
  }
  const scenarios: Scenario[] = [];
  for (const file of parsed) {
    const { removal } = file;
    const cross = (file.loaded ? (crossProblems.get(file.loaded) ?? []) : []).filter(
      (problem) => removal === undefined || !followsFromRemoval(removal, problem.path),
    );
    const fileProblems = unique([...file.problems, ...cross]);
    problems.push(...fileProblems);
    if (file.loaded && fileProblems.length === 0) scenarios.push(file.loaded.scenario);
  }
  return { scenarios, problems };
}
