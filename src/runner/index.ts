export { containerBlockReason, containerNeed } from './container-preflight.js';
export { type ContainerRuntime, detectContainerRuntime } from './container-runtime.js';
export type { RunValidationOptions } from './options.js';
export { type PlannedAttempt, planRun, type RunPlan } from './plan.js';
export { findOnPath, missingRequirements, probeVersion } from './preflight.js';
export { type RunValidationResult, runValidation } from './run-validation.js';
