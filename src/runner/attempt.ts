import { mkdirSync } from 'node:fs';
import { relative } from 'node:path';
import { type AttemptVerdict, attemptIdOf, type RawFinding } from '../events/index.js';
import {
  describeMachineFault,
  errorMessage,
  InfrastructureError,
  UnsafePathError,
  withMachineFix,
} from '../shared/index.js';
import { type DrivenAttempt, driveAttempt } from './attempt-drive.js';
import type { AttemptInput, AttemptSummary } from './attempt-input.js';
import { judgeAttempt } from './attempt-judge.js';
import { attemptPaths, disposeAttempt, type PreparedAttempt, prepareAttempt } from './attempt-prepare.js';

export type { AttemptInput, AttemptSummary } from './attempt-input.js';

/**
 * One attempt of a scenario, in three stages (DESIGN.md section 11): prepare (a fresh workspace, its own
 * SQLite file, the model server, the witnesses; attempt-prepare.ts), drive (the real orchestrator over
 * every task within the budgets; attempt-drive.ts), judge (checks and invariants; attempt-judge.ts).
 * Whatever happens, an attempt_end event is written and nothing is left running.
 */
export async function runAttempt(
  options: Omit<AttemptInput, 'attemptId'> & { attemptId?: string },
): Promise<AttemptSummary> {
  const input: AttemptInput = {
    ...options,
    attemptId: options.attemptId ?? attemptIdOf(options.scenario.name, options.attempt),
  };
  const { scenario, writer, attemptId } = input;
  const paths = attemptPaths(input.runDir, scenario, input.attempt);
  const started = performance.now();
  try {
    mkdirSync(paths.workspace, { recursive: true });
  } catch (error) {
    throw new InfrastructureError(
      `cannot create the attempt's workspace ${paths.workspace}: ${errorMessage(error)}. Free space on the disk or make the run directory writable.`,
      'OBRA_RUN_DIR',
    );
  }
  writer.write({
    type: 'attempt_begin',
    attemptId,
    scenario: scenario.name,
    attempt: input.attempt,
    workspace: relative(input.runDir, paths.workspace),
    database: relative(input.runDir, paths.database),
  });
  const end = (
    verdict: AttemptVerdict,
    reason: string | undefined,
    metrics: DrivenAttempt['metrics'] = notStartedMetrics(scenario.tasks.length),
    interrupted = false,
  ): AttemptSummary => {
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
    return end('skipped', 'the run was interrupted before this attempt started', undefined, true);

  const finding = (f: RawFinding) => writer.write({ type: 'finding', attemptId, finding: f });
  let prepared: PreparedAttempt | undefined;
  let driven: DrivenAttempt | undefined;
  try {
    prepared = await prepareAttempt(input, paths);
    driven = await driveAttempt(input, prepared, finding, started);
    if (driven.interrupted)
      return end('skipped', 'interrupted (Ctrl+C) before the attempt finished', driven.metrics, true);
    const verdict = await judgeAttempt(input, prepared, driven);
    return end(verdict.verdict, verdict.reason, driven.metrics);
  } catch (error) {
    const kind = error instanceof UnsafePathError ? 'unsafe_path' : 'infrastructure';
    const message = attemptErrorMessage(error);
    finding({ kind, severity: 'blocker', message, evidence: [] });
    return end('error', `could not run the attempt: ${message}`);
  } finally {
    driven?.coreEvents.dispose();
    await disposeAttempt(prepared);
  }
}

/**
 * Why an attempt could not run: a machine fault (full disk, read-only, no file descriptor) with its
 * path, code and fix (a bare `ENOSPC: ..., write` says neither where nor what to do); anything else in
 * its own words.
 */
function attemptErrorMessage(error: unknown): string {
  if (!(error instanceof InfrastructureError)) {
    const fault = describeMachineFault(error);
    if (fault) return fault;
  }
  return withMachineFix(errorMessage(error), error);
}

/** The metrics of an attempt none of whose `tasks` ran (blocked, stopped before it began, or an error). */
function notStartedMetrics(tasks: number): DrivenAttempt['metrics'] {
  return {
    tasks,
    tasksCompleted: 0,
    tasksFailed: 0,
    tasksNotRun: tasks,
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
