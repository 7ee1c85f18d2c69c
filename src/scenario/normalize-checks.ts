import type { z } from 'zod';
import { durationMs } from './duration.js';
import type { DocPath, SourceLocation } from './problem.js';
import type { checkSchema } from './schema-checks.js';
import type { Check, CheckBase, ResolvedPath } from './types.js';

type CheckParsed = z.output<typeof checkSchema>;

export interface CheckContext {
  locationOf: (path: DocPath) => SourceLocation;
  resolve: (written: string) => ResolvedPath;
}

const DEFAULT_TOLERANCE = 0.1;

/** `'x'` → `['x']`, absent → `[]`. */
function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : typeof value === 'string' ? [value] : value;
}

/** Drops keys whose value is undefined, so optional fields are absent rather than undefined. */
function defined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

export function normalizeCheck(check: CheckParsed, index: number, context: CheckContext): Check {
  const base: CheckBase = defined({
    index,
    name: check.name,
    severity: check.severity,
    location: context.locationOf(['checks', index]),
    whenAgent:
      check.when_agent === undefined
        ? undefined
        : typeof check.when_agent === 'string'
          ? [check.when_agent]
          : check.when_agent,
  });
  const resolve = (written: string | undefined) =>
    written === undefined ? undefined : context.resolve(written);
  if ('task' in check) {
    const assertsNothing =
      check.status === undefined &&
      check.min_iterations === undefined &&
      check.max_iterations === undefined &&
      check.decisions === undefined &&
      check.error === undefined;
    return defined({
      ...base,
      kind: 'task',
      task: check.task,
      status: assertsNothing ? 'completed' : check.status,
      minIterations: check.min_iterations,
      maxIterations: check.max_iterations,
      decisions: check.decisions,
      error: check.error,
    });
  }
  if ('file' in check) {
    return defined({
      ...base,
      kind: 'file',
      path: check.file,
      contains: list(check.contains),
      notContains: list(check.not_contains),
      matches: check.matches,
      exists: check.exists,
      sha256: check.sha256?.toLowerCase(),
      unchanged: check.unchanged,
    });
  }
  if ('command' in check) {
    return defined({
      ...base,
      kind: 'command',
      command: check.command,
      copyIn: resolve(check.copy_in),
      exit: check.exit,
      stdoutContains: list(check.stdout_contains),
      stderrContains: list(check.stderr_contains),
      minTests: check.min_tests,
      timeoutMs: durationMs(check.timeout)!,
    });
  }
  if ('golden' in check) {
    return defined({
      ...base,
      kind: 'golden',
      command: check.golden,
      inputs: list(check.inputs).map((pattern) => context.resolve(pattern)),
      baseline: context.resolve(check.baseline),
      copyIn: resolve(check.copy_in),
      timeoutMs: durationMs(check.timeout)!,
    });
  }
  if ('sql' in check) {
    return defined({
      ...base,
      kind: 'sql',
      sql: check.sql,
      rows: check.rows,
      count: check.count,
      minCount: check.min_count,
      maxCount: check.max_count,
    });
  }
  if ('metric' in check) {
    return defined({
      ...base,
      kind: 'metric',
      metric: check.metric,
      max: check.max,
      min: check.min,
      equals: check.equals,
      baseline: resolve(check.baseline),
      tolerance: check.tolerance ?? (check.baseline === undefined ? undefined : DEFAULT_TOLERANCE),
    });
  }
  return defined({
    ...base,
    kind: 'agent',
    argvContains: check.agent.argv_contains ?? [],
    argvNotContains: check.agent.argv_not_contains ?? [],
    minCalls: check.agent.min_calls,
    maxCalls: check.agent.max_calls,
  });
}
