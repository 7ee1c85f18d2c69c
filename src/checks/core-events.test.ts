import { describe, expect, it } from 'vitest';
import type { TaskOutcome } from './context.js';
import { callLabel, taskLabel } from './core-events.js';

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
