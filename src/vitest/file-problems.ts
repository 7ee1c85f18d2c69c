import type { Scenario, ScenarioProblem } from '../scenario/index.js';

/**
 * What fails one scenario file under Vitest, from the load of its whole folder (pure): its own problems,
 * and, when it `needs` a scenario that did not load cleanly (directly or through another it needs), the
 * problems of the folder's other files, since such a file cannot be named from the scenario name alone.
 * A problem in a file this one does not need fails only that file. Also returns the files of the valid
 * scenarios it needs (transitively): the run loads them with it, so its `needs` resolve.
 */
export function problemsOfFile(
  relFile: string,
  loaded: { scenarios: readonly Scenario[]; problems: readonly ScenarioProblem[] },
): { problems: ScenarioProblem[]; needed: Scenario[] } {
  const own = loaded.problems.filter((p) => p.file === relFile);
  const others = loaded.problems.filter((p) => p.file !== relFile);
  const byName = new Map(loaded.scenarios.map((s) => [s.name, s]));
  const self = loaded.scenarios.find((s) => s.relFile === relFile);
  const needed: Scenario[] = [];
  let brokenNeed = own.length > 0 && own.some((p) => p.path.startsWith('needs'));
  const seen = new Set<string>();
  const visit = (scenario: Scenario) => {
    for (const name of scenario.needs) {
      if (seen.has(name)) continue;
      seen.add(name);
      const dep = byName.get(name);
      if (!dep) {
        brokenNeed = true;
        continue;
      }
      needed.push(dep);
      visit(dep);
    }
  };
  if (self) visit(self);
  return { problems: brokenNeed ? [...own, ...others] : own, needed };
}
