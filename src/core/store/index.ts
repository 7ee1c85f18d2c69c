/**
 * The orchestrator's store (StateManager): SQLite through better-sqlite3, opened as a value.
 * See docs/ARCHITECTURE-store.md for tables, invariants, transactions and errors.
 */

export type { BreakpointRepository, CreateBreakpointInput } from './breakpoints.js';
export type { CheckpointRepository, CreateCheckpointInput } from './checkpoints.js';
export {
  CHANGE_TYPES,
  type ChangeType,
  DECISIONS,
  type Decision,
  MILESTONE_STATUSES,
  type MilestoneStatus,
  PROJECT_STATUSES,
  type ProjectStatus,
  SESSION_STATUSES,
  SEVERITIES,
  type SessionStatus,
  type Severity,
  TASK_STATUSES,
  TASK_TYPES,
  type TaskStatus,
  type TaskType,
  TERMINAL_TASK_STATUSES,
} from './enums.js';
export {
  ConstraintError,
  DuplicateIdError,
  type EntityName,
  EnumValueError,
  ForeignKeyError,
  InvalidStateError,
  InvalidValueError,
  NotADatabaseError,
  NotFoundError,
  SchemaVersionError,
  StoreError,
  StoreOpenError,
  StoreUnavailableError,
} from './errors.js';
export type { FileChangeRepository, RecordFileChangeInput } from './file-changes.js';
export type { Assessment, InteractionRepository, RecordInteractionInput } from './interactions.js';
export type { Migration } from './migrations.js';
export { LATEST_SCHEMA_VERSION, MIGRATIONS } from './migrations.js';
export type { CreateMilestoneInput, MilestoneRepository, UpdateMilestoneInput } from './milestones.js';
export { DEFAULT_BUSY_TIMEOUT_MS } from './open.js';
export type { CreateProjectInput, ProjectRepository, UpdateProjectInput } from './projects.js';
export type { CreateSessionInput, SessionRepository } from './sessions.js';
export type { OpenStoreOptions, Store } from './store.js';
export { openStore } from './store.js';
export type { CreateTaskInput, ListTasksOptions, TaskRepository, UpdateTaskInput } from './tasks.js';
export type {
  BreakpointEvent,
  Checkpoint,
  FileChange,
  Interaction,
  JsonObject,
  JsonValue,
  Milestone,
  Project,
  Session,
  Task,
  TaskSessionMetrics,
  Timestamp,
  Usage,
} from './types.js';
