/**
 * The programmatic API of obra-validate (the package root). The CLI is a thin shell over these exports:
 * `runValidation(options)` is what `npx obra-validate scenarios/` calls.
 */

// The orchestrator core: createOrchestrator, createAgent, createLlm, openStore, loadCoreConfig, ...
export * from './core/index.js';
// Events: the versioned event log of a run.
export {
  EVENT_LOG_VERSION,
  type RunEvent,
  readAllEvents,
  readEvents,
} from './events/index.js';
// The embedded model server and its cassettes.
export {
  CassetteError,
  loadCassette,
  type ModelServer,
  type ModelServerOptions,
  parseCassette,
  startModelServer,
} from './model-server/index.js';
// Reports: pure functions over the event log.
export {
  type AttemptReport,
  buildReport,
  compareWithBaseline,
  defaultGate,
  evaluateGate,
  type Finding,
  type GateConfig,
  type GateResult,
  loadGateConfig,
  mergeEventLogs,
  mergeGate,
  type RunReport,
  readBaseline,
  type ScenarioReport,
  withBaseline,
  writeBaseline,
} from './report/index.js';
export { createReporters, type Reporter, replayEvents } from './reporters/index.js';
// Running scenarios.
export { type RunValidationOptions, type RunValidationResult, runValidation } from './runner/index.js';
export { loadScenarios, scenarioJsonSchema } from './scenario/index.js';
export { InfrastructureError, UserError } from './shared/index.js';
