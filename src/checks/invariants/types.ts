import type { Severity } from '../../events/index.js';
import type { AttemptContext } from '../context.js';
import type { ReadOnlyDb } from '../sqlite.js';

/** One way an attempt broke an invariant: its finding class and where/what, with the values. */
export interface Violation {
  findingKind: string;
  message: string;
}

/** What an invariant looked at and what it found (no violations: it holds). */
export interface InvariantFinding {
  /** What was examined, for `actual` when it holds: `12 agent calls, 12 session rows`. */
  checked: string;
  violations: Violation[];
}

interface InvariantBase {
  /** Stable name: the result id is `invariant:<name>`. */
  name: string;
  title: string;
  /** What must hold, one line. */
  expected: string;
  /** The finding class of a violation (a few invariants have a second one, set on the violation). */
  findingKind: string;
  severity: Severity;
}

/** An invariant over the event list and the context only. */
export interface EventInvariant extends InvariantBase {
  usesDatabase: false;
  check(ctx: AttemptContext): InvariantFinding;
}

/** An invariant that also reads the attempt's database (opened read-only once for all of them). */
export interface DatabaseInvariant extends InvariantBase {
  usesDatabase: true;
  check(ctx: AttemptContext, db: ReadOnlyDb): InvariantFinding;
  /**
   * When the database cannot be opened: a violation when that by itself breaks the invariant (a file that
   * is not a database is corrupt); undefined → the invariant cannot be judged (an `error` result).
   */
  whenUnreadable?(failure: { reason: string; corrupt: boolean }): Violation[] | undefined;
}

export type Invariant = EventInvariant | DatabaseInvariant;

/** Builds a violation list entry; keeps invariant files short. */
export const violation = (findingKind: string, message: string): Violation => ({ findingKind, message });

/** Thrown by an invariant that cannot judge the attempt (a witness it needs is incomplete): an `error` result. */
export class CannotJudge extends Error {
  override readonly name = 'CannotJudge';
}
