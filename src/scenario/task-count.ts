import type { TasksParsed } from './expand-tasks.js';
import { MAX_TASKS } from './limits.js';
import type { DocPath } from './problem.js';

export interface TaskCountProblem {
  path: DocPath;
  message: string;
  hint: string;
}

/**
 * How many tasks `tasks` expands to (written tasks, plus each generator's `generate`, or `scale` when
 * given), counted without expanding anything. Pure.
 */
export function taskCount(tasks: TasksParsed, scale?: number): number {
  const list = Array.isArray(tasks) ? tasks : [tasks];
  return list.reduce((sum, task) => sum + ('generate' in task ? (scale ?? task.generate) : 1), 0);
}

/**
 * A problem when a scenario would expand to more than MAX_TASKS tasks (checked before expanding, so a
 * huge count costs nothing), else undefined.
 */
export function taskCountProblem(tasks: TasksParsed, scale?: number): TaskCountProblem | undefined {
  const count = taskCount(tasks, scale);
  if (count <= MAX_TASKS) return undefined;
  return {
    path: ['tasks'],
    message: `expand to ${count} tasks${scale === undefined ? '' : ` with --scale ${scale}`}; a scenario may have at most ${MAX_TASKS}`,
    hint: `ten times the largest run the project measures (10,000 tasks); lower generate${scale === undefined ? '' : ' or --scale'}, or split the scenario`,
  };
}
