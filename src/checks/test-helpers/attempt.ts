import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import {
  type Agent,
  type CoreConfigInput,
  createAgent,
  createOrchestrator,
  type DecisionAction,
  directLauncher,
  type OrchestratorEvent,
  openStore,
  type ProcessLauncher,
} from '../../core/index.js';
import type { AttemptMetrics } from '../../events/index.js';
import type { Check } from '../../scenario/index.js';
import type { AttemptContext, TaskOutcome } from '../context.js';
import { protectedPathsOf, watchIsolation } from '../isolation.js';
import { type LaunchRecord, readLaunches } from '../witness/launch-record.js';
import { createLaunchWitness } from '../witness/launch-witness.js';
import { walkWorkspace } from '../witness/workspace-walk.js';
import { testScenario } from './scenario.js';

const here = dirname(fileURLToPath(import.meta.url));

/** One step of the fake Claude CLI (see fake-claude.mjs). */
export interface FakeStep {
  write?: Record<string, string>;
  text?: string;
  session?: 'echo' | 'other' | 'none';
  subtype?: string;
}

export interface TaskSpec {
  key: string;
  title: string;
  description: string;
  /** Oracle agent: files written by the reference solution. */
  solution?: Record<string, string>;
  /** Claude agent: the fake CLI's steps for this task. */
  steps?: FakeStep[];
}

export interface AttemptSpec {
  agent: 'oracle' | 'claude';
  tasks: TaskSpec[];
  /** Files the workspace starts with. */
  workspace?: Record<string, string>;
  /** Run the tasks as stories of one milestone (one shared, resumed session). */
  milestone?: boolean;
  config?: CoreConfigInput;
}

export interface RealAttempt {
  ctx: AttemptContext;
  /** Temp folder holding everything; removed by cleanup(). */
  dir: string;
  cleanup(): void;
}

