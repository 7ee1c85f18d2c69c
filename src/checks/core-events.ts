import type { OrchestratorEvent } from '../core/index.js';
import type { AttemptContext, TaskOutcome } from './context.js';

export type EventOf<T extends OrchestratorEvent['type']> = Extract<OrchestratorEvent, { type: T }>;

/**
 * A source of events that can pick types itself, cheaper than a pass over every event (the run's
 * spool of core events reads only the lines of those types).
 */
export interface EventsByType extends Iterable<OrchestratorEvent> {
  ofTypes<T extends OrchestratorEvent['type']>(types: readonly T[]): { event: EventOf<T>; index: number }[];
  /** The same events, read as they are iterated: none of them is held after the loop moved on. */
  eachOfTypes<T extends OrchestratorEvent['type']>(
    types: readonly T[],
  ): Iterable<{ event: EventOf<T>; index: number }>;
}

/** The events of one type with their position in the attempt's event list. Pure. */
export function eventsOf<T extends OrchestratorEvent['type']>(
  events: Iterable<OrchestratorEvent> | EventsByType,
  type: T,
): { event: EventOf<T>; index: number }[] {
  return eventsOfTypes(events, [type]);
}

/** The events of any of these types, in order, with their position in the attempt's event list. Pure. */
export function eventsOfTypes<T extends OrchestratorEvent['type']>(
  events: Iterable<OrchestratorEvent> | EventsByType,
  types: readonly T[],
): { event: EventOf<T>; index: number }[] {
  if ('ofTypes' in events) return events.ofTypes(types);
  const wanted = new Set<OrchestratorEvent['type']>(types);
  const found: { event: EventOf<T>; index: number }[] = [];
  let index = 0;
  for (const event of events) {
    if (wanted.has(event.type)) found.push({ event: event as EventOf<T>, index });
    index++;
  }
  return found;
}

/**
 * The events of these types, in order, for one loop over them: from the run's spool they are parsed as
 * the loop asks, so a check that only walks them holds none (a list of a 10,000-task attempt's events,
 * held for a whole check, is what set the attempt's peak memory: docs/PERFORMANCE.md, figure 3c). Use
 * eventsOf / eventsOfTypes for a list to keep. Pure over a list; from the spool it reads its file.
 */
export function eachEventOf<T extends OrchestratorEvent['type']>(
  events: Iterable<OrchestratorEvent> | EventsByType,
  types: readonly T[],
): Iterable<{ event: EventOf<T>; index: number }> {
  if ('eachOfTypes' in events) return events.eachOfTypes(types);
  return eventsOfTypes(events, types);
}

const keysByTasks = new WeakMap<readonly TaskOutcome[], { length: number; keys: Map<number, string> }>();

/**
 * The scenario key of each task id, built once per task list: checks label every call, and a search of
 * the list per label made them O(tasks x calls) (0.1 s of an attempt's checks at 10,000 tasks).
 */
function keyOf(tasks: readonly TaskOutcome[], taskId: number): string | undefined {
  let index = keysByTasks.get(tasks);
  if (index?.length !== tasks.length) {
    const keys = new Map<number, string>();
    // The first task with an id names it, as a search of the list would.
    for (const t of tasks) if (!keys.has(t.taskId)) keys.set(t.taskId, t.key);
    index = { length: tasks.length, keys };
    keysByTasks.set(tasks, index);
  }
  return index.keys.get(taskId);
}

/** `task calc (#3)` when the task is known by its scenario key, else `task #3`. */
export function taskLabel(ctx: Pick<AttemptContext, 'tasks'>, taskId: number | null): string {
  if (taskId === null) return 'a milestone';
  const key = keyOf(ctx.tasks, taskId);
  return key === undefined ? `task #${taskId}` : `task ${key} (#${taskId})`;
}

/** `task calc (#3) iteration 2` */
export function callLabel(
  ctx: Pick<AttemptContext, 'tasks'>,
  call: { taskId: number; iteration: number },
): string {
  return `${taskLabel(ctx, call.taskId)} iteration ${call.iteration}`;
}
