import {
  type AttemptContext,
  type AttemptWitnessSources,
  evaluateChecks,
  evaluateInvariants,
  walkWorkspace,
} from '../checks/index.js';
import type { AttemptVerdict, CheckResult } from '../events/index.js';
import type { DrivenAttempt } from './attempt-drive.js';
import type { AttemptInput } from './attempt-input.js';
import type { PreparedAttempt } from './attempt-prepare.js';
import { attemptVerdict } from './verdict.js';

/**
 * Judges an attempt the orchestrator has finished: the harness's last walk of the workspace (before any
 * check copies hidden files in), then the declared checks and the invariants over the attempt's context,
 * each result written as a `check` event; the verdict from them.
 */
export async function judgeAttempt(
  input: AttemptInput,
  prepared: PreparedAttempt,
  driven: DrivenAttempt,
): Promise<{ verdict: AttemptVerdict; reason?: string }> {
  const { paths } = prepared;
  const last = prepared.witness.lastWalk();
  const witness: AttemptWitnessSources = {
    launches: paths.launches,
    ...(prepared.server ? { wire: paths.wire } : {}),
    initial: prepared.initial,
    final: walkWorkspace(paths.workspace, last.files, undefined, prepared.storeSkip).files,
    ...(last.stopped === undefined ? {} : { walkStopped: last.stopped }),
    ...(prepared.witness.writeError() === undefined ? {} : { writeError: prepared.witness.writeError()! }),
    created: driven.created,
    notWork: driven.notWork,
    config: input.config as Record<string, unknown>,
    ...(driven.storeLockedAt === undefined ? {} : { storeLockedAt: driven.storeLockedAt }),
    concurrency: input.concurrency ?? input.scenario.concurrency,
  };
  const ctx: AttemptContext = {
    scenario: input.scenario,
    attemptId: input.attemptId,
    runDir: input.runDir,
    attemptDir: paths.attemptDir,
    workspace: paths.workspace,
    database: paths.database,
    rootDir: input.rootDir,
    tasks: driven.tasks,
    metrics: driven.metrics,
    coreEvents: driven.coreEvents.events(),
    initialHashes: new Map([...prepared.initial].map(([path, file]) => [path, file.sha256])),
    witness,
    agentKind: prepared.kind,
    leftoverProcesses: driven.leftoverProcesses,
    stopped: driven.stopped,
    ...(prepared.containers?.wrap ? { wrap: prepared.containers.wrap } : {}),
    isolation: prepared.isolation,
  };
  const results: CheckResult[] = [
    ...driven.budgetResults,
    ...(await evaluateChecks(ctx)),
    ...(await evaluateInvariants(ctx)),
  ];
  for (const result of results) input.writer.write({ type: 'check', attemptId: input.attemptId, result });
  return attemptVerdict(results, driven.runError !== undefined, driven.environment?.message);
}
