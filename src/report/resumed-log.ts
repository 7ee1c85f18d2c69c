import type { RunEvent } from '../events/index.js';

/** The attempt an event belongs to, when it belongs to one. */
function attemptOf(event: RunEvent): string | undefined {
  switch (event.type) {
    case 'attempt_begin':
    case 'attempt_end':
    case 'core':
    case 'check':
      return event.attemptId;
    case 'finding':
      return event.attemptId;
    default:
      return undefined;
  }
}

/**
 * The events of a log without the attempts a resumed run ran again. `--resume` appends to the
 * interrupted run's events.jsonl; an attempt that was cut short appears twice: its first, partial
 * events, then a whole new run of it after a later attempt_begin with the same attempt id. Only the
 * last run of each attempt counts, so the report of a resumed run equals an uninterrupted run's.
 * Run-level events (run_begin, run_end, run-level findings) are kept: buildReport reads the first
 * run_begin and the last run_end. A log without repeats is returned as it is. Pure.
 */
export function latestAttemptEvents(events: readonly RunEvent[]): readonly RunEvent[] {
  const lastBegin = new Map<string, number>();
  events.forEach((event, index) => {
    if (event.type === 'attempt_begin') lastBegin.set(event.attemptId, index);
  });
  let repeats = false;
  events.forEach((event, index) => {
    if (event.type === 'attempt_begin' && lastBegin.get(event.attemptId) !== index) repeats = true;
  });
  if (!repeats) return events;
  return events.filter((event, index) => {
    const attemptId = attemptOf(event);
    return attemptId === undefined || index >= (lastBegin.get(attemptId) ?? 0);
  });
}
