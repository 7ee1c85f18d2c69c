import { resolve } from 'node:path';
import { followsFromRemoval, type Removal, removalOf, validateWhatRemains } from '../shared/prune.js';
import { displayPath } from './display-path.js';
import { nodeFs, type ScenarioFs } from './file-system.js';
import { normalizeScenario } from './normalize.js';
import { type DocPath, formatPath, formatProblem, type ScenarioProblem, sortProblems } from './problem.js';
import { placeDraft } from './rule-context.js';
import { scenarioRules } from './rules.js';
import type { LoadedScenario } from './rules-cross.js';
import type { ScenarioParsed } from './schema.js';
import { checkSchema, valueAt } from './schema-problems.js';
import { taskCountProblem } from './task-count.js';
import type { Scenario } from './types.js';
import { type Locate, readYaml } from './yaml-source.js';

export interface ParseOptions {
  /** The project root: scenario paths are relative to it. */
  rootDir: string;
  /** Every generator produces this many tasks instead of its `generate` count (`--scale N`). */
  scale?: number;
  /** The file system the rules look at (existence, symlinks, globs). Default: the real one. */
  fs?: ScenarioFs;
}

export interface ParsedFile {
  problems: ScenarioProblem[];
  /**
   * Present when the file passed the schema (even if semantic rules found problems), or when what
   * remains of it without the nodes the schema rejected does (then `pruned` names those nodes).
   */
  loaded?: LoadedScenario;
  /**
   * The nodes left out so that the rest could be checked: a semantic problem that may only follow from
   * their removal is not reported (followsFromRemoval), also by the rules across files.
   */
  removal?: Removal & { data: unknown };
}

/** YAML → schema → normalize → semantic rules, for one file's text. Never throws for bad input. */
export function parseScenarioFile(text: string, file: string, options: ParseOptions): ParsedFile {
  const absFile = resolve(options.rootDir, file);
  const relFile = displayPath(options.rootDir, absFile);
  const source = readYaml(text, relFile);
  if (source.problems.length > 0) return { problems: source.problems };
  if (source.empty) {
    return {
      problems: [
        {
          file: relFile,
          line: 1,
          col: 1,
          path: '',
          message: 'is empty',
          hint: 'a scenario needs at least version: 1, name and tasks',
        },
      ],
    };
  }
  const schema = checkSchema(source.data, relFile, source.locate);
  if (schema.ok) return checkSemantics(schema.parsed, undefined, source.locate, absFile, relFile, options);
  // Schema and semantic problems in one pass: the rules run on what remains without the rejected nodes.
  const remains = validateWhatRemains(source.data, schema.paths, (data) => {
    const again = checkSchema(data, relFile, source.locate);
    return again.ok ? { ok: true, value: again.parsed } : { ok: false, paths: again.paths };
  });
  if (remains === undefined) return { problems: unique(schema.problems) };
  const removal = { ...removalOf(remains.pruned, (path) => formatPath(path as DocPath)), data: source.data };
  const semantic = checkSemantics(remains.value, removal, source.locate, absFile, relFile, options);
  return { ...semantic, problems: unique([...schema.problems, ...semantic.problems]), removal };
}

/** Task count → normalize → semantic rules, on schema-valid data; problems that follow from `removal` left out. */
function checkSemantics(
  parsed: ScenarioParsed,
  removal: (Removal & { data: unknown }) | undefined,
  locate: Locate,
  absFile: string,
  relFile: string,
  options: ParseOptions,
): ParsedFile {
  const locationOf = (path: DocPath) => ({ file: relFile, ...locate(path) });
  const tooMany = taskCountProblem(parsed.tasks, options.scale);
  if (tooMany !== undefined) {
    return {
      problems: [
        { ...locationOf(tooMany.path), path: 'tasks', message: tooMany.message, hint: tooMany.hint },
      ],
    };
  }
  const scenario = normalizeScenario(parsed, {
    file: absFile,
    relFile,
    rootDir: options.rootDir,
    ...(options.scale === undefined ? {} : { scale: options.scale }),
    locationOf,
  });
  const problems: ScenarioProblem[] = [];
  const context = {
    scenario,
    rootDir: resolve(options.rootDir),
    fs: options.fs ?? nodeFs,
    report: (draft: Parameters<typeof placeDraft>[0]) => {
      const problem = placeDraft(draft, relFile, locate);
      if (
        removal === undefined ||
        !followsFromRemoval(removal, problem.path, lackingIn(draft.path, removal.data))
      )
        problems.push(problem);
    },
  };
  for (const rule of scenarioRules) rule(context);
  return { problems: unique(problems), loaded: { scenario, locate } };
}

/**
 * One scenario from its text: `scenario` is set only when there is no problem. Rules across files
 * (duplicate names, `needs`) run in loadScenarios, not here.
 */
export function parseScenario(
  text: string,
  file: string,
  options: ParseOptions,
): { scenario?: Scenario; problems: ScenarioProblem[] } {
  const parsed = parseScenarioFile(text, file, options);
  if (parsed.problems.length === 0 && parsed.loaded)
    return { scenario: parsed.loaded.scenario, problems: [] };
  return { problems: parsed.problems };
}

/** Sorted by position, without repeats (a generator's N tasks can share one problem). */
export function unique(problems: readonly ScenarioProblem[]): ScenarioProblem[] {
  const seen = new Set<string>();
  return sortProblems(problems).filter((p) => {
    const key = formatProblem(p);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The mapping (formatted) in which a problem's key is missing from the document, if it is. */
function lackingIn(path: DocPath | string, data: unknown): string | undefined {
  if (typeof path === 'string' || valueAt(data, path) !== undefined) return undefined;
  return formatPath(path.slice(0, -1));
}
