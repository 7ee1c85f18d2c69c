import type { CoreConfig } from '../config/index.js';

/** The first --max-turns of a call, by task type. */
export function initialMaxTurns(taskType: string, config: CoreConfig['maxTurns']): number {
  const byType: Record<string, number> = {
    task: config.task,
    subtask: config.subtask,
    story: config.story,
    epic: config.epic,
  };
  return Math.min(byType[taskType] ?? config.task, config.cap);
}

/** The next cap after error_max_turns, or undefined when it cannot be raised (cap reached, retries used). */
export function raisedMaxTurns(
  current: number,
  resumesSoFar: number,
  config: CoreConfig['maxTurns'],
): number | undefined {
  if (resumesSoFar >= config.retries || current >= config.cap) return undefined;
  return Math.min(config.cap, Math.max(current + 1, Math.ceil(current * config.factor)));
}
