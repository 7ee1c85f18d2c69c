import type { SourceLocation } from './problem.js';
import type { AGENT_KINDS, COMMAND_RESULT_FORMATS, PERMISSION_MODES } from './schema-agent.js';
import type { DECISIONS, METRICS, SEVERITIES, TASK_STATUSES } from './schema-checks.js';
import type { TASK_TYPES } from './schema-tasks.js';
import type { TemplateVars } from './template.js';

/** The normalized scenario: camelCase, fully defaulted, durations in ms, paths resolved. */

export type TaskType = (typeof TASK_TYPES)[number];
export type TaskStatus = (typeof TASK_STATUSES)[number];
export type Decision = (typeof DECISIONS)[number];
export type Severity = (typeof SEVERITIES)[number];
export type MetricName = (typeof METRICS)[number];
export type PermissionMode = (typeof PERMISSION_MODES)[number];
export type AgentKind = (typeof AGENT_KINDS)[number];
export type CommandResultFormat = (typeof COMMAND_RESULT_FORMATS)[number];

/** A path relative to the project root, resolved. */
export interface ResolvedPath {
  /** As written in the scenario (for messages). */
  written: string;
  /** Absolute. */
  path: string;
}

export interface Solution {
  /** Folder copied into the workspace. */
  dir?: ResolvedPath;
  /** Files written into the workspace: path → content. Templates ({{i}}) are filled per task by the oracle. */
  files: Record<string, string>;
}

export type AgentSpec =
  | {
      kind: 'claude-code';
      /** @default 'replay' */
      model: string;
      cassette?: ResolvedPath;
      maxTurns?: number;
      permissionMode?: PermissionMode;
    }
  | {
      kind: 'command';
      /** Placeholders filled per call: {{prompt}}, {{sessionId}}, {{workspace}}, {{maxTurns}}, {{resume}}. */
      argv: string[];
      /** @default 'text' */
      result: CommandResultFormat;
      env: Record<string, string>;
      model?: string;
      cassette?: ResolvedPath;
    }
  | { kind: 'oracle' }
  | { kind: 'null' };

export type LlmSpec =
  | { kind: 'heuristic' }
  | {
      kind: 'ollama' | 'openai';
      /** @default 'replay' */
      model: string;
      /** Absent → the embedded model server (or the container below). */
      endpoint?: string;
      /** Attempts after a retryable failure. @default 0 */
      retries?: number;
      /** Deadline of one request. @default 120000 */
      timeoutMs?: number;
      /** Ollama only: a real Ollama started in a container per attempt, `model` pulled into it. */
      container?: { image: string };
    };

/** Where the agent and the checks of an attempt run. */
export type SandboxSpec = { kind: 'host' } | { kind: 'container'; image: string };

export interface NormalizedTask {
  id: string;
  title: string;
  /** @default '' */
  description: string;
  /** @default 'task' */
  type: TaskType;
  dependsOn: string[];
  /** 1-10. @default 5 */
  priority: number;
  maxIterations?: number;
  /** The id of the scenario milestone the task belongs to. */
  milestone?: string;
  /** Overrides the scenario's solution for this task (templates already filled for generated tasks). */
  solution?: Solution;
  /** Template variables of a generated task (`{ i: 3 }`); empty for a written task. */
  vars: TemplateVars;
  /** Where the task (or its generator) is written. */
  location: SourceLocation;
  /** The written task or generator as a path in the file, for messages: `tasks[2]`. */
  source: string;
}

export interface ScenarioMilestone {
  id: string;
  name: string;
  /** @default '' */
  description: string;
}

/** How the attempt's SQLite store is kept. */
export interface StoreSpec {
  /** In the workspace (`.obra/obra.sqlite`) instead of the attempt folder. @default false */
  inWorkspace: boolean;
  /** The store's busy_timeout. @default 5000 */
  busyTimeoutMs?: number;
  /** A task id: another connection holds the write lock from this task's first agent call on. */
  lockedFrom?: string;
}

export interface Budgets {
  /** @default 600000 (10m) */
  wallMs: number;
  /** @default wallMs */
  taskWallMs: number;
  turns?: number;
  tokens?: number;
  /** A budget is meant to stop the attempt (the stop is the path under test). @default false */
  stopExpected?: boolean;
}

