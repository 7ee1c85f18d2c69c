import { closest } from '../shared/index.js';
import type { ProblemDraft, RuleContext } from './rule-context.js';
import type { NormalizedTask } from './types.js';

function taskDraft(
  task: NormalizedTask,
  field: string,
  draft: Omit<ProblemDraft, 'path' | 'at'>,
): ProblemDraft {
  return { path: `${task.source}.${field}`, at: task.location, ...draft };
}

/** Task ids are unique within a scenario (after generators are expanded). */
export function noDuplicateTaskIds({ scenario, report }: RuleContext): void {
  const first = new Map<string, NormalizedTask>();
  for (const task of scenario.tasks) {
    const earlier = first.get(task.id);
    if (earlier === undefined) {
      first.set(task.id, task);
      continue;
    }
    const sameGenerator = earlier.source === task.source;
    report(
      taskDraft(task, 'id', {
        message: sameGenerator
          ? `gives every generated task the same id "${task.id}"`
          : `duplicates task id "${task.id}" (first used at ${earlier.source}, line ${earlier.location.line})`,
        hint: sameGenerator ? 'put {{i}} in the generator\'s id, e.g. "task-{{i}}"' : 'rename one of them',
      }),
    );
  }
}

/** depends_on and task checks name tasks of this scenario ('*' = every task, in checks only). */
export function knownTaskIds({ scenario, report }: RuleContext): void {
  const ids = [...new Set(scenario.tasks.map((t) => t.id))];
  const known = new Set(ids);
  const hint = (id: string) => {
    const match = closest(id, ids);
    return match === undefined ? `known task ids: ${shortList(ids)}` : `Did you mean "${match}"?`;
  };
  for (const task of scenario.tasks) {
    for (const dep of task.dependsOn) {
      if (!known.has(dep)) {
        report(taskDraft(task, 'depends_on', { message: `names unknown task "${dep}"`, hint: hint(dep) }));
      }
    }
  }
  for (const check of scenario.checks) {
    if (check.kind === 'task' && check.task !== '*' && !known.has(check.task)) {
      report({
        path: ['checks', check.index, 'task'],
        message: 'names an unknown task',
        value: check.task,
        hint: hint(check.task),
      });
    }
  }
}

/** Milestone ids are unique; a task's milestone and store.locked_from name what exists. */
export function knownMilestonesAndLocks({ scenario, report }: RuleContext): void {
  const ids = scenario.milestones.map((m) => m.id);
  const seen = new Set<string>();
  for (const [index, milestone] of scenario.milestones.entries()) {
    if (seen.has(milestone.id)) {
      report({
        path: ['milestones', index, 'id'],
        message: 'duplicates a milestone id',
        value: milestone.id,
        hint: 'rename one of them',
      });
    }
    seen.add(milestone.id);
  }
  for (const task of scenario.tasks) {
    if (task.milestone === undefined || seen.has(task.milestone)) continue;
    const match = closest(task.milestone, ids);
    report(
      taskDraft(task, 'milestone', {
        message: `names unknown milestone "${task.milestone}"`,
        hint:
          match !== undefined
            ? `Did you mean "${match}"?`
            : ids.length === 0
              ? 'declare it under milestones: [{ id, name }]'
              : `known milestones: ${shortList(ids)}`,
      }),
    );
  }
  const locked = scenario.store.lockedFrom;
  if (locked !== undefined && !scenario.tasks.some((t) => t.id === locked)) {
    const match = closest(
      locked,
      scenario.tasks.map((t) => t.id),
    );
    report({
      path: ['store', 'locked_from'],
      message: 'names an unknown task',
      value: locked,
      ...(match === undefined ? {} : { hint: `Did you mean "${match}"?` }),
    });
  }
}

/** depends_on has no cycles; each cycle is named once, from its first task. */
export function noDependencyCycles({ scenario, report }: RuleContext): void {
  const byId = new Map<string, NormalizedTask>();
  for (const task of scenario.tasks) if (!byId.has(task.id)) byId.set(task.id, task);
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visit = (id: string): void => {
    state.set(id, 'visiting');
    stack.push(id);
    for (const dep of byId.get(id)?.dependsOn ?? []) {
      if (!byId.has(dep)) continue;
      if (state.get(dep) === 'visiting') {
        const cycle = stack.slice(stack.indexOf(dep));
        const key = [...cycle].sort().join('\u0000');
        if (!reported.has(key)) {
          reported.add(key);
          report(
            taskDraft(byId.get(dep)!, 'depends_on', {
              message: `forms a dependency cycle: ${[...cycle, dep].join(' → ')}`,
              hint: 'remove one of these dependencies',
            }),
          );
        }
      } else if (!state.has(dep)) {
        visit(dep);
      }
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of byId.keys()) if (!state.has(id)) visit(id);
}

function shortList(items: readonly string[], max = 8): string {
  return items.length <= max
    ? items.join(', ')
    : `${items.slice(0, max).join(', ')}, ... (${items.length} in all)`;
}
