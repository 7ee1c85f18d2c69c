import type {
  ChangeType,
  Decision,
  MilestoneStatus,
  ProjectStatus,
  SessionStatus,
  Severity,
  TaskStatus,
  TaskType,
} from './enums.js';

/** A value that survives JSON.stringify/JSON.parse unchanged (no undefined, NaN, Date, class...). */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** Timestamps are ISO 8601 strings in UTC with milliseconds (`2026-01-02T03:04:05.678Z`). */
export type Timestamp = string;

export interface Project {
  id: number;
  name: string;
  description: string;
  workingDirectory: string;
  status: ProjectStatus;
  metadata: JsonObject;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  /** Set by `projects.softDelete`; `projects.list()` leaves such projects out unless asked. */
  deletedAt: Timestamp | null;
}

export interface Milestone {
  id: number;
  projectId: number;
  name: string;
  description: string;
  status: MilestoneStatus;
  createdAt: Timestamp;
  completedAt: Timestamp | null;
}

export interface Task {
  id: number;
  projectId: number;
  milestoneId: number | null;
  parentTaskId: number | null;
  epicId: number | null;
  storyId: number | null;
  taskType: TaskType;
  title: string;
  description: string;
  status: TaskStatus;
  /** 1 (lowest) to 10 (highest). */
  priority: number;
  /** Ids of tasks of the same project that must be completed before this one is ready, ascending. */
  dependencies: number[];
  retryCount: number;
  maxRetries: number;
  result: JsonValue | null;
  metadata: JsonObject;
  createdAt: Timestamp;
  updatedAt: Timestamp;
  startedAt: Timestamp | null;
  completedAt: Timestamp | null;
}

/** Token and cost counters, shared by sessions (cumulative) and interactions (one agent call). */
export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  turns: number;
  costUsd: number;
}

export interface Session extends Usage {
  /** The UUID passed to the agent (`--session-id`); never reused. */
  id: string;
  projectId: number;
  taskId: number | null;
  milestoneId: number | null;
  status: SessionStatus;
  interactionCount: number;
  /** Why the session was abandoned (or refreshed); null otherwise. */
  reason: string | null;
  createdAt: Timestamp;
  endedAt: Timestamp | null;
}

export interface Interaction extends Usage {
  id: number;
  projectId: number;
  taskId: number;
  sessionId: string;
  /** 1-based iteration of the task this agent call belongs to. */
  iteration: number;
  prompt: string;
  response: string;
  /** The session id the agent echoed in its metadata (should equal sessionId, or the resumed id). */
  agentSessionId: string | null;
  durationMs: number;
  errorSubtype: string | null;
  isError: boolean;
  /** 0-1. */
  qualityScore: number | null;
  passesGate: boolean | null;
  /** 0-1. */
  confidence: number | null;
  decision: Decision | null;
  feedback: string | null;
  createdAt: Timestamp;
}

export interface BreakpointEvent {
  id: number;
  projectId: number;
  taskId: number | null;
  kind: string;
  reason: string;
  severity: Severity;
  createdAt: Timestamp;
  resolvedAt: Timestamp | null;
  resolution: string | null;
}

export interface Checkpoint {
  id: number;
  projectId: number;
  taskId: number | null;
  label: string;
  state: JsonValue;
  createdAt: Timestamp;
}

export interface FileChange {
  id: number;
  taskId: number;
  interactionId: number | null;
  path: string;
  changeType: ChangeType;
  hashBefore: string | null;
  hashAfter: string | null;
  createdAt: Timestamp;
}

/** `sessions.taskSessionMetrics(taskId)`: the task's sessions and their summed usage. */
export interface TaskSessionMetrics {
  totals: Usage & { sessions: number; interactions: number };
  sessions: Session[];
}
