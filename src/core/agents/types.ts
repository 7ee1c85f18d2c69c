import type { ProcessRuntime } from './process.js';

/** Token and cost usage of one agent call. */
export interface AgentUsage {
  inputTokens: number;
  outputTokens: number;
  cacheCreationTokens: number;
  cacheReadTokens: number;
  costUsd: number;
}

export const zeroUsage = (): AgentUsage => ({
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationTokens: 0,
  cacheReadTokens: 0,
  costUsd: 0,
});

/** The task an agent call works on (what the oracle agent needs to find the reference solution). */
export interface AgentTaskRef {
  id: number;
  /** The task's key in its scenario (metadata.key), when it has one. */
  key?: string;
  title: string;
  description: string;
  taskType: string;
}

export interface AgentRequest {
  prompt: string;
  /** Working directory of the call: the project's workspace. */
  cwd: string;
  /** The session id: new conversations pass it with --session-id, continuations with --resume. */
  sessionId: string;
  /** Continue the conversation `sessionId` (--resume) instead of starting it. */
  resume: boolean;
  maxTurns: number;
  task: AgentTaskRef;
  signal?: AbortSignal;
  timeoutMs?: number;
  /** Base name for this call's stdout/stderr files (the agent appends .stdout.log / .stderr.log). */
  logPrefix?: string;
}

/** One result shape for every agent and every outcome the agent itself reported. */
export interface AgentResult {
  text: string;
  /** The session id the agent reported back; undefined when the agent cannot report one. */
  sessionId: string | undefined;
  usage: AgentUsage;
  numTurns: number;
  isError: boolean;
  /** e.g. error_max_turns, api_error (from terminal_reason), error_during_execution. */
  errorSubtype: string | undefined;
  terminalReason: string | undefined;
  exitCode: number | null;
  durationMs: number;
  argv: string[];
  /** The agent's output logs, when written (a stream that printed nothing leaves no file). */
  stdoutPath: string | undefined;
  stderrPath: string | undefined;
}

export type AgentKind = 'claude-code' | 'command' | 'oracle' | 'null';

export interface Agent {
  readonly kind: AgentKind;
  /** False for agents that cannot echo a session id (a command agent with text output). */
  readonly reportsSessionId: boolean;
  /**
   * Absolute paths the agent's runtime writes that are not the agent's work (its logs, its own HOME and
   * TMPDIR): never evidence, even when they sit inside the workspace.
   */
  readonly ownFiles: readonly string[];
  run(request: AgentRequest): Promise<AgentResult>;
}

/** Dependencies every process-spawning agent takes. */
export interface AgentRuntime extends ProcessRuntime {
  /** Folder for per-call stdout/stderr logs; none when undefined. */
  logDir?: string;
}
