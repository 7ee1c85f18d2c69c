/**
 * Public surface of src/scenario: loads declarative YAML scenarios (read → YAML with positions → zod
 * schema → normalize → semantic rules) and publishes their JSON Schema. Other folders import only this file.
 */
export { durationMs } from './duration.js';
export { type EntryKind, nodeFs, type ScenarioFs } from './file-system.js';
export { expandGlob } from './glob.js';
export { SCHEMA_COMMENT, scenarioJsonSchema, scenarioJsonSchemaText } from './json-schema.js';
export {
  MAX_CONCURRENCY,
  MAX_COUNT,
  MAX_DURATION_MS,
  MAX_DURATION_TEXT,
  MAX_ITERATIONS,
  MAX_REPEAT,
  MAX_TASKS,
  MAX_TURNS,
} from './limits.js';
export { type LoadOptions, type LoadResult, loadScenarios } from './load.js';
export { type ParseOptions, parseScenario } from './parse-scenario.js';
export {
  type DocPath,
  formatPath,
  formatProblem,
  formatProblems,
  type ScenarioProblem,
  type SourceLocation,
  sortProblems,
} from './problem.js';
export { MAX_SCENARIO_BYTES } from './read.js';
export { type PathRef, referencedPaths } from './referenced-paths.js';
export { type ScenarioInput, scenarioSchema } from './schema.js';
export { AGENT_KINDS, LLM_KINDS, PERMISSION_MODES } from './schema-agent.js';
export { CHECK_KINDS, DECISIONS, METRICS, SEVERITIES, TASK_STATUSES } from './schema-checks.js';
export { DEFAULT_OLLAMA_IMAGE, DEFAULT_SANDBOX_IMAGE, SANDBOX_KINDS } from './schema-sandbox.js';
export { TASK_TYPES } from './schema-tasks.js';
export { renderTemplate, type TemplateVars } from './template.js';
export type {
  AgentCheck,
  AgentSpec,
  Budgets,
  Check,
  CheckBase,
  CheckKind,
  CommandCheck,
  CommandResultFormat,
  Decision,
  FileCheck,
  GoldenCheck,
  LlmSpec,
  MetricCheck,
  MetricName,
  NormalizedTask,
  PermissionMode,
  ResolvedPath,
  SandboxSpec,
  Scenario,
  Severity,
  Solution,
  SqlCheck,
  TaskCheck,
  TaskStatus,
  TaskType,
  Thresholds,
} from './types.js';
