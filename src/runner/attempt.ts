import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { type AttemptContext, evaluateChecks, evaluateInvariants } from '../checks/index.js';
import {
  type CoreConfigInput,
  createOrchestrator,
  type OrchestratorEvent,
  openStore,
  type ProcessTracker,
  snapshotWorkspace,
} from '../core/index.js';
import {
  type AttemptVerdict,
  attemptIdOf,
  type CheckResult,
  type EventWriter,
  type RawFinding,
} from '../events/index.js';
import { loadCassette, type ModelServer, startModelServer } from '../model-server/index.js';
import type { Scenario } from '../scenario/index.js';
import { errorMessage } from '../shared/index.js';
import { createBudget } from './budget.js';
import { agentKindOf, buildAgent, buildLlm } from './build-agent.js';
import { createEventSpool } from './event-spool.js';
import { attemptMetrics, taskOutcomes } from './outcomes.js';
import { createTasks } from './tasks.js';
import { attemptVerdict } from './verdict.js';

export interface AttemptInput {
  scenario: Scenario;
  attempt: number;
  config: CoreConfigInput;
  runDir: string;
  rootDir: string;
  writer: EventWriter;
  tracker: ProcessTracker & { size(): number; killAll(signal?: NodeJS.Signals): number };
  override: 'oracle' | 'null' | undefined;
  concurrency: number | undefined;
  env: NodeJS.ProcessEnv;
  /** The run's stop signal (Ctrl+C). */
  signal: AbortSignal;
  /** Set when the attempt must not run (requires or needs unmet). */
  blockedReason?: string;
}

export interface AttemptSummary {
  attemptId: string;
  verdict: AttemptVerdict;
  interrupted: boolean;
}

/**
 * One attempt of a scenario, start to end: a fresh workspace, its own SQLite file, the model server,
 * the real orchestrator over every task (within the budgets), then the checks and invariants. Whatever
 * happens, an attempt_end event is written and nothing is left running.
 */
