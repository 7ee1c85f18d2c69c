import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidStateError, InvalidValueError } from './errors.js';
import type { Store } from './store.js';
import { createTempStores } from './test-helpers/temp-store.js';
import type { Usage } from './types.js';

/**
 * Random sequences of operations (create task, create session, record interaction, complete/abandon
 * session, a unit of work that fails midway, a unit of work that closes its session, an out-of-range
 * score) keep the store's invariants after every step:
 * - each session's usage totals equal the sum of its interactions (interaction_count their number),
 * - no orphan rows (PRAGMA foreign_key_check is clean),
 * - no session is left active after a completed unit of work that closes its sessions,
 * - the rows match a plain model of what succeeded (a failed unit of work leaves nothing behind).
 */
const temp = createTempStores();
afterEach(() => temp.cleanup());

const usageArb: fc.Arbitrary<Usage> = fc.record({
  inputTokens: fc.nat(100_000),
  outputTokens: fc.nat(10_000),
  cacheCreationTokens: fc.nat(5_000),
  cacheReadTokens: fc.nat(50_000),
  turns: fc.nat(50),
  costUsd: fc.double({ min: 0, max: 5, noNaN: true }),
});
const pick = fc.nat(1000);

type Simple =
  | { kind: 'createTask'; priority: number }
  | { kind: 'createSession'; task: number }
  | { kind: 'record'; session: number; usage: Usage; quality: number | null };
type Op =
  | Simple
  | { kind: 'complete' | 'abandon'; session: number }
  | { kind: 'failingUnit'; steps: Simple[] }
  | { kind: 'closingUnit'; task: number; usages: Usage[] }
  | { kind: 'badScore'; session: number; score: number };

