import type { AttemptContext } from '../context.js';
import { eachEventOf, taskLabel } from '../core-events.js';
import { plural, quote } from '../text.js';
import { type Invariant, type Violation, violation } from './types.js';

interface TaskRun {
  title: string | undefined;
  /** Feedback of the decisions so far in this run of the task, with their iteration. */
  feedback: { iteration: number; text: string }[];
}

/** What a prompt lacks: title, description, or an earlier iteration's feedback. */
function missingParts(
  prompt: string,
  task: { title: string | undefined; description: string | undefined },
  feedback: readonly { iteration: number; text: string }[],
): string[] {
  const missing: string[] = [];
  if (task.title && !prompt.includes(task.title)) missing.push(`the title ${quote(task.title)}`);
  if (task.description && !prompt.includes(task.description)) {
    missing.push(`the description ${quote(task.description, 60)}`);
  }
  for (const f of feedback) {
    if (!prompt.includes(f.text))
      missing.push(`the feedback of iteration ${f.iteration} ${quote(f.text, 80)}`);
  }
  return missing;
}

/**
 * 10. Every iteration's prompt carries the task's title and description and, from the second iteration
 * on, the feedback of every earlier decision of the task (feedback that never reaches the agent makes
 * retries pointless). Titles come from task_start, descriptions from the task outcomes.
 */
export const promptCarriesTask: Invariant = {
  name: 'prompt-carries-task',
  title: 'each prompt carries the task and the earlier feedback',
  expected: 'every iteration_start prompt contains the task title and description and all earlier feedback',
  findingKind: 'feedback_dropped',
  severity: 'blocker',
  usesDatabase: false,
  check(ctx: AttemptContext) {
    const descriptions = new Map(ctx.tasks.map((t) => [t.taskId, t]));
    const runs = new Map<number, TaskRun>();
    const violations: Violation[] = [];
    let prompts = 0;
    for (const { event } of eachEventOf(ctx.coreEvents, ['task_start', 'decision', 'iteration_start'])) {
      if (event.type === 'task_start') runs.set(event.taskId, { title: event.title, feedback: [] });
      else if (event.type === 'decision' && event.feedback) {
        runs.get(event.taskId)?.feedback.push({ iteration: event.iteration, text: event.feedback });
      } else if (event.type === 'iteration_start') {
        prompts++;
        const run = runs.get(event.taskId);
        const outcome = descriptions.get(event.taskId);
        const earlier = (run?.feedback ?? []).filter((f) => f.iteration < event.iteration);
        const missing = missingParts(
          event.prompt,
          { title: run?.title ?? outcome?.title, description: outcome?.description },
          earlier,
        );
        if (missing.length > 0) {
          violations.push(
            violation(
              'feedback_dropped',
              `the prompt of ${taskLabel(ctx, event.taskId)} iteration ${event.iteration} lacks ${missing.join(', ')}`,
            ),
          );
        }
      }
    }
    return { checked: plural(prompts, 'prompt'), violations };
  },
};
