import type { Store } from '../core/index.js';
import type { Scenario } from '../scenario/index.js';

/**
 * Creates the attempt's project and the scenario's tasks in the store (the key and template variables
 * in metadata), then wires dependencies by key. Returns the project id.
 */
export function createTasks(store: Store, scenario: Scenario, workspace: string, attempt: number): number {
  return store.transaction(() => {
    const project = store.projects.create({
      name: scenario.name,
      description: scenario.description ?? '',
      workingDirectory: workspace,
      metadata: { scenario: scenario.name, attempt },
    });
    const ids = new Map<string, number>();
    for (const task of scenario.tasks) {
      const created = store.tasks.create({
        projectId: project.id,
        title: task.title,
        description: task.description,
        taskType: task.type,
        priority: task.priority,
        metadata: {
          key: task.id,
          vars: task.vars,
          ...(task.maxIterations === undefined ? {} : { maxIterations: task.maxIterations }),
        },
      });
      ids.set(task.id, created.id);
    }
    for (const task of scenario.tasks) {
      if (task.dependsOn.length === 0) continue;
      store.tasks.update(ids.get(task.id)!, { dependencies: task.dependsOn.map((key) => ids.get(key)!) });
    }
    return project.id;
  });
}
