import { isAbsolute, relative, resolve, sep } from 'node:path';
import type { NormalizedTask, Scenario } from '../../scenario/index.js';
import type { ReadOnlyDb } from '../sqlite.js';
import { type CoreSpec, specOf } from './core-spec.js';
import { type LaunchRecord, readLaunches } from './launch-record.js';
import type { AttemptWitnessSources } from './sources.js';
import { isModelRequest, readWireLog, type WireLog, type WireRequest } from './wire-log.js';
import {
  type WitnessedCall,
  type WitnessedCommand,
  witnessCalls,
  witnessCommands,
} from './witnessed-calls.js';

/** An interactions row, as the core wrote it. */
export interface InteractionRow {
  id: number;
  project_id: number;
  task_id: number;
  session_id: string;
  iteration: number;
  prompt: string;
  response: string;
  agent_session_id: string | null;
  input_tokens: number;
  output_tokens: number;
  cache_creation_tokens: number;
  cache_read_tokens: number;
  turns: number;
  cost_usd: number;
  duration_ms: number;
  error_subtype: string | null;
  is_error: number;
  quality_score: number | null;
  passes_gate: number | null;
  confidence: number | null;
  decision: string | null;
  feedback: string | null;
  created_at: string;
}

export interface TaskRow {
  id: number;
  project_id: number;
  milestone_id: number | null;
  parent_task_id: number | null;
  epic_id: number | null;
  story_id: number | null;
  task_type: string;
  title: string;
  description: string;
  status: string;
  priority: number;
  retry_count: number;
  max_retries: number;
  result: string | null;
  metadata: string;
  created_at: string;
  updated_at: string;
  started_at: string | null;
  completed_at: string | null;
}

export interface SessionRow {
  id: string;
  project_id: number;
  task_id: number | null;
  milestone_id: number | null;
  status: string;
  input_tokens: number;
  output_tokens: number;
  cache_creation_tokens: number;
  cache_read_tokens: number;
  turns: number;
  cost_usd: number;
  interaction_count: number;
  reason: string | null;
  created_at: string;
  ended_at: string | null;
}

/** An agent call the harness saw, with the interaction row the core wrote for it (when it wrote one). */
export interface CallRecord {
  call: WitnessedCall;
  row: InteractionRow | undefined;
}

/** What the witnesses say about one task of the attempt, next to what the core recorded. */
export interface TaskWitness {
  key: string;
  scenario: NormalizedTask;
  row: TaskRow | undefined;
  /** Its agent calls in the order they ran, each with its interaction row. */
  calls: CallRecord[];
  /** The confidence scorer's requests for this task, in order (an LLM scores). */
  scorer: WireRequest[];
}

/** Everything the witness invariants compare, read once per attempt. */
export interface AttemptWitness {
  sources: AttemptWitnessSources;
  spec: CoreSpec;
  /** Every launch in order (agent calls and evidence commands). */
  launches: LaunchRecord[];
  calls: WitnessedCall[];
  commands: WitnessedCommand[];
  wire: WireLog;
  interactions: InteractionRow[];
  tasks: TaskRow[];
  sessions: SessionRow[];
  /** Calls paired with their interaction: the k-th call of a session with its k-th row. */
  pairs: CallRecord[];
  /** Interaction rows no witnessed call accounts for. */
  unwitnessedRows: InteractionRow[];
  byTask: Map<number, TaskWitness>;
  /** The scenario task of each task row id (from what the harness created). */
  keyOf: Map<number, string>;
  /** Why some comparison cannot be made (a witness incomplete); empty when whole. */
  gaps: string[];
  /** A path relative to the workspace that the orchestrator or the harness writes: never the agent's work. */
  isNotWork(path: string): boolean;
  /** A name the evidence ignores at any depth (the config's evidence_ignore). */
  isIgnored(path: string): boolean;
}

const cache = new WeakMap<object, AttemptWitness>();

/** The attempt's witness, read once and shared by the invariants of one evaluation. */
export function attemptWitness(
  ctx: { scenario: Scenario; agentKind: 'claude-code' | 'command' | 'oracle' | 'null'; workspace: string },
  sources: AttemptWitnessSources,
  db: ReadOnlyDb,
): AttemptWitness {
  // Keyed by the connection: one evaluation opens the database once for every invariant.
  const cached = cache.get(db);
  if (cached?.sources === sources) return cached;
  const witness = build(ctx, sources, db);
  cache.set(db, witness);
  return witness;
}

