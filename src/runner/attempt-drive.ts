import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { eventsOf, expectedTaskErrors, expectsStoreFailure, type TaskOutcome } from '../checks/index.js';
import {
  createDeferredLogWriter,
  createOrchestrator,
  createProcessTracker,
  type OrchestratorEvent,
} from '../core/index.js';
import type { AttemptMetrics, RawFinding } from '../events/index.js';
import { createRedactor, errorMessage, InfrastructureError, withMachineFix } from '../shared/index.js';
import type { AttemptInput } from './attempt-input.js';
import type { PreparedAttempt } from './attempt-prepare.js';
import { createBudget } from './budget.js';
import { buildAgent, buildLlm, evidenceCommands } from './build-agent.js';
import { createEventSpool, type EventSpool } from './event-spool.js';
import { agentLogs, faultFindings } from './fault-findings.js';
import { attemptMetrics, taskOutcomes } from './outcomes.js';
import { lockStore, type StoreLock } from './store-lock.js';
import { type CreatedTasks, createTasks } from './tasks.js';
import { toolErrorFindings } from './tool-error-findings.js';

/** What the orchestrator's run of an attempt left for the checks. */
export interface DrivenAttempt {
  created: CreatedTasks;
  tasks: TaskOutcome[];
  metrics: AttemptMetrics;
  coreEvents: EventSpool<OrchestratorEvent>;
  /** The orchestrator threw (a store the environment broke, or an unclassified exception). */
  runError: unknown;
  /** The environment stopped the orchestrator (not what the scenario provoked): the attempt cannot be judged. */
  environment: InfrastructureError | undefined;
  /** Budget checks (wall, turns, tokens). */
  budgetResults: ReturnType<ReturnType<typeof createBudget>['results']>;
  /** Stopped by a budget, by Ctrl+C, or on the store failure the scenario provoked. */
  stopped: boolean;
  leftoverProcesses: number;
  interrupted: boolean;
  storeLockedAt: number | undefined;
  /** Files the orchestrator writes that are never the agent's work. */
  notWork: string[];
}

/**
 * Runs the real orchestrator over the attempt's tasks within its budgets, then collects what the
 * harness itself must report: unmatched model requests, walked evidence, fault findings, a transaction
 * left open, an environment that stopped the run. `finding` writes a finding of this attempt.
 */
