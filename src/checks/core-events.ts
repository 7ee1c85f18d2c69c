import type { OrchestratorEvent } from '../core/index.js';
import type { AttemptContext } from './context.js';

export type EventOf<T extends OrchestratorEvent['type']> = Extract<OrchestratorEvent, { type: T }>;

/**
 * A source of events that can pick one type itself, cheaper than a pass over every event (the run's
 * spool of core events parses only the lines of that type).
 */
export interface EventsByType extends Iterable<OrchestratorEvent> {
  ofType<T extends OrchestratorEvent['type']>(type: T): { event: EventOf<T>; index: number }[];
}

/** The events of one type with their position in the attempt's event list. Pure. */
export function eventsOf<T extends OrchestratorEvent['type']>(
  events: Iterable<OrchestratorEvent> | EventsByType,
  type: T,
): { event: EventOf<T>; index: number }[] {
  if ('ofType' in events) return events.ofType(type);
  const found: { event: EventOf<T>; index: number }[] = [];
  let index = 0;
  for (const event of events) {
    if (event.type === type) found.push({ event: event as EventOf<T>, index });
    index++;
  }
  return found;
}

/** `task calc (#3)` when the task is known by its scenario key, else `task #3`. */
export function taskLabel(ctx: Pick<AttemptContext, 'tasks'>, taskId: number | null): string {
  if (taskId === null) return 'a milestone';
  const outcome = ctx.tasks.find((t) => t.taskId === taskId);
  return outcome ? `task ${outcome.key} (#${taskId})` : `task #${taskId}`;
}

/** `task calc (#3) iteration 2` */
export function callLabel(
  ctx: Pick<AttemptContext, 'tasks'>,
  call: { taskId: number; iteration: number },
): string {
  return `${taskLabel(ctx, call.taskId)} iteration ${call.iteration}`;
}
