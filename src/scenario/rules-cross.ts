import { closest } from '../shared/index.js';
import type { ProblemDraft } from './rule-context.js';
import type { Scenario } from './types.js';
import type { Locate } from './yaml-source.js';

/** A scenario that passed the schema, with the means to point into its file. */
export interface LoadedScenario {
  scenario: Scenario;
  locate: Locate;
}

/** A rule over all loaded scenarios together; reports against one of them. */
export type CrossRule = (
  loaded: readonly LoadedScenario[],
  report: (where: LoadedScenario, draft: ProblemDraft) => void,
) => void;

/** Scenario names are unique across the loaded files; the later file names the earlier one. */
export const noDuplicateScenarioNames: CrossRule = (loaded, report) => {
  const first = new Map<string, LoadedScenario>();
  for (const entry of loaded) {
    const earlier = first.get(entry.scenario.name);
    if (earlier === undefined) {
      first.set(entry.scenario.name, entry);
      continue;
    }
    const at = earlier.locate(['name']);
    report(entry, {
      path: ['name'],
      message: `is already used by ${earlier.scenario.relFile}:${at.line}:${at.col}`,
      value: entry.scenario.name,
      hint: 'scenario names must be unique: rename one of them',
    });
  }
};

/** `needs` names loaded scenarios, not itself, and forms no cycle. */
export const needsKnownScenarios: CrossRule = (loaded, report) => {
  const byName = new Map(loaded.map((entry) => [entry.scenario.name, entry]));
  const names = [...byName.keys()];
  for (const entry of loaded) {
    entry.scenario.needs.forEach((need, j) => {
      const path = ['needs', j];
      if (need === entry.scenario.name) {
        report(entry, { path, message: 'names the scenario itself', value: need });
      } else if (!byName.has(need)) {
        const match = closest(need, names);
        report(entry, {
          path,
          message: 'names a scenario that is not among the loaded files',
          value: need,
          hint:
            match === undefined
              ? 'include the file that defines it in the paths to run (e.g. the scenarios/ folder)'
              : `Did you mean "${match}"? Otherwise include the file that defines it in the paths to run`,
        });
      }
    });
  }
  reportNeedsCycles(loaded, byName, report);
};

function reportNeedsCycles(
  loaded: readonly LoadedScenario[],
  byName: ReadonlyMap<string, LoadedScenario>,
  report: (where: LoadedScenario, draft: ProblemDraft) => void,
): void {
  const reported = new Set<string>();
  for (const start of loaded) {
    // Follow every path from `start`; a path back to `start` is a cycle (reported once per member set).
    const stack: { name: string; trail: string[] }[] = [{ name: start.scenario.name, trail: [] }];
    const seen = new Set<string>();
    while (stack.length > 0) {
      const { name, trail } = stack.pop()!;
      for (const need of byName.get(name)?.scenario.needs ?? []) {
        if (need === name || !byName.has(need)) continue;
        const next = [...trail, name];
        if (need === start.scenario.name) {
          const key = [...next].sort().join('\u0000');
          if (reported.has(key)) continue;
          reported.add(key);
          report(start, {
            path: ['needs'],
            message: `forms a cycle: ${[...next, need].join(' → ')}`,
            hint: 'a scenario cannot (indirectly) need itself',
          });
        } else if (!seen.has(need)) {
          seen.add(need);
          stack.push({ name: need, trail: next });
        }
      }
    }
  }
}

export const crossRules: readonly CrossRule[] = [noDuplicateScenarioNames, needsKnownScenarios];
