import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { type AttemptVerdict, attemptIdOf, type RunEvent, readAllEvents } from '../events/index.js';
import { errorMessage, InfrastructureError, UserError } from '../shared/index.js';
import type { ResumeState, RunValidationOptions } from './options.js';
import type { RunPlan } from './plan.js';

/** A finished attempt of a resumed run, as runAttempt would have summed it up; undefined: run it. */
export function keptAttempt(
  scenario: string,
  attempt: number,
  resume: ResumeState | undefined,
): { attemptId: string; verdict: AttemptVerdict; interrupted: false } | undefined {
  const attemptId = attemptIdOf(scenario, attempt);
  const verdict = resume?.kept.get(attemptId);
  return verdict === undefined ? undefined : { attemptId, verdict, interrupted: false };
}

/** How many planned attempts a resumed run keeps. */
export function keptCount(plan: RunPlan, resume: ResumeState): number {
  return plan.attempts.filter((a) => resume.kept.has(attemptIdOf(a.scenario.name, a.attempt))).length;
}

/** An interrupted run, ready to resume: the options it ran with, and what is already done. */
export interface PreparedResume {
  /** The run's own options (paths, root, flags that shape the plan), its directory and id. */
  options: Pick<
    RunValidationOptions,
    | 'paths'
    | 'rootDir'
    | 'reportsDir'
    | 'runId'
    | 'agent'
    | 'scale'
    | 'concurrency'
    | 'grep'
    | 'ignoreNeeds'
    | 'bail'
    | 'shard'
    | 'repeat'
  > & { paths: string[] };
  state: ResumeState;
  runDir: string;
  /** Attempts begun but not finished: their directories were removed so they rerun from scratch. */
  discarded: string[];
}

type RunBegin = Extract<RunEvent, { type: 'run_begin' }>;
type AttemptBegin = Extract<RunEvent, { type: 'attempt_begin' }>;

/**
 * The attempts of a log that finished: an attempt_end that is not marked interrupted (the runner
 * marks an attempt that Ctrl+C stopped, or that never started because of it, `interrupted: true`).
 * Blocked attempts are left out: whether a scenario is blocked depends on the attempts it needs, which
 * the interruption may have cut short, so the resumed run decides again (it costs nothing). So are
 * attempts that could not be judged (`error`: a full disk, a read-only one, no file descriptor left, a
 * check that could not run): the fault is the machine's, and once it is fixed the resumed run judges
 * them. Passed and failed attempts are verdicts, kept. The last attempt_end of an attempt wins (a log
 * resumed before holds the attempt more than once). Pure.
 */
export function finishedAttempts(events: readonly RunEvent[]): Map<string, AttemptVerdict> {
  const finished = new Map<string, AttemptVerdict>();
  for (const event of events) {
    if (event.type === 'attempt_begin') finished.delete(event.attemptId);
    if (event.type !== 'attempt_end') continue;
    const decideAgain = event.verdict === 'blocked' || event.verdict === 'error';
    if (event.interrupted === true || decideAgain) finished.delete(event.attemptId);
    else finished.set(event.attemptId, event.verdict);
  }
  return finished;
}

/** The attempts that began and did not finish (last attempt_begin of each), in log order. Pure. */
export function unfinishedAttempts(events: readonly RunEvent[]): AttemptBegin[] {
  const finished = finishedAttempts(events);
  const begun = new Map<string, AttemptBegin>();
  for (const event of events) if (event.type === 'attempt_begin') begun.set(event.attemptId, event);
  return [...begun.values()].filter((b) => !finished.has(b.attemptId));
}

/**
 * Reads an interrupted run directory and prepares its resumption: the options the run was started
 * with (from its first run_begin), the finished attempts (kept), and a clean slate for the others (the
 * directory of each begun-but-unfinished attempt is removed, so it reruns with a fresh workspace and
 * database). Throws a UserError when the directory is not a run, or its scenarios changed since.
 */
