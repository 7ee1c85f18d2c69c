import type { Scenario } from '../scenario/index.js';

/**
 * Scenarios the oracle agent would run with nothing to apply (pure): the run's `--agent oracle` (or a
 * scenario's own `agent: { kind: oracle }`) on a scenario that has no `solution:`, neither at its top
 * level nor on any task. Such a run could only end `task_not_completed`, so it is refused before anything
 * runs. One line per scenario: `file:line:col` (its first task) and what to add. A scenario where only
 * some tasks lack a solution is left alone: a task may be meant to change nothing.
 */
export function oracleWithoutSolution(
  scenarios: readonly Scenario[],
  override: 'oracle' | 'null' | undefined,
): string[] {
  return scenarios
    .filter((s) => (override ?? s.agent.kind) === 'oracle')
    .filter((s) => s.solution === undefined && s.tasks.every((t) => t.solution === undefined))
    .map((s) => {
      const where = s.tasks[0]?.location;
      const at = where ? `${s.relFile}:${where.line}:${where.col}` : s.relFile;
      const how =
        override === 'oracle'
          ? 'or run this scenario without --agent oracle'
          : 'or give the scenario another agent';
      return `${at} scenario ${s.name} has no \`solution:\`, so the oracle agent has nothing to apply; add \`solution: { files: { path: content } }\` or \`solution: { dir: fixtures/<folder> }\` at the top level of the scenario (or to each task), ${how} (docs/SCENARIOS.md "solution")`;
    });
}