function build(
  ctx: { scenario: Scenario; agentKind: 'claude-code' | 'command' | 'oracle' | 'null'; workspace: string },
  sources: AttemptWitnessSources,
  db: ReadOnlyDb,
): AttemptWitness {
  const spec = specOf(sources.config);
  const launches = readLaunches(sources.launches);
  const wire = readWireLog(sources.wire);
  const calls = witnessCalls(launches, ctx.scenario.agent, ctx.agentKind, wire);
  const interactions = db.prepare('SELECT * FROM interactions ORDER BY id').all() as InteractionRow[];
  const tasks = db.prepare('SELECT * FROM tasks ORDER BY id').all() as TaskRow[];
  const sessions = db.prepare('SELECT * FROM sessions ORDER BY created_at, id').all() as SessionRow[];

  // The k-th call of a session is the k-th interaction of that session.
  const rowsBySession = new Map<string, InteractionRow[]>();
  for (const row of interactions) {
    const list = rowsBySession.get(row.session_id) ?? [];
    list.push(row);
    rowsBySession.set(row.session_id, list);
  }
  const used = new Map<string, number>();
  const pairs: CallRecord[] = calls.map((call) => {
    if (call.sessionId === undefined) return { call, row: undefined };
    const k = used.get(call.sessionId) ?? 0;
    used.set(call.sessionId, k + 1);
    return { call, row: rowsBySession.get(call.sessionId)?.[k] };
  });
  pairUnkeyed(pairs, interactions);
  const paired = new Set(pairs.flatMap((p) => (p.row ? [p.row.id] : [])));
  const unwitnessedRows = interactions.filter((row) => !paired.has(row.id));

  const keyOf = new Map<number, string>();
  for (const [key, id] of sources.created.taskIds) keyOf.set(id, key);
  const scenarioTasks = new Map(ctx.scenario.tasks.map((t) => [t.id, t]));
  const rowById = new Map(tasks.map((t) => [t.id, t]));
  const byTask = new Map<number, TaskWitness>();
  for (const [key, id] of sources.created.taskIds) {
    const scenario = scenarioTasks.get(key);
    if (scenario) byTask.set(id, { key, scenario, row: rowById.get(id), calls: [], scorer: [] });
  }
  // A call is its interaction's task's; a call with no row (the store refused it) the task its prompt names.
  for (const pair of pairs) {
    const owner = pair.row
      ? byTask.get(pair.row.task_id)
      : taskOfPrompt([...byTask.values()], pair.call.prompt);
    owner?.calls.push(pair);
  }
  assignScorerRequests(byTask, wire, ctx.scenario.llm.kind !== 'heuristic');

  const gaps: string[] = [];
  if (sources.writeError) gaps.push(`the launch record could not be written (${sources.writeError})`);
  if (wire.cut) gaps.push("the model server's log reached its bound: later requests are not in it");

  const ignored = new Set(spec.evidenceIgnore);
  const notWork = new Set(
    sources.notWork.flatMap((path) => {
      const rel = relative(resolve(ctx.workspace), resolve(path));
      return rel === '' || rel.startsWith('..') || isAbsolute(rel) ? [] : [rel.split(sep).join('/')];
    }),
  );
  return {
    sources,
    spec,
    launches,
    calls,
    commands: witnessCommands(launches),
    wire,
    interactions,
    tasks,
    sessions,
    pairs,
    unwitnessedRows,
    byTask,
    keyOf,
    gaps,
    isIgnored: (path) => path.split('/').some((name) => ignored.has(name)),
    isNotWork: (path) => {
      const parts = path.split('/');
      return parts.some((_, i) => notWork.has(parts.slice(0, i + 1).join('/')));
    },
  };
}

/**
 * A command agent whose argv template carries no {{sessionId}}: its calls are paired with the rows no
 * witnessed session claims, in the order they ended (the order the core records them), and take the
 * session of their row (not witnessed: the session checks compare what they can).
 */
function pairUnkeyed(pairs: CallRecord[], interactions: readonly InteractionRow[]): void {
  const unkeyed = pairs.filter((p) => p.call.sessionId === undefined).sort((a, b) => a.call.end - b.call.end);
  if (unkeyed.length === 0) return;
  const claimed = new Set(pairs.flatMap((p) => (p.row ? [p.row.id] : [])));
  const free = interactions.filter((row) => !claimed.has(row.id));
  unkeyed.forEach((pair, k) => {
    pair.row = free[k];
    if (pair.row) pair.call.sessionId = pair.row.session_id;
  });
}

/** The task whose title and description a prompt carries (the longest such match). */
function taskOfPrompt(tasks: readonly TaskWitness[], prompt: string | undefined): TaskWitness | undefined {
  if (prompt === undefined) return undefined;
  let best: TaskWitness | undefined;
  let bestLength = -1;
  for (const task of tasks) {
    const { title, description } = task.scenario;
    if (!prompt.includes(title) || !prompt.includes(description)) continue;
    if (title.length + description.length > bestLength) {
      best = task;
      bestLength = title.length + description.length;
    }
  }
  return best;
}

/**
 * The confidence scorer's requests (model requests with no agent session, when an LLM scores), each
 * given to the task whose title and description it carries (the longest such match), in time order.
 */
function assignScorerRequests(byTask: Map<number, TaskWitness>, wire: WireLog, scores: boolean): void {
  if (!scores) return;
  const tasks = [...byTask.values()];
  for (const request of wire.requests) {
    // The scorer's requests offer no tools and carry no agent session (an agent's offer tools).
    if (!isModelRequest(request) || request.sessionId !== undefined || request.asked === undefined) continue;
    if (request.tools !== undefined && request.tools > 0) continue;
    taskOfPrompt(tasks, request.asked)?.scorer.push(request);
  }
}
