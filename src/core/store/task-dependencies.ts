import { checkInteger } from './codecs.js';
import type { StoreContext } from './context.js';
import { ForeignKeyError, InvalidValueError } from './errors.js';

/**
 * Task dependencies live in the `task_dependencies` join table (real foreign keys, so
 * `PRAGMA foreign_key_check` covers them). A task depends only on existing tasks of its own project,
 * never on itself, and the graph stays acyclic.
 */
export interface TaskDependencies {
  /** Ascending ids of the tasks `taskId` waits for. */
  of(taskId: number): number[];
  /** Replaces the dependencies of `taskId` (inside the caller's transaction); returns them as `of` would. */
  set(taskId: number, projectId: number, dependencies: readonly number[]): number[];
}

export function createTaskDependencies(ctx: StoreContext): TaskDependencies {
  const { db } = ctx;
  const select = db
    .prepare<[number], number>(
      'SELECT depends_on_id FROM task_dependencies WHERE task_id = ? ORDER BY depends_on_id',
    )
    .pluck();
  const projectOf = db.prepare<[number], number>('SELECT project_id FROM tasks WHERE id = ?').pluck();
  const remove = db.prepare('DELETE FROM task_dependencies WHERE task_id = ?');
  const insert = db.prepare('INSERT INTO task_dependencies (task_id, depends_on_id) VALUES (?, ?)');

  const reaches = (from: number, target: number): boolean => {
    const seen = new Set<number>();
    const stack = [from];
    while (stack.length > 0) {
      const id = stack.pop()!;
      if (id === target) return true;
      if (seen.has(id)) continue;
      seen.add(id);
      stack.push(...select.all(id));
    }
    return false;
  };

  return {
    of: (taskId) => select.all(taskId),
    set(taskId, projectId, dependencies) {
      const unique = [...new Set(dependencies)].sort((a, b) => a - b);
      for (const [i, dep] of unique.entries()) {
        const field = `task.dependencies[${i}]`;
        checkInteger(field, dep, 1);
        if (dep === taskId) throw new InvalidValueError(field, dep, 'must not be the task itself');
        const depProject = projectOf.get(dep);
        if (depProject === undefined) throw new ForeignKeyError(field, 'task', dep);
        if (depProject !== projectId) {
          throw new InvalidValueError(
            field,
            dep,
            `must be a task of the same project (${projectId}); task ${dep} belongs to project ${depProject}`,
          );
        }
        if (reaches(dep, taskId)) {
          throw new InvalidValueError(
            field,
            dep,
            `would make a cycle: task ${dep} already depends on task ${taskId}`,
          );
        }
      }
      remove.run(taskId);
      for (const dep of unique) insert.run(taskId, dep);
      return unique;
    },
  };
}
