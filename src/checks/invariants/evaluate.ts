import { relative } from 'node:path';
import type { CheckResult } from '../../events/index.js';
import { errorMessage } from '../../shared/index.js';
import type { AttemptContext } from '../context.js';
import { harnessBug } from '../harness-bug.js';
import { isSqliteError, openReadOnly, type ReadOnlyDb } from '../sqlite.js';
import { listSome, plural } from '../text.js';
import { CannotJudge, type Invariant, type InvariantFinding, type Violation } from './types.js';

/** At most this many violations are listed in `actual`. */
const MAX_LISTED = 5;

type Judged = { kind: 'finding'; finding: InvariantFinding } | { kind: 'error'; message: string };

function judge(
  invariant: Invariant,
  ctx: AttemptContext,
  db: { ok: true; db: ReadOnlyDb } | { ok: false; reason: string; corrupt: boolean },
): Judged {
  try {
    if (!invariant.usesDatabase) return { kind: 'finding', finding: invariant.check(ctx) };
    if (db.ok) return { kind: 'finding', finding: invariant.check(ctx, db.db) };
    const violations = invariant.whenUnreadable?.(db);
    return violations
      ? { kind: 'finding', finding: { checked: 'the database file', violations } }
      : { kind: 'error', message: `${db.reason}; the invariant cannot be judged` };
  } catch (error) {
    if (error instanceof CannotJudge) return { kind: 'error', message: error.message };
    return {
      kind: 'error',
      message: isSqliteError(error)
        ? `reading the attempt database failed: ${errorMessage(error)}; the invariant cannot be judged`
        : harnessBug(`invariant ${invariant.name}`, error),
    };
  }
}

function toResult(
  invariant: Invariant,
  judged: Judged,
  ctx: AttemptContext,
  durationMs: number,
): CheckResult {
  const base = {
    id: `invariant:${invariant.name}`,
    kind: 'invariant',
    title: invariant.title,
    severity: invariant.severity,
    expected: invariant.expected,
    durationMs,
  };
  if (judged.kind === 'error') {
    return { ...base, status: 'error', actual: 'not evaluated', message: judged.message, evidence: [] };
  }
  const { checked, violations } = judged.finding;
  if (violations.length === 0) return { ...base, status: 'passed', actual: checked, evidence: [] };
  const first = violations[0] as Violation;
  const more = violations.length > 1 ? ` (and ${plural(violations.length - 1, 'more violation')})` : '';
  return {
    ...base,
    status: 'failed',
    actual: `${checked}; ${plural(violations.length, 'violation')}: ${listSome(
      violations.map((v) => v.message),
      MAX_LISTED,
    )}`,
    message: `${first.message}${more}`,
    findingKind: first.findingKind,
    evidence: invariant.usesDatabase ? [relative(ctx.runDir, ctx.database)] : [],
  };
}

/** Every invariant over one attempt, one result each; the database is opened read-only once. Never throws. */
export function evaluateInvariantList(invariants: readonly Invariant[], ctx: AttemptContext): CheckResult[] {
  const db = openReadOnly(ctx.database);
  try {
    return invariants.map((invariant) => {
      const started = performance.now();
      const judged = judge(invariant, ctx, db);
      return toResult(invariant, judged, ctx, Math.round(performance.now() - started));
    });
  } finally {
    if (db.ok) db.db.close();
  }
}