export interface Thresholds {
  passRate?: number;
  p95TaskS?: number;
  p50TaskS?: number;
  maxTokens?: number;
  maxCostUsd?: number;
}

/** Fields every check has. */
export interface CheckBase {
  /** Position in the scenario's `checks` list. */
  index: number;
  name?: string;
  /** @default 'major' */
  severity: Severity;
  /** Where the check is written, to point failures at the YAML. */
  location: SourceLocation;
  /** Evaluated only for these agent kinds (skipped with the reason for the others); absent: always. */
  whenAgent?: AgentKind[];
}

export interface TaskCheck extends CheckBase {
  kind: 'task';
  /** Task id, or '*' for every task. */
  task: string;
  /** Set to 'completed' when the check asserts nothing else. */
  status?: TaskStatus;
  minIterations?: number;
  maxIterations?: number;
  /** The exact sequence of decisions. */
  decisions?: Decision[];
  /** The kind of the classified error the task ended on (task_end's error.kind). */
  error?: string;
}

export interface FileCheck extends CheckBase {
  kind: 'file';
  /** Relative to the attempt's workspace (never absolute, no `..`). */
  path: string;
  contains: string[];
  notContains: string[];
  /** Regular expression source, compiled with `new RegExp(matches)`. */
  matches?: string;
  /** @default true */
  exists: boolean;
  /** Lowercase hex. */
  sha256?: string;
  /** true: byte-identical to the file the workspace started with; false: must differ from it. */
  unchanged?: boolean;
}

export interface CommandCheck extends CheckBase {
  kind: 'command';
  command: string;
  copyIn?: ResolvedPath;
  /** @default 0 */
  exit: number;
  stdoutContains: string[];
  stderrContains: string[];
  minTests?: number;
  /** @default 60000 */
  timeoutMs: number;
}

export interface GoldenCheck extends CheckBase {
  kind: 'golden';
  /** Command template; `{{input}}` is the input file. */
  command: string;
  /** Glob patterns (`*`, `?` in the file name only); expand with expandGlob(). */
  inputs: ResolvedPath[];
  /** Folder with `<input basename>.out` per input. */
  baseline: ResolvedPath;
  copyIn?: ResolvedPath;
  /** @default 60000 */
  timeoutMs: number;
}

export interface SqlCheck extends CheckBase {
  kind: 'sql';
  /** Read-only (SELECT / WITH / PRAGMA without assignment). */
  sql: string;
  rows?: Record<string, unknown>[];
  count?: number;
  minCount?: number;
  maxCount?: number;
}

export interface MetricCheck extends CheckBase {
  kind: 'metric';
  metric: MetricName;
  max?: number;
  min?: number;
  equals?: number;
  baseline?: ResolvedPath;
  /** Allowed relative change against the baseline. @default 0.1 when a baseline is given */
  tolerance?: number;
}

export interface AgentCheck extends CheckBase {
  kind: 'agent';
  argvContains: string[];
  argvNotContains: string[];
  minCalls?: number;
  maxCalls?: number;
}

export type Check = TaskCheck | FileCheck | CommandCheck | GoldenCheck | SqlCheck | MetricCheck | AgentCheck;
export type CheckKind = Check['kind'];

export interface Scenario {
  /** Absolute path of the scenario file. */
  file: string;
  /** Relative to rootDir, for messages. */
  relFile: string;
  name: string;
  description?: string;
  tags: string[];
  /** Binaries needed on PATH (preflight: missing → blocked). */
  requires: string[];
  /** Scenario names that must pass first. */
  needs: string[];
  /** @default { kind: 'claude-code', model: 'replay' } */
  agent: AgentSpec;
  /** @default { kind: 'heuristic' } */
  llm: LlmSpec;
  /** @default { kind: 'host' } */
  sandbox: SandboxSpec;
  /** Core config keys as written (snake_case); validated against the core's config schema by the caller. */
  orchestrator: Record<string, unknown>;
  workspace?: ResolvedPath;
  solution?: Solution;
  /** Generators expanded. */
  tasks: NormalizedTask[];
  /** Groups of tasks run in one agent conversation (a task names its milestone by id). */
  milestones: ScenarioMilestone[];
  store: StoreSpec;
  budgets: Budgets;
  /** @default 1 */
  repeat: number;
  /** @default 1 */
  concurrency: number;
  checks: Check[];
  thresholds: Thresholds;
}
