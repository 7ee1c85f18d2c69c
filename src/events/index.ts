export { checkEventLogVersion, readAllEvents, readEvents, readEventsFor } from './read.js';
export {
  type AttemptMetrics,
  type AttemptVerdict,
  attemptIdOf,
  type CheckResult,
  type CheckStatus,
  EVENT_LOG_VERSION,
  type LaunchHostInfo,
  type PlannedScenario,
  type RawFinding,
  type RunEvent,
  type RunEventBody,
  type RunEventType,
  type ScenarioThresholds,
  type Severity,
  type SourceLocation,
} from './types.js';
export { createEventWriter, type EventWriter, MAX_EVENT_STRING } from './write.js';
