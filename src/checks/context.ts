import type { CommandWrapper, DecisionAction, OrchestratorEvent, TaskRunStatus } from '../core/index.js';
import type { AttemptMetrics } from '../events/index.js';
import type { Scenario } from '../scenario/index.js';
import type { AttemptIsolation } from './isolation.js';
import type { AttemptWitnessSources } from './witness/sources.js';

/** What happened to one scenario task in an attempt. */
export interface TaskOutcome {
  /** The task's id in the scenario (e.g. "calc", "stress-17"). */
  key: string;
  /** The task's row id in the attempt's database. */
  taskId: number;
  title: string;
  description: string;
  /** How executeTask ended; undefined when the task never ran (blocked, interrupted, budget). */
  runStatus: TaskRunStatus | undefined;
  /** The task row's status at the end (completed, failed, blocked, cancelled, pending...). */
  storeStatus: string;
  iterations: number;
  /** The decision of each iteration, in order (an iteration that ended in an error has none). */
  decisions: DecisionAction[];
  /** The last decision's reason and the feedback it gave the agent (what a failed status quotes). */
  lastDecision?: { action: DecisionAction; reason: string; feedback?: string };
  durationMs: number;
  error?: { kind: string; message: string };
}

/**
 * Everything a check or an invariant may look at after an attempt. Built by the runner; checks are
 * pure over it except where they must touch the world (command and golden checks run processes in the
 * workspace; sql checks and invariants read the attempt's database read-only).
 */
export interface AttemptContext {
  scenario: Scenario;
  attemptId: string;
  /** Absolute run directory (reports/<run-id>); evidence paths are relative to it. */
  runDir: string;
  /** Absolute folder for this attempt's files inside runDir (evidence goes under it). */
  attemptDir: string;
  /** Absolute workspace the agent worked in. */
  workspace: string;
  /** Absolute path of the attempt's SQLite file (closed by the orchestrator; open it read-only). */
  database: string;
  /** Project root: where copy_in, golden inputs and baselines are resolved from (already absolute in the scenario). */
  rootDir: string;
  tasks: TaskOutcome[];
  metrics: AttemptMetrics;
  /**
   * Every orchestrator event of the attempt, in order (core events only). Iterable any number of times;
   * the runner streams it from disk (a 10,000-task attempt has ~100,000 events), so fold over it
   * rather than copying it.
   */
  coreEvents: Iterable<OrchestratorEvent>;
  /** sha256 of every workspace file before the agent started (relative path → hex). */
  initialHashes: ReadonlyMap<string, string>;
  /** What the harness recorded from outside the core (launches, the wire, the workspace, what it created). */
  witness: AttemptWitnessSources;
  /** The agent kind that ran (the scenario's, or the --agent override). */
  agentKind: 'claude-code' | 'command' | 'oracle' | 'null';
  /** Processes of the attempt still alive after teardown (should be 0). */
  leftoverProcesses: number;
  /** True when the attempt was stopped by a budget or Ctrl+C before all tasks ran. */
  stopped: boolean;
  /** What the attempt may not touch (outside the workspace and run directory, protected files), watched since it began. */
  isolation: AttemptIsolation;
  signal?: AbortSignal;
  /** Command and golden checks run their commands through this (`sandbox: container`). */
  wrap?: CommandWrapper;
}
