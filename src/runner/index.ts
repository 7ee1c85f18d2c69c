export { type CheckFilesResult, checkFiles } from './check-files.js';
export { containerBlockReason, containerNeed } from './container-preflight.js';
export { type ContainerRuntime, detectContainerRuntime } from './container-runtime.js';
export type { ResumeState, RunValidationOptions } from './options.js';
export { type PlannedAttempt, planRun, type RunPlan } from './plan.js';
export { findOnPath, missingRequirements, probeVersion } from './preflight.js';
export {
  finishedAttempts,
  type PreparedResume,
  prepareResume,
  unfinishedAttempts,
} from './resume.js';
export { type RunValidationResult, runValidation } from './run-validation.js';
