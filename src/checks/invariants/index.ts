import type { CheckResult } from '../../events/index.js';
import type { AttemptContext } from '../context.js';
import { sqliteIntegrity } from './database.js';
import { evaluateInvariantList } from './evaluate.js';
import { eventsMatchRecords } from './events-match-records.js';
import { agentSessionEchoed, oneInteractionPerCall, usageTotals } from './interactions.js';
import { nothingWrittenOutside, protectedPathsUnchanged } from './isolation.js';
import { judgementComplete, taskResultRecorded } from './judgement.js';
import { noProcessLeft } from './processes.js';
import { promptCarriesTask } from './prompts.js';
import { noActiveSession, noSessionReuse, sessionCreatedBeforeCall } from './sessions.js';
import { storeContracts } from './store-contracts.js';
import { storeReadsMatchFile } from './store-reads.js';
import { noDecisionLoop, noUnclassifiedException, taskStatusConsistent } from './tasks.js';
import { maxTurnsAsComputed } from './turns.js';
import type { Invariant } from './types.js';
import { turnCapsAsConfigured } from './witnessed-agent-args.js';
import { fileChangesMatchWorkspace } from './witnessed-evidence.js';
import { agentLogsMatchWitness, callsWitnessed, interactionsMatchWitness } from './witnessed-interactions.js';
import { feedbackReachesTheModel, judgementRecomputed } from './witnessed-judgement.js';
import {
  breakpointsRecomputed,
  milestonesMatchScenario,
  projectMatchesScenario,
} from './witnessed-records.js';
import { sessionsMatchWitness } from './witnessed-sessions.js';
import { scheduleAsConfigured, tasksMatchScenario } from './witnessed-tasks.js';
import { wireMatchesCalls } from './witnessed-wire.js';

/** The always-on invariants, in report order (DESIGN.md section 7; the witnessed ones last). */
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
  // Each record compared with a witness the orchestrator did not write (docs/DETECTION.md).
  callsWitnessed,
  interactionsMatchWitness,
  sessionsMatchWitness,
  judgementRecomputed,
  feedbackReachesTheModel,
  fileChangesMatchWorkspace,
  tasksMatchScenario,
  scheduleAsConfigured,
  turnCapsAsConfigured,
  milestonesMatchScenario,
  breakpointsRecomputed,
  projectMatchesScenario,
  wireMatchesCalls,
  storeReadsMatchFile,
  storeContracts,
  eventsMatchRecords,
  agentLogsMatchWitness,
];

/** Every invariant over the attempt: one result each (`invariant:<name>`). Never throws. */
export function evaluateInvariants(ctx: AttemptContext): CheckResult[] {
  return evaluateInvariantList(INVARIANTS, ctx);
}

export type { Invariant, InvariantFinding, Violation } from './types.js';
