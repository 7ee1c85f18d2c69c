import type { Store } from '../core/index.js';
import type { Scenario } from '../scenario/index.js';

/** What the harness created in the attempt's store: its own record, a witness for the invariants. */
export interface CreatedTasks {
  projectId: number;
  /** Scenario task id → task row id. */
  taskIds: ReadonlyMap<string, number>;
  /** Scenario milestone id → milestone row id. */
  milestoneIds: ReadonlyMap<string, number>;
}

/**
 * Creates the attempt's project, the scenario's milestones and tasks in the store (the key and template
 * variables in metadata), then wires dependencies by key.
 */
export function createTasks(
  store: Store,
  scenario: Scenario,
  workspace: string,
  attempt: number,
): CreatedTasks {
  return store.transaction(() => {
    const project = store.projects.create({
      name: scenario.name,
      description: scenario.description ?? '',
      workingDirectory: workspace,
      metadata: { scenario: scenario.name, attempt },
    });
    const milestoneIds = new Map<string, number>();
    for (const milestone of scenario.milestones) {
      const created = store.milestones.create({
        projectId: project.id,
        name: milestone.name,
        description: milestone.description,
      });
      milestoneIds.set(milestone.id, created.id);
    }
    const taskIds = new Map<string, number>();
    for (const task of scenario.tasks) {
      const created = store.tasks.create({
        projectId: project.id,
        title: task.title,
        description: task.description,
        taskType: task.type,
        priority: task.priority,
        ...(task.milestone === undefined ? {} : { milestoneId: milestoneIds.get(task.milestone)! }),
        metadata: {
          key: task.id,
          vars: task.vars,
          ...(task.maxIterations === undefined ? {} : { maxIterations: task.maxIterations }),
        },
      });
      taskIds.set(task.id, created.id);
    }
    for (const task of scenario.tasks) {
      if (task.dependsOn.length === 0) continue;
      store.tasks.update(taskIds.get(task.id)!, {
        dependencies: task.dependsOn.map((key) => taskIds.get(key)!),
      });
    }
    return { projectId: project.id, taskIds, milestoneIds };
  });
}