/** Writes `files` (relative path → content) under `root`, creating folders. */
export function writeTree(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

function buildAgent(spec: AttemptSpec, dir: string, logDir: string, launcher: ProcessLauncher): Agent {
  if (spec.agent === 'oracle') {
    const byKey = new Map(spec.tasks.map((t) => [t.key, t.solution]));
    return createAgent({
      kind: 'oracle',
      solutionFor: (task) => {
        const files = task.key === undefined ? undefined : byKey.get(task.key);
        return files ? { files } : undefined;
      },
    });
  }
  const plan = join(dir, 'plan.json');
  writeFileSync(plan, JSON.stringify(Object.fromEntries(spec.tasks.map((t) => [t.title, t.steps ?? [{}]]))));
  const binary = join(dir, 'claude');
  writeFileSync(binary, `#!/bin/sh\nexec "${process.execPath}" "${join(here, 'fake-claude.mjs')}" "$@"\n`);
  chmodSync(binary, 0o755);
  return createAgent({
    kind: 'claude-code',
    binary,
    home: join(dir, 'home'),
    tmpDir: join(dir, 'agent-tmp'),
    logDir,
    env: { FAKE_CLAUDE_PLAN: plan },
    launcher,
  });
}

function outcomes(db: Database.Database, events: readonly OrchestratorEvent[]): TaskOutcome[] {
  const rows = db.prepare('SELECT id, title, description, status, metadata FROM tasks ORDER BY id').all() as {
    id: number;
    title: string;
    description: string;
    status: string;
    metadata: string;
  }[];
  return rows.map((row) => {
    const end = events.find(
      (e): e is Extract<OrchestratorEvent, { type: 'task_end' }> =>
        e.type === 'task_end' && e.taskId === row.id,
    );
    const decisions = events.flatMap((e): DecisionAction[] =>
      e.type === 'decision' && e.taskId === row.id ? [e.action] : [],
    );
    const last = events.findLast(
      (e): e is Extract<OrchestratorEvent, { type: 'decision' }> =>
        e.type === 'decision' && e.taskId === row.id,
    );
    return {
      key: String((JSON.parse(row.metadata) as { key?: unknown }).key ?? row.id),
      taskId: row.id,
      title: row.title,
      description: row.description,
      runStatus: end?.status,
      storeStatus: row.status,
      iterations: end?.iterations ?? 0,
      decisions,
      ...(last
        ? {
            lastDecision: {
              action: last.action,
              reason: last.reason,
              ...(last.feedback === undefined ? {} : { feedback: last.feedback }),
            },
          }
        : {}),
      durationMs: end?.durationMs ?? 0,
      ...(end?.error ? { error: end.error } : {}),
    };
  });
}

/** The attempt aggregates, computed the simple way (no percentiles beyond the max). */
export function simpleMetrics(
  tasks: readonly TaskOutcome[],
  events: readonly OrchestratorEvent[],
): AttemptMetrics {
  const calls = events.flatMap((e) => (e.type === 'agent_call_end' ? [e] : []));
  const inputTokens = calls.reduce((n, c) => n + c.usage.inputTokens, 0);
  const outputTokens = calls.reduce((n, c) => n + c.usage.outputTokens, 0);
  const maxTaskMs = tasks.reduce((m, t) => Math.max(m, t.durationMs), 0);
  return {
    tasks: tasks.length,
    tasksCompleted: tasks.filter((t) => t.storeStatus === 'completed').length,
    tasksFailed: tasks.filter((t) => t.storeStatus !== 'completed').length,
    errors: events.filter((e) => e.type === 'error').length,
    agentCalls: calls.length,
    iterations: tasks.reduce((n, t) => n + t.iterations, 0),
    inputTokens,
    outputTokens,
    totalTokens: inputTokens + outputTokens,
    costUsd: calls.reduce((n, c) => n + c.usage.costUsd, 0),
    turns: calls.reduce((n, c) => n + c.numTurns, 0),
    p50TaskMs: maxTaskMs,
    p95TaskMs: maxTaskMs,
    maxTaskMs,
    totalMs: tasks.reduce((n, t) => n + t.durationMs, 0),
  };
}

/**
 * A REAL attempt: a temp run directory, a workspace, a SQLite store, the orchestrator core with the
 * oracle agent or the claude-code agent (driving fake-claude.mjs as its binary), every core event
 * collected. Returns the AttemptContext the runner would build.
 */
export async function runRealAttempt(spec: AttemptSpec, checks: Check[] = []): Promise<RealAttempt> {
  const dir = mkdtempSync(join(tmpdir(), 'obra-checks-'));
  const runDir = join(dir, 'run');
  const attemptDir = join(runDir, 'attempts', 'test-1');
  const workspace = join(attemptDir, 'workspace');
  const database = join(attemptDir, 'obra.sqlite');
  mkdirSync(workspace, { recursive: true });
  writeTree(workspace, spec.workspace ?? {});
  const initial = walkWorkspace(workspace).files;
  const initialHashes = new Map([...initial].map(([path, file]) => [path, file.sha256]));
  const launches = join(attemptDir, 'launches.jsonl');
  const witness = createLaunchWitness({
    file: launches,
    workspace,
    initial,
    inner: directLauncher,
    redact: (text) => text,
  });
  const scenario = {
    ...testScenario(
      checks,
      spec.agent === 'oracle' ? { kind: 'oracle' } : { kind: 'claude-code', model: 'replay' },
    ),
    tasks: spec.tasks.map((task, index) => ({
      id: task.key,
      title: task.title,
      description: task.description,
      type: spec.milestone ? ('story' as const) : ('task' as const),
      dependsOn: [],
      priority: 5,
      ...(spec.milestone ? { milestone: 'm' } : {}),
      vars: {},
      location: { file: 'scenarios/test.yaml', line: 1, col: 1 },
      source: `tasks[${index}]`,
    })),
    milestones: spec.milestone ? [{ id: 'm', name: 'm', description: '' }] : [],
  };
  // The watched project root is its own folder: the test's fake agent keeps its plan and state in `dir`.
  const projectDir = join(dir, 'project');
  writeTree(projectDir, { 'README.md': 'the project root of the attempt\n' });
  const isolation = watchIsolation({
    rootDir: projectDir,
    reportsDir: runDir,
    protectedPaths: protectedPathsOf(scenario),
  });
  const coreEvents: OrchestratorEvent[] = [];
  const store = openStore({ path: database });
  const config = { maxTurns: { task: 4, story: 4, cap: 20 }, ...spec.config };
  const built = buildAgent(spec, dir, join(attemptDir, 'logs'), witness.launcher('agent'));
  const agent = spec.agent === 'oracle' ? witness.wrapAgent(built) : built;
  const taskIds = new Map<string, number>();
  const milestoneIds = new Map<string, number>();
  let projectId = 0;
  try {
    const orchestrator = createOrchestrator({
      store,
      agent,
      config,
      onEvent: (event) => coreEvents.push(event),
    });
    const project = store.projects.create({
      name: 'test',
      workingDirectory: workspace,
      metadata: { scenario: 'test', attempt: 1 },
    });
    projectId = project.id;
    const milestone = spec.milestone
      ? store.milestones.create({ projectId: project.id, name: 'm' })
      : undefined;
    if (milestone) milestoneIds.set('m', milestone.id);
    for (const task of spec.tasks) {
      const created = store.tasks.create({
        projectId: project.id,
        title: task.title,
        description: task.description,
        ...(milestone ? { milestoneId: milestone.id, taskType: 'story' as const } : {}),
        metadata: { key: task.key },
      });
      taskIds.set(task.key, created.id);
    }
    if (milestone) await orchestrator.runMilestone(milestone.id);
    else await orchestrator.runProject(project.id);
  } finally {
    store.close();
  }
  const db = new Database(database, { readonly: true });
  const tasks = outcomes(db, coreEvents);
  db.close();
  const ctx: AttemptContext = {
    scenario,
    attemptId: 'test#1',
    runDir,
    attemptDir,
    workspace,
    database,
    rootDir: dir,
    tasks,
    metrics: simpleMetrics(tasks, coreEvents),
    coreEvents,
    initialHashes,
    witness: {
      launches,
      initial,
      final: walkWorkspace(workspace, witness.lastWalk().files).files,
      created: { projectId, taskIds, milestoneIds },
      notWork: [...store.files, ...agent.ownFiles],
      config: config as Record<string, unknown>,
      concurrency: 1,
    },
    agentKind: spec.agent === 'oracle' ? 'oracle' : 'claude-code',
    leftoverProcesses: 0,
    stopped: false,
    isolation,
  };
  return { ctx, dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The context with these checks declared (indexes renumbered). */
export function withChecks(ctx: AttemptContext, checks: Check[]): AttemptContext {
  return { ...ctx, scenario: testScenario(checks, ctx.scenario.agent) };
}

/**
 * A copy of the attempt's database broken by `sql` (foreign keys off, so a row can be deleted the way a
 * buggy core would leave it), as a new context.
 */
export function withBrokenDatabase(ctx: AttemptContext, name: string, sql: string): AttemptContext {
  const copy = join(ctx.attemptDir, `${name}.sqlite`);
  copyFileSync(ctx.database, copy);
  const db = new Database(copy);
  try {
    db.pragma('foreign_keys = OFF');
    db.exec(sql);
  } finally {
    db.close();
  }
  return { ...ctx, database: copy };
}

/** The context with its core events replaced by `edit` of a deep copy. */
export function withEditedEvents(
  ctx: AttemptContext,
  edit: (events: OrchestratorEvent[]) => OrchestratorEvent[] | undefined,
): AttemptContext {
  const events = structuredClone([...ctx.coreEvents]);
  return { ...ctx, coreEvents: edit(events) ?? events };
}

/** The context with its launch record replaced by `edit` of its records (a copy; the file is not touched). */
export function withEditedLaunches(
  ctx: AttemptContext,
  name: string,
  edit: (launches: LaunchRecord[]) => LaunchRecord[] | undefined,
): AttemptContext {
  const launches = readLaunches(ctx.witness.launches);
  const edited = edit(launches) ?? launches;
  const file = join(ctx.attemptDir, `${name}.launches.jsonl`);
  writeFileSync(file, edited.map((l) => `${JSON.stringify(l)}\n`).join(''));
  return { ...ctx, witness: { ...ctx.witness, launches: file } };
}

/**
 * The context with a model server log made from its launches, as the server would have logged them
 * (each call one request: its session, its prompt asked, its printed reply served), edited by `edit`.
 */
export function withWireLog(
  ctx: AttemptContext,
  name: string,
  edit: (lines: Record<string, unknown>[]) => Record<string, unknown>[] | undefined = () => undefined,
): AttemptContext {
  const lines = readLaunches(ctx.witness.launches)
    .filter((l) => l.role === 'agent')
    .map((l, i) => {
      const at = (flag: string) => l.argv[l.argv.indexOf(flag) + 1];
      const printed = JSON.parse(l.stdout) as { result?: string };
      return {
        seq: i + 1,
        time: new Date(l.start + 1).toISOString(),
        method: 'POST',
        path: '/v1/messages',
        sessionId:
          at('--session-id') === undefined || !l.argv.includes('--session-id')
            ? at('--resume')
            : at('--session-id'),
        protocol: 'anthropic',
        stream: true,
        model: at('--model'),
        step: 0,
        outcome: { kind: 'turn', cassette: 'test', conversation: 'test', turn: 0 },
        status: 200,
        duration_ms: 1,
        asked: at('-p'),
        served: { text: printed.result ?? '', toolCalls: [], stopReason: 'end_turn' },
      };
    });
  const file = join(ctx.attemptDir, `${name}.model-server.jsonl`);
  writeFileSync(file, (edit(lines) ?? lines).map((l) => `${JSON.stringify(l)}\n`).join(''));
  return { ...ctx, witness: { ...ctx.witness, wire: file } };
}