export async function prepareResume(runDirPath: string, shown = runDirPath): Promise<PreparedResume> {
  const runDir = realRunDir(runDirPath, shown);
  const events = await readAllEvents(join(runDir, 'events.jsonl'));
  const begin = events.find((e): e is RunBegin => e.type === 'run_begin');
  if (!begin) {
    throw new UserError(
      `${shown}/events.jsonl has no run_begin event: the run was stopped before it began. Start a new run instead.`,
      'OBRA_RESUME',
    );
  }
  checkScenariosUnchanged(runDir, begin);
  const discarded: string[] = [];
  for (const attempt of unfinishedAttempts(events)) {
    const attemptDir = resolve(runDir, dirname(attempt.workspace));
    // Only ever remove a folder inside this run's attempts/ folder.
    if (relative(join(runDir, 'attempts'), attemptDir).startsWith('..')) continue;
    try {
      rmSync(attemptDir, { recursive: true, force: true });
    } catch (error) {
      throw new InfrastructureError(
        `--resume: cannot clear the unfinished attempt ${attempt.attemptId} (${attemptDir}): ${errorMessage(error)}. Make the run directory writable, then resume again.`,
        'OBRA_RESUME',
      );
    }
    discarded.push(attempt.attemptId);
  }
  const ends = events.filter((e) => e.type === 'run_end');
  return {
    runDir,
    discarded,
    state: {
      kept: finishedAttempts(events),
      lastSeq: events.reduce((max, e) => Math.max(max, e.seq), 0),
      priorDurationMs: ends.at(-1)?.durationMs ?? 0,
    },
    options: {
      ...planOptions(begin.options),
      rootDir: begin.rootDir,
      reportsDir: dirname(runDir),
      runId: basename(runDir),
    },
  };
}

/** The real path of a run directory (reports/latest is a symlink), or a UserError saying what is wrong. */
function realRunDir(runDirPath: string, runDirArg: string): string {
  let runDir: string;
  try {
    runDir = realpathSync(runDirPath);
  } catch {
    throw new UserError(
      `--resume ${runDirArg}: no such run directory. Give the directory of the interrupted run, e.g. reports/latest.`,
      'OBRA_RESUME',
    );
  }
  if (!statSync(runDir).isDirectory() || !existsSync(join(runDir, 'events.jsonl'))) {
    throw new UserError(
      `--resume ${runDirArg}: not a run directory (no events.jsonl in it). Give the directory of the interrupted run, e.g. reports/latest.`,
      'OBRA_RESUME',
    );
  }
  return runDir;
}

/** A resumed run must run the scenarios the run started with: manifest.json holds their hashes. */
function checkScenariosUnchanged(runDir: string, begin: RunBegin): void {
  const manifestPath = join(runDir, 'manifest.json');
  let manifest: { scenarios?: { name: string; file: string; sha256: string }[] };
  try {
    manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as typeof manifest;
  } catch (error) {
    throw new UserError(
      `--resume: cannot read ${manifestPath} (${errorMessage(error)}); the run directory is incomplete. Start a new run instead.`,
      'OBRA_RESUME',
    );
  }
  for (const scenario of manifest.scenarios ?? []) {
    const file = resolve(begin.rootDir, scenario.file);
    const now = existsSync(file) ? createHash('sha256').update(readFileSync(file)).digest('hex') : undefined;
    if (now !== scenario.sha256) {
      throw new UserError(
        `--resume: ${scenario.file} (scenario ${scenario.name}) ${now === undefined ? 'no longer exists' : 'changed'} since run ${begin.runId} started; a resumed run must run the same scenarios. Restore the file, or start a new run.`,
        'OBRA_RESUME',
      );
    }
  }
}

/** The options of run_begin that shape the plan, read back with their types checked. */
function planOptions(written: Record<string, unknown>): PreparedResume['options'] {
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const int = (v: unknown) => (typeof v === 'number' && Number.isInteger(v) ? v : undefined);
  const paths = Array.isArray(written.paths) ? written.paths.filter((p) => typeof p === 'string') : [];
  const agent = written.agent === 'oracle' || written.agent === 'null' ? written.agent : undefined;
  const shard = written.shard as { index?: unknown; total?: unknown } | undefined;
  const options: PreparedResume['options'] = { paths };
  const set = <K extends keyof PreparedResume['options']>(key: K, value: PreparedResume['options'][K]) => {
    if (value !== undefined) options[key] = value;
  };
  set('agent', agent);
  set('scale', int(written.scale));
  set('concurrency', int(written.concurrency));
  set('repeat', int(written.repeat));
  set('grep', str(written.grep));
  set('ignoreNeeds', written.ignoreNeeds === true ? true : undefined);
  set('bail', written.bail === true ? true : undefined);
  if (int(shard?.index) !== undefined && int(shard?.total) !== undefined)
    set('shard', { index: shard!.index as number, total: shard!.total as number });
  return options;
}
