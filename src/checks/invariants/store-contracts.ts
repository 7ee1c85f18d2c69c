import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openStore, type Store } from '../../core/index.js';
import { describeMachineFault, errorMessage } from '../../shared/index.js';
import type { ReadOnlyDb } from '../sqlite.js';
import { plural } from '../text.js';
import { PROBES, type ProbeContext, type ProbeFixture } from './store-probes.js';
import { rowDifferences } from './store-reads.js';
import { CannotJudge, type Invariant, type Violation, violation } from './types.js';

/** The copy's clock: every stamp written during the probes is this instant. */
const PROBE_TIME = new Date('2031-01-01T00:00:00.000Z');

/** Where the copy goes (in the attempt directory; removed after the probes). */
const COPY = 'store-contracts.sqlite';

/** The rows the probes work on: the attempt's project and first task, and a second project made here. */
function makeFixture(store: Store, file: Database.Database, violations: Violation[]): ProbeFixture {
  const first = file.prepare('SELECT id FROM projects ORDER BY id LIMIT 1').get() as
    | { id: number }
    | undefined;
  const projectId = first?.id ?? store.projects.create({ name: 'probe', workingDirectory: '/probe' }).id;
  const task = file.prepare('SELECT id FROM tasks WHERE project_id = ? ORDER BY id LIMIT 1').get(projectId) as
    | { id: number }
    | undefined;
  const taskId = task?.id ?? store.tasks.create({ projectId, title: 'probe' }).id;
  const other = store.projects.create({
    name: 'probe project',
    workingDirectory: '/probe',
    metadata: { probe: true },
  });
  const otherTask = store.tasks.create({ projectId: other.id, title: 'probe task', priority: 2 });
  const second = store.tasks.create({
    projectId: other.id,
    title: 'probe second task',
    dependencies: [otherTask.id],
  });
  const milestone = store.milestones.create({ projectId: other.id, name: 'probe milestone' });
  const session = store.sessions.create({ projectId: other.id, taskId: otherTask.id });
  const interaction = store.interactions.record({
    sessionId: session.id,
    taskId: otherTask.id,
    iteration: 1,
    prompt: 'probe prompt',
    response: 'probe response',
    agentSessionId: session.id,
    usage: {
      inputTokens: 10,
      outputTokens: 4,
      cacheCreationTokens: 1,
      cacheReadTokens: 0,
      turns: 2,
      costUsd: 0.01,
    },
    durationMs: 12,
    isError: false,
    qualityScore: 0.9,
    passesGate: true,
    confidence: 0.8,
    decision: 'proceed',
  });
  const breakpoint = store.breakpoints.create({
    projectId: other.id,
    taskId: otherTask.id,
    kind: 'probe',
    reason: 'probe',
    severity: 'medium',
  });
  const made: [string, { id: number | string }][] = [
    ['projects', other],
    ['tasks', otherTask],
    ['tasks', second],
    ['milestones', milestone],
    ['sessions', store.sessions.get(session.id)],
    ['interactions', interaction],
    ['breakpoint_events', breakpoint],
  ];
  for (const [table, record] of made) {
    const row = file.prepare(`SELECT * FROM ${table} WHERE id = ?`).get(record.id) as Record<string, unknown>;
    const { dependencies: _deps, ...fields } = record as Record<string, unknown>;
    for (const difference of rowDifferences(row ?? {}, row ? fields : undefined)) {
      violations.push(
        violation('store_contract', `${table} created as ${JSON.stringify(record.id)}: ${difference}`),
      );
    }
  }
  return {
    projectId,
    taskId,
    otherProjectId: other.id,
    otherTaskId: otherTask.id,
    secondTaskId: second.id,
    milestoneId: milestone.id,
    sessionId: session.id,
    interactionId: interaction.id,
    breakpointId: breakpoint.id,
  };
}

/** Runs every probe on the copy; a probe that throws is a violation too (the store failed a valid write). */
function runProbes(p: ProbeContext, violations: Violation[]): void {
  for (const probe of PROBES) {
    let problem: string | undefined;
    try {
      problem = probe.run(p);
    } catch (error) {
      problem = `threw ${error instanceof Error ? error.name : 'a non-error'}: ${errorMessage(error)}`;
    }
    if (problem !== undefined) violations.push(violation('store_contract', `${probe.contract}: ${problem}`));
  }
}

/**
 * The store keeps its contracts (DESIGN.md section 4) on the file this attempt wrote: on a copy of it,
 * with a clock of its own, every write the store refuses (a duplicate session id, an interaction of
 * another task or project, a score off the 0-1 scale, a file change of another task's interaction, a
 * dependency across projects, a reference to a missing row, a second resolve or complete...) is refused
 * with its typed error naming the row and leaves the file as it was, and every write it accepts
 * (checkpoints, resolutions, assessments, usage, refreshes, task and project updates, deletion) is what
 * the file then holds, stamped with the store's clock. The orchestrator calls only part of this API; a
 * library user calls all of it.
 */
export const storeContracts: Invariant = {
  name: 'store-contracts',
  title: 'the store keeps its contracts on this attempt’s file',
  expected:
    'on a copy of the database: every invalid write refused with its typed error, every valid one written as given',
  findingKind: 'store_contract',
  severity: 'major',
  usesDatabase: true,
  check(ctx, db: ReadOnlyDb) {
    const copy = join(ctx.attemptDir, COPY);
    const violations: Violation[] = [];
    removeCopy(copy);
    db.prepare('VACUUM INTO ?').run(copy);
    let store: Store | undefined;
    let file: Database.Database | undefined;
    try {
      store = openStore({ path: copy, clock: () => PROBE_TIME });
      file = new Database(copy);
      const fixture = makeFixture(store, file, violations);
      runProbes({ store, file, now: PROBE_TIME.toISOString(), fixture }, violations);
    } catch (error) {
      // The machine (no file descriptor left, a full disk) keeps the probes from starting: not judged.
      const fault = describeMachineFault(error, copy);
      if (fault !== undefined)
        throw new CannotJudge(`the probes could not start on a copy of the file: ${fault}`);
      violations.push(
        violation(
          'store_contract',
          `the probes could not start on a copy of the file: ${errorMessage(error)}`,
        ),
      );
    } finally {
      file?.close();
      store?.close();
      removeCopy(copy);
    }
    return { checked: `${plural(PROBES.length, 'contract')} of the store on a copy of the file`, violations };
  },
};

function removeCopy(path: string): void {
  for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path + suffix, { force: true });
}
