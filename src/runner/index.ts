export type { RunValidationOptions } from './options.js';
export { type PlannedAttempt, planRun, type RunPlan } from './plan.js';
export { findOnPath, missingRequirements, probeVersion } from './preflight.js';
export {
  finishedAttempts,
  type PreparedResume,
  prepareResume,
  type ResumeState,
  unfinishedAttempts,
} from './resume.js';
export { type RunValidationResult, runValidation } from './run-validation.js';
