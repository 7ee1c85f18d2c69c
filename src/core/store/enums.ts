/**
 * The enums of the store: each is a const tuple, the source of its TypeScript type and of its codec
 * (codecs.ts). migrations.ts repeats them as SQL CHECK constraints, frozen per migration on purpose;
 * adding a value needs a new migration (enums.test.ts writes every value through the store).
 */
export const PROJECT_STATUSES = ['active', 'paused', 'completed', 'archived'] as const;
export type ProjectStatus = (typeof PROJECT_STATUSES)[number];

export const MILESTONE_STATUSES = ['pending', 'active', 'completed', 'cancelled'] as const;
export type MilestoneStatus = (typeof MILESTONE_STATUSES)[number];

export const TASK_TYPES = ['epic', 'story', 'task', 'subtask'] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export const TASK_STATUSES = [
  'pending',
  'ready',
  'running',
  'blocked',
  'completed',
  'failed',
  'cancelled',
  'retrying',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Statuses that end a task: `updateStatus` stamps `completed_at` when a task enters one. */
export const TERMINAL_TASK_STATUSES: readonly TaskStatus[] = ['completed', 'failed', 'cancelled'];

export const SESSION_STATUSES = ['active', 'completed', 'refreshed', 'abandoned'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const DECISIONS = ['proceed', 'retry', 'clarify', 'escalate'] as const;
export type Decision = (typeof DECISIONS)[number];

export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const CHANGE_TYPES = ['created', 'modified', 'deleted'] as const;
export type ChangeType = (typeof CHANGE_TYPES)[number];