export async function runAttempt(input: AttemptInput): Promise<AttemptSummary> {
  const { scenario, writer } = input;
  const attemptId = attemptIdOf(scenario.name, input.attempt);
  const attemptDir = join(input.runDir, 'attempts', `${scenario.name}-${input.attempt}`);
  const workspace = join(attemptDir, 'workspace');
  const database = join(attemptDir, 'obra.sqlite');
  const started = performance.now();
  mkdirSync(workspace, { recursive: true });
  writer.write({
    type: 'attempt_begin',
    attemptId,
    scenario: scenario.name,
    attempt: input.attempt,
    workspace: relative(input.runDir, workspace),
    database: relative(input.runDir, database),
  });
  const end = (
    verdict: AttemptVerdict,
    reason: string | undefined,
    metrics = emptyMetrics(),
    interrupted = false,
  ) => {
    writer.write({
      type: 'attempt_end',
      attemptId,
      scenario: scenario.name,
      attempt: input.attempt,
      verdict,
      ...(reason ? { reason } : {}),
      durationMs: Math.round(performance.now() - started),
      metrics,
      ...(interrupted ? { interrupted } : {}),
    });
    return { attemptId, verdict, interrupted };
  };
  if (input.blockedReason) return end('blocked', input.blockedReason);
  if (input.signal.aborted)
    return end('skipped', 'the run was interrupted before this attempt started', emptyMetrics(), true);

  const finding = (f: RawFinding) => writer.write({ type: 'finding', attemptId, finding: f });
  let server: ModelServer | undefined;
  // The attempt's core events go to disk, not to an array: memory stays flat whatever the task count.
  const coreEvents = createEventSpool<OrchestratorEvent>(join(attemptDir, 'core-events.tmp.jsonl'));
  let runError: unknown;
  try {
    if (scenario.workspace) cpSync(scenario.workspace.path, workspace, { recursive: true });
    const initial = snapshotWorkspace(workspace, []);
    const initialHashes = new Map([...initial].map(([path, stamp]) => [path, stamp.sha256]));
    const kind = agentKindOf(scenario, input.override);
    const cassette = 'cassette' in scenario.agent ? scenario.agent.cassette : undefined;
    const needsServer = kind !== 'oracle' && kind !== 'null' ? cassette !== undefined : false;
    const needsLlmServer = scenario.llm.kind !== 'heuristic' && scenario.llm.endpoint === undefined;
    if ((needsServer || needsLlmServer) && cassette) {
      server = await startModelServer({
        cassettes: [await loadCassette(cassette.path)],
        logFile: join(attemptDir, 'model-server.jsonl'),
      });
    }
    const store = openStore({ path: database });
    let storeOpen = true;
    const closeStore = () => {
      if (storeOpen) store.close();
      storeOpen = false;
    };
    const budget = createBudget(scenario.budgets, input.signal);
    try {
      const agent = buildAgent({
        scenario,
        override: input.override,
        attemptDir,
        modelServerUrl: server?.url,
        tracker: input.tracker,
        env: input.env,
      });
      const orchestrator = createOrchestrator({
        store,
        agent,
        ...(server || scenario.llm.kind !== 'heuristic'
          ? { llm: buildLlm(scenario, server?.url, input.env) }
          : {}),
        config: {
          ...input.config,
          agentTimeoutMs: Math.min(
            scenario.budgets.taskWallMs,
            input.config.agentTimeoutMs ?? Number.POSITIVE_INFINITY,
          ),
        },
        onEvent: (event) => {
          coreEvents.push(event);
          writer.write({ type: 'core', attemptId, event });
          budget.observe(event);
        },
      });
      const projectId = createTasks(store, scenario, workspace, input.attempt);
      try {
        await orchestrator.runProject(projectId, {
          concurrency: input.concurrency ?? scenario.concurrency,
          signal: budget.signal,
        });
      } catch (error) {
        runError = error;
      }
      const leftoverProcesses = input.tracker.size();
      input.tracker.killAll();
      const tasks = taskOutcomes(store, projectId, coreEvents.events());
      closeStore();
      for (const miss of server?.misses() ?? []) {
        const file = join(attemptDir, 'misses', `miss-${miss.seq}.json`);
        mkdirSync(join(attemptDir, 'misses'), { recursive: true });
        writeFileSync(
          file,
          `${JSON.stringify({ ...miss, headers: redactHeaders(miss.headers) }, null, 2)}\n`,
        );
        finding({
          kind: 'cassette_miss',
          severity: 'blocker',
          message: `the model server got a request no cassette turn matches: ${miss.reason}`,
          evidence: [relative(input.runDir, file)],
        });
      }
      if (runError !== undefined) {
        finding({
          kind: 'harness_or_core_exception',
          severity: 'blocker',
          message: `the orchestrator threw (not a classified failure): ${errorMessage(runError)}`,
          evidence: [],
        });
      }
      const interrupted = input.signal.aborted;
      const metrics = attemptMetrics(tasks, coreEvents.events(), Math.round(performance.now() - started));
      if (interrupted)
        return end('skipped', 'interrupted (Ctrl+C) before the attempt finished', metrics, true);
      const ctx: AttemptContext = {
        scenario,
        attemptId,
        runDir: input.runDir,
        attemptDir,
        workspace,
        database,
        rootDir: input.rootDir,
        tasks,
        metrics,
        coreEvents: coreEvents.events(),
        initialHashes,
        agentKind: kind,
        leftoverProcesses,
        stopped: budget.signal.aborted,
      };
      const results: CheckResult[] = [
        ...budget.results(),
        ...(await evaluateChecks(ctx)),
        ...(await evaluateInvariants(ctx)),
      ];
      for (const result of results) writer.write({ type: 'check', attemptId, result });
      const verdict = attemptVerdict(results, runError !== undefined);
      return end(verdict.verdict, verdict.reason, metrics);
    } finally {
      budget.dispose();
      closeStore();
    }
  } catch (error) {
    input.tracker.killAll();
    finding({ kind: 'infrastructure', severity: 'blocker', message: errorMessage(error), evidence: [] });
    return end('error', `could not run the attempt: ${errorMessage(error)}`);
  } finally {
    coreEvents.dispose();
    await server?.close();
  }
}

/** Secrets never reach a file: credentials in saved request headers are replaced. */
function redactHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).map(([k, v]) => [
      k,
      /authorization|api-key|token|cookie/i.test(k) ? '[REDACTED]' : v,
    ]),
  );
}

function emptyMetrics() {
  return {
    tasks: 0,
    tasksCompleted: 0,
    tasksFailed: 0,
    errors: 0,
    agentCalls: 0,
    iterations: 0,
    inputTokens: 0,
    outputTokens: 0,
    totalTokens: 0,
    costUsd: 0,
    turns: 0,
    p50TaskMs: 0,
    p95TaskMs: 0,
    maxTaskMs: 0,
    totalMs: 0,
  };
}
