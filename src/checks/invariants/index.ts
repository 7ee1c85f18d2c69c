import type { CheckResult } from '../../events/index.js';
import type { AttemptContext } from '../context.js';
import { sqliteIntegrity } from './database.js';
import { evaluateInvariantList } from './evaluate.js';
import { agentSessionEchoed, oneInteractionPerCall, usageTotals } from './interactions.js';
import { nothingWrittenOutside, protectedPathsUnchanged } from './isolation.js';
import { judgementComplete, taskResultRecorded } from './judgement.js';
import { noProcessLeft } from './processes.js';
import { promptCarriesTask } from './prompts.js';
import { noActiveSession, noSessionReuse, sessionCreatedBeforeCall } from './sessions.js';
import { noDecisionLoop, noUnclassifiedException, taskStatusConsistent } from './tasks.js';
import { maxTurnsAsComputed } from './turns.js';
import type { Invariant } from './types.js';

/** The always-on invariants, in report order (DESIGN.md section 7). */
export const INVARIANTS: readonly Invariant[] = [
  sessionCreatedBeforeCall,
  agentSessionEchoed,
  noSessionReuse,
  noActiveSession,
  oneInteractionPerCall,
  taskStatusConsistent,
  noUnclassifiedException,
  usageTotals,
  maxTurnsAsComputed,
  promptCarriesTask,
  sqliteIntegrity,
  noProcessLeft,
  noDecisionLoop,
  judgementComplete,
  taskResultRecorded,
  nothingWrittenOutside,
  protectedPathsUnchanged,
];

/** Every invariant over the attempt: one result each (`invariant:<name>`). Never throws. */
export function evaluateInvariants(ctx: AttemptContext): CheckResult[] {
  return evaluateInvariantList(INVARIANTS, ctx);
}

export type { Invariant, InvariantFinding, Violation } from './types.js';
