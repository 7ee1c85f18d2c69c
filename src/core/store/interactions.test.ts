import { afterEach, describe, expect, it } from 'vitest';
import { EnumValueError, ForeignKeyError, InvalidStateError, InvalidValueError } from './errors.js';
import type { RecordInteractionInput } from './interactions.js';
import { catchError } from './test-helpers/catch-error.js';
import { createTempStores, seedSession, usage } from './test-helpers/temp-store.js';

const temp = createTempStores();
afterEach(() => temp.cleanup());

describe('interactions.record', () => {
  it('stores every field and adds the usage to the session in the same transaction', () => {
    const store = temp.open();
    const { project, task, session, interaction } = seedSession(store);
    const recorded = store.interactions.record({
      ...interaction,
      errorSubtype: 'error_max_turns',
      isError: true,
      qualityScore: 0.42,
      passesGate: false,
      confidence: 0.3,
      decision: 'retry',
      feedback: 'divide must raise ValueError',
    });
    expect(recorded).toEqual({
      id: recorded.id,
      projectId: project.id,
      taskId: task.id,
      sessionId: session.id,
      iteration: 1,
      prompt: 'Create calculator.py',
      response: 'Done.',
      agentSessionId: session.id,
      ...usage(),
      durationMs: 1234,
      errorSubtype: 'error_max_turns',
      isError: true,
      qualityScore: 0.42,
      passesGate: false,
      confidence: 0.3,
      decision: 'retry',
      feedback: 'divide must raise ValueError',
      createdAt: recorded.createdAt,
    });
    expect(store.interactions.get(recorded.id)).toEqual(recorded);
    expect(store.sessions.get(session.id)).toMatchObject({ ...usage(), interactionCount: 1 });
  });

  it('lists by task and by session, in order', () => {
    const store = temp.open();
    const { project, task, session, interaction } = seedSession(store);
    const a = store.interactions.record(interaction);
    const s2 = store.sessions.create({ projectId: project.id, taskId: task.id });
    const b = store.interactions.record({ ...interaction, sessionId: s2.id, iteration: 2 });
    const c = store.interactions.record({
      ...interaction,
      iteration: 3,
      agentSessionId: null,
      durationMs: 12.6,
    });
    // What record returns is the row as stored (it is not read back): the same as a read of it.
    for (const recorded of [a, b, c]) expect(store.interactions.get(recorded.id)).toEqual(recorded);
    expect(store.interactions.listByTask(task.id).map((i) => i.id)).toEqual([a.id, b.id, c.id]);
    expect(store.interactions.listBySession(session.id).map((i) => i.id)).toEqual([a.id, c.id]);
    expect(store.interactions.listBySession(s2.id).map((i) => i.id)).toEqual([b.id]);
  });

  it('updateAssessment sets the validation fields later', () => {
    const store = temp.open();
    const { interaction } = seedSession(store);
    const { id } = store.interactions.record(interaction);
    const updated = store.interactions.updateAssessment(id, {
      qualityScore: 0.9,
      passesGate: true,
      decision: 'proceed',
    });
    expect(updated).toMatchObject({
      qualityScore: 0.9,
      passesGate: true,
      confidence: null,
      decision: 'proceed',
    });
    expect(() => store.interactions.updateAssessment(id, { confidence: 1.5 })).toThrow(
      'interaction.confidence must be a score between 0 and 1',
    );
    expect(() => store.interactions.updateAssessment(404, {})).toThrow('interaction 404 not found');
  });

  type Case = [
    string,
    (i: RecordInteractionInput) => RecordInteractionInput,
    new (...args: never[]) => Error,
    string,
  ];
  it.each<Case>([
    [
      'quality 85',
      (i) => ({ ...i, qualityScore: 85 }),
      InvalidValueError,
      'interaction.qualityScore must be a score between 0 and 1 (a percentage must be divided by 100); got 85',
    ],
    ['quality -0.1', (i) => ({ ...i, qualityScore: -0.1 }), InvalidValueError, 'got -0.1'],
    [
      'confidence 1.5',
      (i) => ({ ...i, confidence: 1.5 }),
      InvalidValueError,
      'interaction.confidence must be a score',
    ],
    ['confidence NaN', (i) => ({ ...i, confidence: Number.NaN }), InvalidValueError, 'got NaN'],
    [
      'decision "ship"',
      (i) => ({ ...i, decision: 'ship' as never }),
      EnumValueError,
      'interaction.decision: "ship" is not one of proceed | retry | clarify | escalate',
    ],
    [
      'iteration 0',
      (i) => ({ ...i, iteration: 0 }),
      InvalidValueError,
      'interaction.iteration must be an integer >= 1',
    ],
    [
      'negative tokens',
      (i) => ({ ...i, usage: usage({ outputTokens: -5 }) }),
      InvalidValueError,
      'interaction.usage.outputTokens',
    ],
    [
      'a missing session',
      (i) => ({ ...i, sessionId: '1b4e28ba-2fa1-11d2-883f-0016d3cca427' }),
      ForeignKeyError,
      'interaction.sessionId: session "1b4e28ba-2fa1-11d2-883f-0016d3cca427" not found',
    ],
    [
      'a missing task',
      (i) => ({ ...i, taskId: 404 }),
      ForeignKeyError,
      'interaction.taskId: task 404 not found',
    ],
  ])('refuses %s and writes nothing', (_case, change, type, message) => {
    const store = temp.open();
    const { session, interaction } = seedSession(store);
    const error = catchError(() => store.interactions.record(change(interaction)));
    expect(error).toBeInstanceOf(type);
    expect((error as Error).message).toContain(message);
    expect(store.interactions.listBySession(session.id)).toEqual([]);
    expect(store.sessions.get(session.id)).toMatchObject({ inputTokens: 0, interactionCount: 0 });
  });

  it('refuses a task other than the session task, and a task of another project', () => {
    const store = temp.open();
    const { project, interaction } = seedSession(store);
    const sibling = store.tasks.create({ projectId: project.id, title: 'sibling' });
    expect(() => store.interactions.record({ ...interaction, taskId: sibling.id })).toThrow(
      `interaction.taskId must be the task of session "${interaction.sessionId}" (task ${interaction.taskId}); got ${sibling.id}`,
    );
    const other = store.projects.create({ name: 'o', workingDirectory: '/o' });
    const foreign = store.tasks.create({ projectId: other.id, title: 'foreign' });
    expect(() => store.interactions.record({ ...interaction, taskId: foreign.id })).toThrow(
      `must be a task of the session's project ${project.id}; it belongs to ${other.id}`,
    );
  });

  it('refuses to record into a session that has ended', () => {
    const store = temp.open();
    const { session, interaction } = seedSession(store);
    store.sessions.complete(session.id);
    const error = catchError(() => store.interactions.record(interaction));
    expect(error).toBeInstanceOf(InvalidStateError);
    expect(store.interactions.listBySession(session.id)).toEqual([]);
  });
});
