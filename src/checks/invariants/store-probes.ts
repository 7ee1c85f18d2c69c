import type Database from 'better-sqlite3';
import { type Store, StoreError } from '../../core/index.js';
import { errorMessage } from '../../shared/index.js';
import { rowDifferences } from './store-reads.js';

/** The rows a probe works on, made in the copy of the attempt's file before the probes run. */
export interface ProbeFixture {
  /** The attempt's own project and its first task (every attempt has them). */
  projectId: number;
  taskId: number;
  /** A second project with a task, a milestone, an active session and one interaction of that session. */
  otherProjectId: number;
  otherTaskId: number;
  /** Another task of the second project, not the session's. */
  secondTaskId: number;
  milestoneId: number;
  sessionId: string;
  interactionId: number;
  breakpointId: number;
}

export interface ProbeContext {
  store: Store;
  /** A plain connection to the same copy: what the file holds, read without the store. */
  file: Database.Database;
  /** The copy's clock: every stamp the store writes during the probes. */
  now: string;
  fixture: ProbeFixture;
}

/** One contract of the store: a problem when it does not hold, undefined when it does. */
export interface Probe {
  contract: string;
  run(p: ProbeContext): string | undefined;
}

type Row = Record<string, unknown>;

const count = (p: ProbeContext, table: string) =>
  (p.file.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

const rowOf = (p: ProbeContext, table: string, id: number | string) =>
  p.file.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(id) as Row | undefined;

/** The record the store returned against its row in the file. */
function matchesFile(p: ProbeContext, table: string, record: { id: number | string }): string | undefined {
  const row = rowOf(p, table, record.id);
  if (row === undefined) return `no ${table} row ${JSON.stringify(record.id)} in the file`;
  const differences = rowDifferences(row, { ...record, dependencies: undefined }).filter(
    (d) => !d.includes('has no dependencies'),
  );
  return differences.length > 0 ? differences.join('; ') : undefined;
}

/**
 * The write is refused with the typed store error `name` whose message mentions each of `mentions`,
 * and the table's rows are as before (the unit of work rolled back).
 */
function refused(
  p: ProbeContext,
  table: string,
  write: () => unknown,
  name: string,
  mentions: string[],
): string | undefined {
  const before = count(p, table);
  try {
    write();
  } catch (error) {
    if (!(error instanceof StoreError) || error.name !== name) {
      return `refused with ${error instanceof Error ? error.name : typeof error} (${errorMessage(error)}), not ${name}`;
    }
    const missing = mentions.filter((m) => !error.message.includes(m));
    if (missing.length > 0) return `the ${name} "${error.message}" does not name ${missing.join(', ')}`;
    const after = count(p, table);
    return after === before ? undefined : `${table} went from ${before} to ${after} rows on a refused write`;
  }
  return `accepted (${name} expected)`;
}

/** Refusals: what the store must never write (DESIGN.md section 4: typed errors that name the row). */
const REFUSALS: Probe[] = [
  {
    contract: 'a session id is never created twice',
    run: (p) =>
      refused(
        p,
        'sessions',
        () => p.store.sessions.create({ id: p.fixture.sessionId, projectId: p.fixture.otherProjectId }),
        'DuplicateIdError',
        [p.fixture.sessionId],
      ),
  },
  {
    contract: "an interaction is recorded only for its session's task",
    run: (p) =>
      refused(
        p,
        'interactions',
        () => p.store.interactions.record({ ...interactionInput(p), taskId: p.fixture.secondTaskId }),
        'InvalidValueError',
        ['interaction.taskId', p.fixture.sessionId],
      ),
  },
  {
    contract: "an interaction's task is in its session's project",
    run: (p) =>
      refused(
        p,
        'interactions',
        () => p.store.interactions.record({ ...interactionInput(p), taskId: p.fixture.taskId }),
        'InvalidValueError',
        ['interaction.taskId', "session's project"],
      ),
  },
  {
    contract: 'scores are on one scale, 0 to 1',
    run: (p) =>
      refused(
        p,
        'interactions',
        () => p.store.interactions.record({ ...interactionInput(p), qualityScore: 1.5 }),
        'InvalidValueError',
        ['interaction.qualityScore', '1.5'],
      ),
  },
  {
    contract: 'a file change names an interaction of its own task',
    run: (p) => {
      const theirs = p.file
        .prepare('SELECT id FROM interactions WHERE task_id != ? LIMIT 1')
        .get(p.fixture.otherTaskId) as { id: number } | undefined;
      if (theirs === undefined) return undefined; // the attempt made no agent call
      return refused(
        p,
        'file_changes',
        () =>
          p.store.fileChanges.record({
            taskId: p.fixture.otherTaskId,
            interactionId: theirs.id,
            path: 'probe.txt',
            changeType: 'created',
            hashAfter: 'a'.repeat(64),
          }),
        'InvalidValueError',
        ['fileChange.interactionId'],
      );
    },
  },
  {
    contract: 'a created file has no hash before',
    run: (p) =>
      refused(
        p,
        'file_changes',
        () =>
          p.store.fileChanges.record({
            taskId: p.fixture.otherTaskId,
            path: 'probe.txt',
            changeType: 'created',
            hashBefore: 'b'.repeat(64),
            hashAfter: 'a'.repeat(64),
          }),
        'InvalidValueError',
        ['fileChange.hashBefore'],
      ),
  },
  {
    contract: 'a dependency is a task of the same project',
    run: (p) =>
      refused(
        p,
        'tasks',
        () =>
          p.store.tasks.create({
            projectId: p.fixture.otherProjectId,
            title: 'probe',
            dependencies: [p.fixture.taskId],
          }),
        'InvalidValueError',
        ['task.dependencies[0]', 'same project'],
      ),
  },
  {
    contract: 'an epic reference names a task of type epic',
    run: (p) =>
      refused(
        p,
        'tasks',
        () =>
          p.store.tasks.create({
            projectId: p.fixture.otherProjectId,
            title: 'probe',
            epicId: p.fixture.otherTaskId,
          }),
        'InvalidValueError',
        ['must be a task of type epic', `task ${p.fixture.otherTaskId} is a task`],
      ),
  },
  {
    contract: 'a priority is 1 to 10',
    run: (p) =>
      refused(
        p,
        'tasks',
        () => p.store.tasks.create({ projectId: p.fixture.otherProjectId, title: 'probe', priority: 11 }),
        'InvalidValueError',
        ['task.priority', 'between 1 and 10'],
      ),
  },
  {
    contract: 'a task is created pending, ready or blocked',
    run: (p) =>
      refused(
        p,
        'tasks',
        () =>
          p.store.tasks.create({
            projectId: p.fixture.otherProjectId,
            title: 'probe',
            status: 'completed' as 'pending',
          }),
        'InvalidValueError',
        ['task.status'],
      ),
  },
  {
    contract: "a checkpoint's task belongs to its project",
    run: (p) =>
      refused(
        p,
        'checkpoints',
        () =>
          p.store.checkpoints.create({
            projectId: p.fixture.otherProjectId,
            taskId: p.fixture.taskId,
            label: 'probe',
            state: {},
          }),
        'InvalidValueError',
        ['checkpoint.taskId'],
      ),
  },
  {
    contract: 'a severity is one of its enum',
    run: (p) =>
      refused(
        p,
        'breakpoint_events',
        () =>
          p.store.breakpoints.create({
            projectId: p.fixture.otherProjectId,
            kind: 'probe',
            reason: 'probe',
            severity: 'extreme' as 'low',
          }),
        'EnumValueError',
        ['extreme'],
      ),
  },
  {
    contract: 'a reference to a missing row names it',
    run: (p) =>
      refused(
        p,
        'sessions',
        () => p.store.sessions.create({ projectId: p.fixture.otherProjectId, taskId: 999_999_999 }),
        'ForeignKeyError',
        ['999999999'],
      ),
  },
  {
    contract: "a task's session metrics need the task",
    run: (p) => {
      try {
        p.store.sessions.taskSessionMetrics(999_999_999);
        return 'answered for a task the file does not hold';
      } catch (error) {
        return error instanceof StoreError &&
          error.name === 'NotFoundError' &&
          error.message.includes('999999999')
          ? undefined
          : `threw ${errorMessage(error)}, not a NotFoundError naming task 999999999`;
      }
    },
  },
];

function interactionInput(p: ProbeContext) {
  return {
    sessionId: p.fixture.sessionId,
    taskId: p.fixture.otherTaskId,
    iteration: 1,
    prompt: 'probe prompt',
    response: 'probe response',
    agentSessionId: p.fixture.sessionId,
    usage: {
      inputTokens: 3,
      outputTokens: 2,
      cacheCreationTokens: 0,
      cacheReadTokens: 1,
      turns: 1,
      costUsd: 0.001,
    },
    durationMs: 5,
    isError: false,
  };
}

/** Checks a state change twice: the first is accepted and written, the second refused. */
function onceOnly(
  p: ProbeContext,
  table: string,
  change: () => { id: number | string },
  name: string,
  mentions: string[],
): string | undefined {
  const first = change();
  return matchesFile(p, table, first) ?? refused(p, table, change, name, mentions);
}

/** Round trips: what the store writes is what its file then holds, stamped with its clock. */
const ROUND_TRIPS: Probe[] = [
  {
    contract: 'a checkpoint is written as given and is the latest of its project and task',
    run: (p) => {
      const state = { step: 'probe', list: [1, 'two', null] };
      const made = p.store.checkpoints.create({
        projectId: p.fixture.otherProjectId,
        taskId: p.fixture.otherTaskId,
        label: 'probe',
        state,
      });
      const latest = p.store.checkpoints.latest(p.fixture.otherProjectId);
      const ofTask = p.store.checkpoints.latest(p.fixture.otherProjectId, p.fixture.otherTaskId);
      if (latest?.id !== made.id || ofTask?.id !== made.id)
        return 'latest does not return the newest checkpoint';
      if (made.createdAt !== p.now) return `created_at ${made.createdAt}, the clock says ${p.now}`;
      return matchesFile(p, 'checkpoints', made);
    },
  },
  {
    contract: 'a breakpoint is resolved once, then no longer unresolved',
    run: (p) => {
      const problem = onceOnly(
        p,
        'breakpoint_events',
        () => p.store.breakpoints.resolve(p.fixture.breakpointId, 'probe resolution'),
        'InvalidStateError',
        [String(p.fixture.breakpointId)],
      );
      const row = rowOf(p, 'breakpoint_events', p.fixture.breakpointId);
      if (row?.resolved_at !== p.now || row?.resolution !== 'probe resolution') {
        return problem ?? `resolved_at ${String(row?.resolved_at)}, resolution ${String(row?.resolution)}`;
      }
      const open = p.store.breakpoints.listByProject(p.fixture.otherProjectId, { unresolvedOnly: true });
      return (
        problem ??
        (open.some((b) => b.id === p.fixture.breakpointId) ? 'still listed as unresolved' : undefined)
      );
    },
  },
  {
    contract: "an interaction's assessment is updated alone",
    run: (p) => {
      const before = rowOf(p, 'interactions', p.fixture.interactionId)!;
      const after = p.store.interactions.updateAssessment(p.fixture.interactionId, {
        confidence: 0.25,
        feedback: 'probe feedback',
      });
      const row = rowOf(p, 'interactions', p.fixture.interactionId)!;
      const changed = Object.keys(row).filter((k) => row[k] !== before[k]);
      if (changed.sort().join() !== 'confidence,feedback')
        return `changed ${changed.join(', ') || 'nothing'}`;
      return matchesFile(p, 'interactions', after);
    },
  },
  {
    contract: 'usage added to a session adds to its totals, not to its interaction count',
    run: (p) => {
      const before = rowOf(p, 'sessions', p.fixture.sessionId)!;
      const after = p.store.sessions.addUsage(p.fixture.sessionId, {
        inputTokens: 7,
        cacheReadTokens: 2,
        costUsd: 0.5,
      });
      const row = rowOf(p, 'sessions', p.fixture.sessionId)!;
      const expected = {
        input_tokens: (before.input_tokens as number) + 7,
        cache_read_tokens: (before.cache_read_tokens as number) + 2,
        interaction_count: before.interaction_count,
        output_tokens: before.output_tokens,
      };
      const wrong = Object.entries(expected).filter(([k, v]) => row[k] !== v);
      if (wrong.length > 0)
        return wrong.map(([k, v]) => `${k} is ${String(row[k])}, expected ${String(v)}`).join('; ');
      if (Math.abs((row.cost_usd as number) - (before.cost_usd as number) - 0.5) > 1e-9)
        return 'cost_usd did not grow by 0.5';
      return matchesFile(p, 'sessions', after);
    },
  },
  {
    contract: 'an interaction adds its usage and one to its session, and is written as given',
    run: (p) => {
      const before = rowOf(p, 'sessions', p.fixture.sessionId)!;
      const made = p.store.interactions.record({
        ...interactionInput(p),
        decision: 'retry',
        feedback: 'probe',
      });
      const row = rowOf(p, 'sessions', p.fixture.sessionId)!;
      if (row.interaction_count !== (before.interaction_count as number) + 1)
        return 'interaction_count did not grow by 1';
      if (row.input_tokens !== (before.input_tokens as number) + 3) return 'input_tokens did not grow by 3';
      return matchesFile(p, 'interactions', made);
    },
  },
  {
    contract: 'a session is refreshed once, with its reason, and then takes no usage',
    run: (p) => {
      const problem = onceOnly(
        p,
        'sessions',
        () => p.store.sessions.refresh(p.fixture.sessionId, 'probe refresh'),
        'InvalidStateError',
        [p.fixture.sessionId],
      );
      const row = rowOf(p, 'sessions', p.fixture.sessionId)!;
      if (row.status !== 'refreshed' || row.reason !== 'probe refresh' || row.ended_at !== p.now) {
        return (
          problem ??
          `status ${String(row.status)}, reason ${String(row.reason)}, ended_at ${String(row.ended_at)}`
        );
      }
      return (
        problem ??
        refused(
          p,
          'interactions',
          () => p.store.interactions.record(interactionInput(p)),
          'InvalidStateError',
          [p.fixture.sessionId],
        )
      );
    },
  },
  {
    contract: 'a milestone is completed once',
    run: (p) =>
      onceOnly(
        p,
        'milestones',
        () => p.store.milestones.complete(p.fixture.milestoneId),
        'InvalidStateError',
        [String(p.fixture.milestoneId)],
      ),
  },
  {
    contract: 'a task update writes what it is given; its retries count up; running stamps started_at',
    run: (p) => {
      const id = p.fixture.otherTaskId;
      const updated = p.store.tasks.update(id, {
        title: 'probe title',
        priority: 9,
        metadata: { probe: true },
      });
      const retried = p.store.tasks.incrementRetry(id);
      if (retried.retryCount !== updated.retryCount + 1)
        return `retry_count ${retried.retryCount} after ${updated.retryCount}`;
      const running = p.store.tasks.updateStatus(id, 'running');
      if (running.startedAt !== p.now)
        return `started_at ${String(running.startedAt)}, the clock says ${p.now}`;
      return matchesFile(p, 'tasks', running);
    },
  },
  {
    contract: 'tasks listed by status, type, milestone and parent are those the file holds',
    run: (p) => {
      const project = p.fixture.projectId;
      const filters: [string, object, string, unknown][] = [
        ['status', { status: 'completed' }, 'status = ?', 'completed'],
        ['type', { taskType: 'story' }, 'task_type = ?', 'story'],
        ['milestone', { milestoneId: p.fixture.milestoneId }, 'milestone_id = ?', p.fixture.milestoneId],
        ['parent', { parentTaskId: p.fixture.taskId }, 'parent_task_id = ?', p.fixture.taskId],
      ];
      for (const [what, options, where, value] of filters) {
        const listed = p.store.tasks.listByProject(project, options).map((t) => t.id);
        const inFile = (
          p.file
            .prepare(`SELECT id FROM tasks WHERE project_id = ? AND ${where} ORDER BY id`)
            .all(project, value) as {
            id: number;
          }[]
        ).map((r) => r.id);
        if (listed.join() !== inFile.join())
          return `by ${what}: listed [${listed}], the file has [${inFile}]`;
      }
      return undefined;
    },
  },
  {
    contract: 'a project is updated as given, and once deleted takes no rows and is listed only when asked',
    run: (p) => {
      const id = p.fixture.otherProjectId;
      const updated = p.store.projects.update(id, {
        description: 'probe description',
        metadata: { probe: 1 },
      });
      const problem = matchesFile(p, 'projects', updated);
      if (problem) return problem;
      p.store.projects.softDelete(id);
      if (p.store.projects.list().some((x) => x.id === id)) return 'a deleted project is listed';
      if (!p.store.projects.list({ includeDeleted: true }).some((x) => x.id === id))
        return 'includeDeleted leaves it out';
      return (
        refused(p, 'projects', () => p.store.projects.update(id, { name: 'again' }), 'InvalidStateError', [
          String(id),
        ]) ??
        refused(
          p,
          'tasks',
          () => p.store.tasks.create({ projectId: id, title: 'probe' }),
          'InvalidStateError',
          [String(id)],
        )
      );
    },
  },
];

/** Every probe, in order: the refusals first (they leave the copy as it was), then the round trips. */
export const PROBES: readonly Probe[] = [...REFUSALS, ...ROUND_TRIPS];
