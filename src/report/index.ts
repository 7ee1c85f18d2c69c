export { buildReport } from './build-report.js';
export { createFindingCollector, findingFromCheck, normalizeMessage, signatureOf } from './findings.js';
export { exitCodeFor, RunExitCode } from './gate.js';
export { assessReadiness } from './readiness.js';
export {
  type AttemptReport,
  type Finding,
  REPORT_SCHEMA_VERSION,
  type Readiness,
  type RunReport,
  type ScenarioReport,
  type ScenarioVerdict,
} from './types.js';
export { passRates, scenarioVerdict } from './verdicts.js';
