import { describe, expect, it } from 'vitest';
import type { OrchestratorEvent } from '../core/index.js';
import type { TaskOutcome } from './context.js';
import { callLabel, type EventsByType, eachEventOf, eventsOfTypes, taskLabel } from './core-events.js';

function outcome(taskId: number, key: string): TaskOutcome {
  return {
    key,
    taskId,
    title: key,
    description: key,
    runStatus: undefined,
    storeStatus: 'pending',
    iterations: 0,
    decisions: [],
    durationMs: 0,
  };
}

describe('taskLabel', () => {
  it('names a task by its scenario key, an unknown id by its number, a null id as the milestone', () => {
    const ctx = { tasks: [outcome(1, 'calc'), outcome(2, 'csv')] };
    expect(taskLabel(ctx, 2)).toBe('task csv (#2)');
    expect(taskLabel(ctx, 9)).toBe('task #9');
    expect(taskLabel(ctx, null)).toBe('a milestone');
    expect(callLabel(ctx, { taskId: 1, iteration: 3 })).toBe('task calc (#1) iteration 3');
  });

  it('sees tasks added to the list after its first label, and keeps the first task of a repeated id', () => {
    const tasks = [outcome(1, 'first')];
    const ctx = { tasks };
    expect(taskLabel(ctx, 2)).toBe('task #2');
    tasks.push(outcome(2, 'later'), outcome(1, 'duplicate'));
    expect(taskLabel(ctx, 2)).toBe('task later (#2)');
    expect(taskLabel(ctx, 1)).toBe('task first (#1)');
  });
});

describe('eachEventOf', () => {
  const events: OrchestratorEvent[] = [
    { type: 'task_start', taskId: 1, title: 'a', taskType: 'task', time: 1 },
    { type: 'iteration_end', taskId: 1, iteration: 1, action: 'proceed', time: 2 },
    { type: 'task_start', taskId: 2, title: 'b', taskType: 'task', time: 3 },
  ];

  it('walks the events of the types asked for, in order, from a plain list', () => {
    expect([...eachEventOf(events, ['task_start'])]).toEqual(eventsOfTypes(events, ['task_start']));
    expect([...eachEventOf(events, ['task_start'])].map((found) => found.index)).toEqual([0, 2]);
  });

  it("uses a source's own stream when it has one (the run's spool), not a list of its events", () => {
    let streamed: readonly string[] = [];
    const source = {
      [Symbol.iterator]: () => events[Symbol.iterator](),
      ofTypes: () => {
        throw new Error('a list was asked for');
      },
      eachOfTypes: <T extends OrchestratorEvent['type']>(types: readonly T[]) => {
        streamed = types;
        return eventsOfTypes(events, types);
      },
    } as EventsByType;
    expect([...eachEventOf(source, ['iteration_end'])].map((found) => found.index)).toEqual([1]);
    expect(streamed).toEqual(['iteration_end']);
  });
});
