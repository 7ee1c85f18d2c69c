import { randomUUID } from 'node:crypto';
import type { Agent } from '../agents/index.js';
import { type CoreConfigInput, parseCoreConfig } from '../config/index.js';
import { type CommandRuntime, createTrackerPool } from '../evidence/index.js';
import { readInjectedFault } from '../faults.js';
import type { Store } from '../store/index.js';
import type { ConfidenceLlm } from '../validation/index.js';
import type { OrchestratorContext } from './context.js';
import type { EventListener } from './events.js';
import { executeTask } from './execute-task.js';
import { type RunMilestoneOptions, type RunMilestoneResult, runMilestone } from './run-milestone.js';
import { type RunProjectOptions, type RunProjectResult, runProject } from './run-project.js';
import type { ExecuteTaskOptions, ExecuteTaskResult } from './types.js';

export interface CreateOrchestratorOptions {
  store: Store;
  agent: Agent;
  /** Scores confidence alongside the heuristic. A configured LLM that fails fails the task (no fallback). */
  llm?: ConfidenceLlm;
  /** Validated with the core config schema; unknown keys are errors. */
  config?: CoreConfigInput;
  /** Every step as a typed event. The core never prints. A listener that throws fails the call. */
  onEvent?: EventListener;
  /** @default crypto.randomUUID */
  newSessionId?: () => string;
  /** How the config's evidence checks run. @default process.env, no sandbox, no redaction */
  commands?: CommandRuntime;
  /**
   * More absolute paths that are never evidence (files or folders the caller writes while tasks run).
   * The store's files and the agent's own files are always left out.
   */
  evidenceExclude?: readonly string[];
}

export interface Orchestrator {
  executeTask(taskId: number, options?: ExecuteTaskOptions): Promise<ExecuteTaskResult>;
  runProject(projectId: number, options?: RunProjectOptions): Promise<RunProjectResult>;
  runMilestone(milestoneId: number, options?: RunMilestoneOptions): Promise<RunMilestoneResult>;
}

/** The orchestrator is a value over its dependencies: no singleton, no global state. */
export function createOrchestrator(options: CreateOrchestratorOptions): Orchestrator {
  const parsed = parseCoreConfig(options.config ?? {});
  // The only read of the test-only fault switch (src/core/faults.ts); off unless the variable is set.
  const fault = readInjectedFault();
  // Stryker disable all: the test-only fault switch (docs/DETECTION.md, "The fault switch")
  // FAULT turn-cap-low: a cap of 1 turn, which the turn-cap resume can never raise.
  const config = fault === 'turn-cap-low' ? { ...parsed, maxTurns: { ...parsed.maxTurns, cap: 1 } } : parsed;
  // Stryker restore all
  const ctx: OrchestratorContext = {
    store: options.store,
    agent: options.agent,
    llm: options.llm,
    config,
    fault,
    emit: (event) => options.onEvent?.({ ...event, time: Date.now() } as Parameters<EventListener>[0]),
    newSessionId: options.newSessionId ?? randomUUID,
    // Evidence is the agent's work only: the store's files, the agent's logs and homes, and whatever the
    // caller says it writes are never counted, wherever they live (a store inside the workspace included).
    evidence: createTrackerPool({
      ignore: config.evidenceIgnore,
      mode: config.evidenceTracking,
      exclude: [...options.store.files, ...options.agent.ownFiles, ...(options.evidenceExclude ?? [])],
    }),
    commands: options.commands ?? {},
  };
  return {
    executeTask: (taskId, opts) => executeTask(ctx, taskId, opts),
    runProject: (projectId, opts) => runProject(ctx, projectId, opts),
    runMilestone: (milestoneId, opts) => runMilestone(ctx, milestoneId, opts),
  };
}
