import { type ProcessRuntime, processRuntime, runProcess } from '../agents/index.js';
import type { CoreConfig } from '../config/index.js';
import type { EvidenceCheck } from '../validation/evidence.js';

/** How the core runs commands of its own (evidence checks): the same process rules as the agents. */
export interface CommandRuntime extends ProcessRuntime {
  /** The environment of the commands. @default process.env */
  env?: NodeJS.ProcessEnv;
}

/**
 * Runs the configured evidence checks in the workspace, one after the other, each in its own process
 * group with its deadline. A check passes when it exits 0; one that cannot start, times out or is
 * stopped fails with the reason in its detail.
 */
export async function runEvidenceChecks(
  checks: CoreConfig['evidenceChecks'],
  cwd: string,
  runtime: CommandRuntime,
  signal?: AbortSignal,
): Promise<EvidenceCheck[]> {
  const results: EvidenceCheck[] = [];
  for (const check of checks) {
    const name = check.name ?? check.argv.join(' ');
    const outcome = await runProcess({
      argv: check.argv,
      cwd,
      env: runtime.env ?? process.env,
      timeoutMs: check.timeoutMs,
      ...(signal ? { signal } : {}),
      ...processRuntime(runtime),
    });
    const passed = outcome.exitCode === 0 && !outcome.timedOut && !outcome.aborted && !outcome.spawnError;
    results.push({ name, passed, detail: passed ? 'exit 0' : failure(outcome, check.timeoutMs) });
  }
  return results;
}

function failure(outcome: Awaited<ReturnType<typeof runProcess>>, timeoutMs: number): string {
  if (outcome.spawnError) return `could not start: ${outcome.spawnError.message}`;
  if (outcome.timedOut) return `no exit after ${timeoutMs} ms; its process group was killed`;
  if (outcome.aborted) return 'stopped';
  const status = outcome.exitCode === null ? `killed by ${outcome.signal}` : `exit ${outcome.exitCode}`;
  const tail = `${outcome.stdout}\n${outcome.stderr}`.trim().split('\n').slice(-3).join(' | ');
  return tail ? `${status}: ${tail.slice(0, 300)}` : status;
}
