/**
 * Public surface of src/checks: after an attempt, the scenario's declared checks (one evaluator per
 * kind, see registry.ts) and the always-on invariants (invariants/), each as a CheckResult.
 */
export type { AttemptContext, TaskOutcome } from './context.js';
export { type EventOf, type EventsByType, eachEventOf, eventsOf } from './core-events.js';
export { evaluateCheck, evaluateChecks } from './evaluate-checks.js';
export { expectedTaskErrors, expectsStoreFailure } from './expected-errors.js';
export {
  evaluateInvariants,
  INVARIANTS,
  type Invariant,
  type InvariantFinding,
  type Violation,
} from './invariants/index.js';
export {
  type AttemptIsolation,
  type PathChange,
  protectedPathsOf,
  watchIsolation,
} from './isolation.js';
export { CHECK_EVALUATORS, type CheckRegistry } from './registry.js';
export { parseTestCount, type TestCount } from './test-count.js';
export { CheckError, type CheckEvaluator, type CheckOutcome } from './types.js';
export type { LaunchRecord } from './witness/launch-record.js';
export {
  createLaunchWitness,
  type LaunchWitness,
  MAX_WITNESSED_FILES,
} from './witness/launch-witness.js';
export type { AttemptWitnessSources } from './witness/sources.js';
export {
  diffWalks,
  type WitnessedChange,
  type WorkspaceWalk,
  walkWorkspace,
} from './witness/workspace-walk.js';