export async function driveAttempt(
  input: AttemptInput,
  prepared: PreparedAttempt,
  finding: (f: RawFinding) => void,
  started: number,
): Promise<DrivenAttempt> {
  const { scenario, writer } = input;
  const { paths, store, server, containers, witness } = prepared;
  // The attempt's own processes (attempts may run at once): counted and killed when it ends; the run's
  // tracker sees them too.
  const tracker = createProcessTracker(input.tracker);
  // The attempt's core events go to disk, not to an array: memory stays flat whatever the task count.
  const coreEvents = createEventSpool<OrchestratorEvent>(join(paths.attemptDir, 'core-events.tmp.jsonl'));
  // The agents' log files are written while the next call runs, off the path from an agent's exit to
  // its judgement (log-writer.ts); flushed before the checks, and on exit.
  const logs = createDeferredLogWriter();
  const budget = createBudget(scenario.budgets, input.signal);
  const expected = expectedTaskErrors(scenario, prepared.kind);
  let lock: StoreLock | undefined;
  try {
    const built = buildAgent({
      scenario,
      override: input.override,
      attemptDir: paths.attemptDir,
      rootDir: input.rootDir,
      modelServerUrl: server?.url,
      tracker,
      logWriter: logs,
      launcher: witness.launcher('agent'),
      env: input.env,
      ...(containers?.wrap ? { wrap: containers.wrap } : {}),
      // The binary preflight probed: the one in a sandbox container, OBRA_VALIDATE_CLAUDE_BINARY, or
      // (neither set) the CLI installed with obra-validate.
      ...(claudeBinaryFor(containers?.claudeBinary, input.env) ?? {}),
    });
    // An agent inside this process (oracle, null) has no process to watch: it is watched at its boundary.
    const agent = prepared.kind === 'oracle' || prepared.kind === 'null' ? witness.wrapAgent(built) : built;
    const created = createTasks(store, scenario, paths.workspace, input.attempt);
    const lockTaskId =
      scenario.store.lockedFrom === undefined ? undefined : created.taskIds.get(scenario.store.lockedFrom);
    const orchestrator = createOrchestrator({
      store,
      agent,
      ...((input.config.evidenceChecks?.length ?? 0) > 0
        ? {
            commands: evidenceCommands({
              attemptDir: paths.attemptDir,
              tracker,
              launcher: witness.launcher('evidence-check'),
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
        writer.write({ type: 'core', attemptId: input.attemptId, event });
        budget.observe(event);
        // store.locked_from: another connection takes the write lock as the task's agent starts.
        if (event.type === 'agent_call_start' && event.taskId === lockTaskId && !lock) {
          lock = lockStore(paths.database);
        }
      },
    });
    let runError: unknown;
    try {
      // What happened is read from the events and the store: no task's result is held for the run.
      await orchestrator.runProject(created.projectId, {
        concurrency: input.concurrency ?? scenario.concurrency,
        signal: budget.signal,
        keepResults: false,
      });
    } catch (error) {
      runError = error;
    }
    lock?.release();
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
    const tasks = taskOutcomes(store, created.projectId, coreEvents.events());
    const transactionLeftOpen = store.db.inTransaction;
    const notWork = [...store.files, ...agent.ownFiles];
    prepared.closeStore();
    if (transactionLeftOpen) {
      finding({
        kind: 'transaction_left_open',
        severity: 'blocker',
        message:
          'the orchestrator left a transaction open on its store connection at the end of the attempt: every write since it began was never committed and is lost',
        evidence: [relative(input.runDir, paths.database)],
      });
    }
    reportMisses(input, prepared, finding);
    reportToolErrors(input, prepared, finding);
    for (const { event } of eventsOf(coreEvents.events(), 'evidence_fallback')) {
      finding({
        kind: 'evidence_fallback',
        severity: 'minor',
        message: `evidence was taken by walking the workspace at every agent call, not by inotify (${event.reason}): the same answers, at O(files) per call; raise fs.inotify.max_user_watches if the limit was reached`,
        evidence: [],
      });
    }
    for (const f of faultFindings(
      coreEvents.events(),
      (taskId) => agentLogs(paths.attemptDir, input.runDir, taskId),
      (key) => expected.get(key),
    ))
      finding(f);
    const provoked = runError instanceof InfrastructureError && expectsStoreFailure(scenario, expected);
    const environment = runError instanceof InfrastructureError && !provoked ? runError : undefined;
    if (environment) {
      finding({
        kind: environment.code === 'OBRA_STORE_BUSY' ? 'database_busy' : 'infrastructure',
        severity: 'blocker',
        message: withMachineFix(
          `the environment stopped the orchestrator: ${environment.message}`,
          environment,
        ),
        evidence: [relative(input.runDir, paths.database)],
      });
    } else if (runError !== undefined && !provoked) {
      finding({
        kind: 'harness_or_core_exception',
        severity: 'blocker',
        message: `the orchestrator threw (not a classified failure): ${errorMessage(runError)}`,
        evidence: [],
      });
    }
    return {
      created,
      tasks,
      metrics: attemptMetrics(tasks, coreEvents.events(), Math.round(performance.now() - started), {
        interrupted: input.signal.aborted,
      }),
      coreEvents,
      runError: provoked ? undefined : runError,
      environment,
      budgetResults: budget.results(),
      stopped: budget.signal.aborted || provoked,
      leftoverProcesses,
      interrupted: input.signal.aborted,
      storeLockedAt: lock?.since,
      notWork,
    };
  } catch (error) {
    lock?.release();
    tracker.killAll();
    coreEvents.dispose();
    throw error;
  } finally {
    budget.dispose();
    logs.dispose();
  }
}

/** Every request no cassette turn matched: saved whole (credentials redacted) and reported. */
function reportMisses(
  input: AttemptInput,
  prepared: PreparedAttempt,
  finding: (f: RawFinding) => void,
): void {
  for (const miss of prepared.server?.misses() ?? []) {
    const dir = join(prepared.paths.attemptDir, 'misses');
    const file = join(dir, `miss-${miss.seq}.json`);
    mkdirSync(dir, { recursive: true });
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
}

/** Every replayed tool call the agent CLI refused: its own finding, at the cassette turn that served it. */
function reportToolErrors(
  input: AttemptInput,
  prepared: PreparedAttempt,
  finding: (f: RawFinding) => void,
): void {
  const records = prepared.server?.toolErrors() ?? [];
  if (records.length === 0) return;
  const cassette = 'cassette' in input.scenario.agent ? input.scenario.agent.cassette : undefined;
  const evidence = [relative(input.runDir, prepared.paths.wire)];
  for (const found of toolErrorFindings(records, cassette, evidence)) finding(found);
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

function claudeBinaryFor(
  containerBinary: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
): { claudeBinary: string } | undefined {
  const binary = containerBinary ?? env.OBRA_VALIDATE_CLAUDE_BINARY;
  return binary ? { claudeBinary: binary } : undefined;
}
