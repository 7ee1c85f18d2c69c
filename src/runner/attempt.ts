import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import {
  type AttemptContext,
  evaluateChecks,
  evaluateInvariants,
  eventsOf,
  protectedPathsOf,
  watchIsolation,
} from '../checks/index.js';
import {
  type CoreConfigInput,
  createDeferredLogWriter,
  createOrchestrator,
  createProcessTracker,
  type OrchestratorEvent,
  openStore,
  type ProcessLauncher,
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
import {
  copyInside,
  createRedactor,
  errorMessage,
  InfrastructureError,
  UnsafePathError,
} from '../shared/index.js';
import { createBudget } from './budget.js';
import { agentKindOf, buildAgent, buildLlm, evidenceCommands } from './build-agent.js';
import { type AttemptContainers, startAttemptContainers } from './containers.js';
import { createEventSpool } from './event-spool.js';
import { agentLogs, faultFindings } from './fault-findings.js';
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
  /** The run's tracker: the attempt registers its processes there too (it counts and kills its own). */
  tracker: ProcessTracker;
  /** What starts the attempt's processes. @default spawned from this process */
  launcher?: ProcessLauncher;
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
  // The attempt's own processes (attempts may run at once): counted and killed when it ends; the run's
  // tracker sees them too.
  const tracker = createProcessTracker(input.tracker);
  try {
    mkdirSync(workspace, { recursive: true });
  } catch (error) {
    throw new InfrastructureError(
      `cannot create the attempt's workspace ${workspace}: ${errorMessage(error)}. Free space on the disk or make the run directory writable.`,
      'OBRA_RUN_DIR',
    );
  }
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
  let containers: AttemptContainers | undefined;
  // The attempt's core events go to disk, not to an array: memory stays flat whatever the task count.
  const coreEvents = createEventSpool<OrchestratorEvent>(join(attemptDir, 'core-events.tmp.jsonl'));
  // The agents' log files are written while the next call runs, off the path from an agent's exit to
  // its judgement (log-writer.ts); flushed before the checks, and on exit.
  const logs = createDeferredLogWriter();
  let runError: unknown;
  try {
    if (scenario.workspace) copyInside(scenario.workspace.path, workspace, input.rootDir);
    // Watched from now until the invariants run: nothing outside the run directory, protected files untouched.
    const isolation = watchIsolation({
      rootDir: input.rootDir,
      reportsDir: dirname(input.runDir),
      protectedPaths: protectedPathsOf(scenario),
    });
    const initial = snapshotWorkspace(workspace, []);
    const initialHashes = new Map([...initial].map(([path, stamp]) => [path, stamp.sha256]));
    const kind = agentKindOf(scenario, input.override);
    const cassette = 'cassette' in scenario.agent ? scenario.agent.cassette : undefined;
    const needsServer = kind !== 'oracle' && kind !== 'null' ? cassette !== undefined : false;
    const needsLlmServer =
      scenario.llm.kind !== 'heuristic' &&
      scenario.llm.endpoint === undefined &&
      scenario.llm.container === undefined;
    if ((needsServer || needsLlmServer) && cassette) {
      server = await startModelServer({
        cassettes: [await loadCassette(cassette.path)],
        logFile: join(attemptDir, 'model-server.jsonl'),
      });
    }
    containers = await startAttemptContainers({
      scenario,
      rootDir: input.rootDir,
      attemptDir,
      workspace,
      env: input.env,
    });
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
        tracker,
        logWriter: logs,
        launcher: input.launcher,
        env: input.env,
        ...(containers?.wrap ? { wrap: containers.wrap } : {}),
        // The binary preflight probed: the one in a sandbox container, OBRA_VALIDATE_CLAUDE_BINARY, or
        // (neither set) the CLI installed with obra-validate.
        ...(claudeBinaryFor(containers, input.env) ?? {}),
      });
      const orchestrator = createOrchestrator({
        store,
        agent,
        ...((input.config.evidenceChecks?.length ?? 0) > 0
          ? {
              commands: evidenceCommands({
                attemptDir,
                tracker,
                launcher: input.launcher,
                env: input.env,
                ...(containers?.wrap ? { wrap: containers.wrap } : {}),
              }),
            }
          : {}),
        ...(server || scenario.llm.kind !== 'heuristic'
          ? { llm: buildLlm(scenario, server?.url, input.env, containers?.llmEndpoint) }
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
        // What happened is read from the events and the store: no task's result is held for the run.
        await orchestrator.runProject(projectId, {
          concurrency: input.concurrency ?? scenario.concurrency,
          signal: budget.signal,
          keepResults: false,
        });
      } catch (error) {
        runError = error;
      }
      const leftoverProcesses = tracker.size();
      tracker.killAll();
      // The logs of the last calls are still held (written while the next call ran): checks read them.
      logs.flush();
      for (const log of logs.unwritten()) {
        finding({
          kind: 'agent_log_unwritten',
          severity: 'minor',
          message: `an agent log could not be written (${log.message}); the call's outcome stands, its log is missing`,
          evidence: [relative(input.runDir, log.path)],
        });
      }
      const tasks = taskOutcomes(store, projectId, coreEvents.events());
      const transactionLeftOpen = store.db.inTransaction;
      closeStore();
      if (transactionLeftOpen) {
        finding({
          kind: 'transaction_left_open',
          severity: 'blocker',
          message:
            'the orchestrator left a transaction open on its store connection at the end of the attempt: every write since it began was never committed and is lost',
          evidence: [relative(input.runDir, database)],
        });
      }
      for (const miss of server?.misses() ?? []) {
        const file = join(attemptDir, 'misses', `miss-${miss.seq}.json`);
        mkdirSync(join(attemptDir, 'misses'), { recursive: true });
        writeFileSync(
          file,
          createRedactor(input.env)(
            `${JSON.stringify({ ...miss, headers: redactHeaders(miss.headers) }, null, 2)}\n`,
          ),
        );
        finding({
          kind: 'cassette_miss',
          severity: 'blocker',
          message: `the model server got a request no cassette turn matches: ${miss.reason}`,
          evidence: [relative(input.runDir, file)],
        });
      }
      for (const { event } of eventsOf(coreEvents.events(), 'evidence_fallback')) {
        finding({
          kind: 'evidence_fallback',
          severity: 'minor',
          message: `evidence was taken by walking the workspace at every agent call, not by inotify (${event.reason}): the same answers, at O(files) per call; raise fs.inotify.max_user_watches if the limit was reached`,
          evidence: [],
        });
      }
      for (const f of faultFindings(coreEvents.events(), (taskId) =>
        agentLogs(attemptDir, input.runDir, taskId),
      ))
        finding(f);
      const environment = runError instanceof InfrastructureError ? runError : undefined;
      if (environment) {
        finding({
          kind: environment.code === 'OBRA_STORE_BUSY' ? 'database_busy' : 'infrastructure',
          severity: 'blocker',
          message: `the environment stopped the orchestrator: ${environment.message}`,
          evidence: [relative(input.runDir, database)],
        });
      } else if (runError !== undefined) {
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
        ...(containers?.wrap ? { wrap: containers.wrap } : {}),
        isolation,
      };
      const results: CheckResult[] = [
        ...budget.results(),
        ...(await evaluateChecks(ctx)),
        ...(await evaluateInvariants(ctx)),
      ];
      for (const result of results) writer.write({ type: 'check', attemptId, result });
      const verdict = attemptVerdict(results, runError !== undefined, environment?.message);
      return end(verdict.verdict, verdict.reason, metrics);
    } finally {
      budget.dispose();
      closeStore();
    }
  } catch (error) {
    tracker.killAll();
    const kind = error instanceof UnsafePathError ? 'unsafe_path' : 'infrastructure';
    finding({ kind, severity: 'blocker', message: errorMessage(error), evidence: [] });
    return end('error', `could not run the attempt: ${errorMessage(error)}`);
  } finally {
    logs.dispose();
    coreEvents.dispose();
    await server?.close();
    await containers?.stop();
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

function claudeBinaryFor(
  containers: AttemptContainers | undefined,
  env: Readonly<Record<string, string | undefined>>,
): { claudeBinary: string } | undefined {
  const binary = containers?.claudeBinary ?? env.OBRA_VALIDATE_CLAUDE_BINARY;
  return binary ? { claudeBinary: binary } : undefined;
}
