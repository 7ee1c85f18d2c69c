export {
  type CreateOrchestratorOptions,
  createOrchestrator,
  type Orchestrator,
} from './create-orchestrator.js';
export type {
  ClassifiedError,
  EventListener,
  OrchestratorEvent,
  OrchestratorEventType,
  TaskRunStatus,
} from './events.js';
export { buildPrompt, continuationPrompt, FEEDBACK_HEADER } from './prompt.js';
export type { RunMilestoneOptions, RunMilestoneResult } from './run-milestone.js';
export type { RunProjectOptions, RunProjectResult } from './run-project.js';
export { initialMaxTurns, raisedMaxTurns } from './turn-cap.js';
export type { ExecuteTaskOptions, ExecuteTaskResult, IterationSummary } from './types.js';
export type { UsageTotals } from './usage.js';