const simpleArb: fc.Arbitrary<Simple> = fc.oneof(
  fc.record({ kind: fc.constant('createTask' as const), priority: fc.integer({ min: 1, max: 10 }) }),
  fc.record({ kind: fc.constant('createSession' as const), task: pick }),
  fc.record({
    kind: fc.constant('record' as const),
    session: pick,
    usage: usageArb,
    quality: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }),
  }),
);
const opArb: fc.Arbitrary<Op> = fc.oneof(
  { arbitrary: simpleArb, weight: 6 },
  {
    arbitrary: fc.record({ kind: fc.constantFrom('complete' as const, 'abandon' as const), session: pick }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('failingUnit' as const),
      steps: fc.array(simpleArb, { maxLength: 5 }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('closingUnit' as const),
      task: pick,
      usages: fc.array(usageArb, { maxLength: 4 }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('badScore' as const),
      session: pick,
      score: fc.oneof(fc.constant(Number.NaN), fc.constant(-0.1), fc.constant(1.5), fc.constant(85)),
    }),
    weight: 1,
  },
);

/** What should be in the store: the ids that exist and which sessions are still active. */
interface Model {
  projectId: number;
  tasks: number[];
  sessions: { id: string; taskId: number; active: boolean }[];
  interactions: number;
  closedByUnit: string[];
}

const UNIT_FAILED = new Error('unit of work failed midway');

/** Applies one simple op to store and model (a record with no session to pick does nothing). */
function applySimple(store: Store, model: Model, op: Simple): void {
  if (op.kind === 'createTask') {
    model.tasks.push(
      store.tasks.create({ projectId: model.projectId, title: 't', priority: op.priority }).id,
    );
  } else if (op.kind === 'createSession') {
    const taskId = model.tasks[op.task % model.tasks.length]!;
    model.sessions.push({
      id: store.sessions.create({ projectId: model.projectId, taskId }).id,
      taskId,
      active: true,
    });
  } else {
    const session = model.sessions[op.session % Math.max(1, model.sessions.length)];
    if (session === undefined) return;
    const input = {
      sessionId: session.id,
      taskId: session.taskId,
      iteration: 1,
      prompt: 'p',
      response: 'r',
      agentSessionId: session.id,
      usage: op.usage,
      durationMs: 5,
      isError: false,
      qualityScore: op.quality,
    };
    if (session.active) {
      store.interactions.record(input);
      model.interactions++;
    } else {
      expect(() => store.interactions.record(input)).toThrow(InvalidStateError);
    }
  }
}

function apply(store: Store, model: Model, op: Op): void {
  switch (op.kind) {
    case 'createTask':
    case 'createSession':
    case 'record':
      applySimple(store, model, op);
      return;
    case 'complete':
    case 'abandon': {
      const session = model.sessions[op.session % Math.max(1, model.sessions.length)];
      if (session === undefined) return;
      const end = () =>
        op.kind === 'complete'
          ? store.sessions.complete(session.id)
          : store.sessions.abandon(session.id, 'test');
      if (session.active) {
        end();
        session.active = false;
      } else {
        expect(end).toThrow(InvalidStateError);
      }
      return;
    }
    case 'failingUnit': {
      const scratch: Model = structuredClone(model);
      expect(() =>
        store.transaction(() => {
          for (const step of op.steps) applySimple(store, scratch, step);
          throw UNIT_FAILED;
        }),
      ).toThrow(UNIT_FAILED);
      return;
    }
    case 'closingUnit': {
      const taskId = model.tasks[op.task % model.tasks.length]!;
      const id = store.transaction(() => {
        const session = store.sessions.create({ projectId: model.projectId, taskId });
        for (const [i, usage] of op.usages.entries()) {
          store.interactions.record({
            sessionId: session.id,
            taskId,
            iteration: i + 1,
            prompt: 'p',
            response: 'r',
            agentSessionId: session.id,
            usage,
            durationMs: 1,
            isError: false,
          });
        }
        store.sessions.complete(session.id);
        return session.id;
      });
      model.sessions.push({ id, taskId, active: false });
      model.interactions += op.usages.length;
      model.closedByUnit.push(id);
      return;
    }
    case 'badScore': {
      const session = model.sessions.find((s) => s.active);
      if (session === undefined) return;
      expect(() =>
        store.interactions.record({
          sessionId: session.id,
          taskId: session.taskId,
          iteration: 1,
          prompt: 'p',
          response: 'r',
          agentSessionId: session.id,
          usage: {
            inputTokens: 1,
            outputTokens: 1,
            cacheCreationTokens: 0,
            cacheReadTokens: 0,
            turns: 1,
            costUsd: 0,
          },
          durationMs: 1,
          isError: false,
          confidence: op.score,
        }),
      ).toThrow(InvalidValueError);
    }
  }
}

interface TotalsRow {
  id: string;
  status: string;
  input_tokens: number;
  output_tokens: number;
  cache_creation_tokens: number;
  cache_read_tokens: number;
  turns: number;
  cost_usd: number;
  interaction_count: number;
  sum_input: number;
  sum_output: number;
  sum_cache_creation: number;
  sum_cache_read: number;
  sum_turns: number;
  sum_cost: number;
  n: number;
}

function checkInvariants(store: Store, model: Model): void {
  const rows = store.db
    .prepare<[], TotalsRow>(
      `SELECT s.*, COALESCE(SUM(i.input_tokens), 0) AS sum_input, COALESCE(SUM(i.output_tokens), 0) AS sum_output,
         COALESCE(SUM(i.cache_creation_tokens), 0) AS sum_cache_creation,
         COALESCE(SUM(i.cache_read_tokens), 0) AS sum_cache_read, COALESCE(SUM(i.turns), 0) AS sum_turns,
         COALESCE(SUM(i.cost_usd), 0) AS sum_cost, COUNT(i.id) AS n
       FROM sessions s LEFT JOIN interactions i ON i.session_id = s.id GROUP BY s.id ORDER BY s.rowid`,
    )
    .all();
  for (const row of rows) {
    expect([
      row.input_tokens,
      row.output_tokens,
      row.cache_creation_tokens,
      row.cache_read_tokens,
      row.turns,
    ]).toEqual([row.sum_input, row.sum_output, row.sum_cache_creation, row.sum_cache_read, row.sum_turns]);
    expect(row.interaction_count).toBe(row.n);
    // SQLite's SUM over REAL uses compensated summation; the session adds one call at a time.
    expect(Math.abs(row.cost_usd - row.sum_cost)).toBeLessThan(1e-9);
  }
  expect(store.db.pragma('foreign_key_check')).toEqual([]);
  expect(rows.map((r) => [r.id, r.status === 'active'])).toEqual(model.sessions.map((s) => [s.id, s.active]));
  for (const id of model.closedByUnit) expect(store.sessions.get(id).status).toBe('completed');
  expect(store.tasks.listByProject(model.projectId).map((t) => t.id)).toEqual(model.tasks);
  expect(store.db.prepare('SELECT COUNT(*) FROM interactions').pluck().get()).toBe(model.interactions);
  expect(store.db.inTransaction).toBe(false);
}

describe('store invariants under random operation sequences', () => {
  it('hold after every operation', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
        const store = temp.open();
        try {
          const project = store.projects.create({ name: 'prop', workingDirectory: '/prop' });
          const first = store.tasks.create({ projectId: project.id, title: 'first' });
          const model: Model = {
            projectId: project.id,
            tasks: [first.id],
            sessions: [],
            interactions: 0,
            closedByUnit: [],
          };
          for (const op of ops) {
            apply(store, model, op);
            checkInvariants(store, model);
          }
        } finally {
          store.close();
        }
      }),
      { numRuns: 150 },
    );
  });
});
