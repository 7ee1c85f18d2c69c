export {
  BASELINE_METRICS,
  baselineFromReport,
  type CompareOptions,
  compareWithBaseline,
  scenarioMetrics,
  withBaseline,
} from './baseline.js';
export {
  BASELINE_FORMAT,
  baselineFileKind,
  parseBaseline,
  readBaseline,
  writeBaseline,
} from './baseline-file.js';
export { buildReport } from './build-report.js';
export {
  type ChecklistItem,
  type ChecklistStatus,
  CONTRACT_FINDING_KINDS,
  validationChecklist,
} from './checklist.js';
export { createFindingCollector, findingFromCheck, normalizeMessage, signatureOf } from './findings.js';
export { FIX_HINTS, fixHintFor } from './fix-hints.js';
export {
  defaultGate,
  evaluateGate,
  exitCodeFor,
  type GateConfig,
  type GateOverrides,
  type GateResult,
  RunExitCode,
} from './gate.js';
export {
  CONFIG_FILE,
  loadGateConfig,
  loadProjectConfig,
  MAX_WORKERS,
  mergeGate,
  type ProjectConfig,
  parseGateConfig,
} from './gate-config.js';
export { gateHeadline, withGate } from './gate-line.js';
export { mergeEventLogs, type NamedLog } from './merge-logs.js';
export { assessReadiness, scenariosOf } from './readiness.js';
export { latestAttemptEvents } from './resumed-log.js';
export {
  type AttemptReport,
  type Baseline,
  type BaselineComparison,
  type BaselineMetricName,
  type BaselineMetrics,
  type Finding,
  type MetricDelta,
  REPORT_SCHEMA_VERSION,
  type Readiness,
  type Regression,
  type ReportGate,
  type RunReport,
  type ScenarioDelta,
  type ScenarioReport,
  type ScenarioVerdict,
} from './types.js';
export { passRates, scenarioVerdict } from './verdicts.js';
