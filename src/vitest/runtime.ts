/**
 * Runs inside a Vitest worker: the generated module of a scenario file (test-module.ts) calls
 * createScenarioSuite when Vitest collects the file. The scenario runs through runValidation, the same
 * programmatic API as the CLI, started by the first test; each test waits for the end of its attempt.
 */
import { dirname, relative, resolve, sep } from 'node:path';
import type { CheckResult, RawFinding, RunEvent } from '../events/index.js';
import { planRun, runValidation } from '../runner/index.js';
import { formatProblems, loadScenarios } from '../scenario/index.js';
import { problemsOfFile } from './file-problems.js';
import type { SuiteSpec } from './options.js';
import { type AttemptEvents, type AttemptOutcome, attemptOutcome, checkFailureMessage } from './outcome.js';

export interface ScenarioSuite {
  /** The describe block: the scenario's name. */
  title: string;
  attempts: { attempt: number; title: string; timeoutMs: number }[];
  /** Starts the run if needed and resolves when this attempt ended; aborting `signal` stops the run. */
  outcome(attempt: number, signal: AbortSignal): Promise<AttemptOutcome>;
  /** Waits for a started run to finish (nothing is left running after the file). */
  close(): Promise<void>;
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A run that fails before a test asks for its attempt must not be an unhandled rejection.
  promise.catch(() => {});
  return { promise, resolve, reject };
}

const escapeRegExp = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');

/**
 * Loads the scenario (with the other scenario files of its folder, so that `needs` resolve) and plans
 * its attempts. Its own problems (and those of the scenarios it needs) throw, listing every problem as
 * file:line:col: the file fails to collect; a problem in another file of the folder fails only that file.
 */
export async function createScenarioSuite(spec: SuiteSpec): Promise<ScenarioSuite> {
  const folder = dirname(spec.file);
  const loaded = await loadScenarios([folder], {
    rootDir: spec.rootDir,
    ...(spec.scale === undefined ? {} : { scale: spec.scale }),
  });
  // Only this file's problems (and those of what it needs) fail it: a bad file elsewhere in the folder
  // fails that file alone.
  const { problems, needed } = problemsOfFile(relativePath(spec.rootDir, spec.file), loaded);
  if (problems.length > 0) {
    const others = problems.some((p) => resolve(spec.rootDir, p.file) !== spec.file);
    throw new Error(
      `obra-validate: ${problems.length} problem(s) in ${relativePath(spec.rootDir, spec.file)}${others ? ' and the scenarios it needs' : ''}; nothing ran:\n${formatProblems(problems)}`,
    );
  }
  const scenario = loaded.scenarios.find((s) => s.file === spec.file);
  if (!scenario) throw new Error(`obra-validate: ${spec.file} holds no scenario`);
  const plan = planRun([scenario], spec.repeat === undefined ? {} : { repeat: spec.repeat });
  const attempts = plan.attempts.map(({ attempt }) => ({
    attempt,
    title: `attempt ${attempt}`,
    timeoutMs: scenario.budgets.wallMs + spec.timeoutMarginMs,
  }));

  const waiting = new Map(attempts.map((a) => [a.attempt, deferred<AttemptOutcome>()]));
  const gathered = new Map<string, { checks: CheckResult[]; findings: RawFinding[] }>();
  const controller = new AbortController();
  let runDir = spec.reportsDir;
  let run: Promise<void> | undefined;

  const onEvent = (event: RunEvent) => {
    if (event.type === 'run_begin') {
      runDir = relativePath(spec.rootDir, resolve(spec.rootDir, spec.reportsDir, event.runId));
    } else if (event.type === 'attempt_begin') {
      gathered.set(event.attemptId, { checks: [], findings: [] });
    } else if (event.type === 'check') {
      gathered.get(event.attemptId)?.checks.push(event.result);
    } else if (event.type === 'finding' && event.attemptId !== undefined) {
      gathered.get(event.attemptId)?.findings.push(event.finding);
    } else if (event.type === 'attempt_end') {
      const events: AttemptEvents = {
        ...(gathered.get(event.attemptId) ?? { checks: [], findings: [] }),
        end: event,
      };
      waiting.get(event.attempt)?.resolve(attemptOutcome(events, runDir));
    }
  };

  const start = () => {
    run ??= runValidation({
      // Same semantics as `npx obra-validate <file and what it needs> --grep <this file> --no-deps`.
      // This file and the files of the scenarios it needs (so its `needs` resolve), not the whole
      // folder: another file's problems are that file's failure.
      paths: [spec.file, ...needed.map((s) => s.file)],
      rootDir: spec.rootDir,
      reportsDir: spec.reportsDir,
      grep: `^${escapeRegExp(scenario.relFile)}$`,
      ignoreNeeds: true,
      signal: controller.signal,
      onEvent,
      ...(spec.agent ? { agent: spec.agent } : {}),
      ...(spec.repeat === undefined ? {} : { repeat: spec.repeat }),
      ...(spec.scale === undefined ? {} : { scale: spec.scale }),
      ...(spec.concurrency === undefined ? {} : { concurrency: spec.concurrency }),
    }).then(
      () => {
        for (const d of waiting.values())
          d.reject(new Error('obra-validate: the run ended without this attempt'));
      },
      (error: unknown) => {
        for (const d of waiting.values()) d.reject(error);
      },
    );
    return run;
  };

  return {
    title: scenario.name,
    attempts,
    outcome(attempt, signal) {
      const onAbort = () => controller.abort(signal.reason);
      signal.addEventListener('abort', onAbort, { once: true });
      void start();
      const wait = waiting.get(attempt)!.promise;
      return wait.finally(() => signal.removeEventListener('abort', onAbort));
    },
    async close() {
      await run;
    },
  };
}

function relativePath(rootDir: string, path: string): string {
  const rel = relative(rootDir, path);
  return rel === '' ? '.' : rel.split(sep).join('/');
}

/** `expect.extend(obraMatchers)`: `expect.soft(check).toPassObraCheck()` fails with expected and actual. */
export const obraMatchers = {
  toPassObraCheck(received: CheckResult) {
    return {
      pass: received.status === 'passed',
      message: () => checkFailureMessage(received),
      actual: received.actual,
      expected: received.expected,
    };
  },
};
