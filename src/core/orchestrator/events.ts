import type { AgentUsage } from '../agents/index.js';
import type { DecisionAction, EvidenceCheck } from '../validation/index.js';

/** Status of a finished executeTask. */
export type TaskRunStatus = 'completed' | 'escalated' | 'max_iterations' | 'failed' | 'stopped';

/** A classified error: every failure of an iteration has one of these kinds, never "unknown". */
export interface ClassifiedError {
  kind: string;
  message: string;
}

/**
 * Everything the orchestrator does, as typed events (the harness listens; the core never prints).
 * `time` is epoch milliseconds. Order within a task: task_start, (iteration_start, session_start?,
 * (agent_call_start, agent_call_end)+, decision?, breakpoint*, session_end?, iteration_end)+, task_end.
 * A project run ends with evidence_fallback when its workspace tracker had to walk the tree instead of
 * watching it (the answers are the same, each call costs O(files)).
 */
export type OrchestratorEvent = { time: number } & (
  | { type: 'task_start'; taskId: number; key?: string; title: string; taskType: string }
  | { type: 'iteration_start'; taskId: number; iteration: number; prompt: string }
  | { type: 'session_start'; taskId: number | null; sessionId: string; shared: boolean }
  | {
      type: 'agent_call_start';
      taskId: number;
      iteration: number;
      sessionId: string;
      resume: boolean;
      maxTurns: number;
    }
  | {
      type: 'agent_call_end';
      taskId: number;
      iteration: number;
      sessionId: string;
      resume: boolean;
      maxTurns: number;
      agentSessionId: string | undefined;
      argv: string[];
      usage: AgentUsage;
      numTurns: number;
      isError: boolean;
      errorSubtype: string | undefined;
      durationMs: number;
      interactionId: number;
    }
  | {
      type: 'decision';
      taskId: number;
      iteration: number;
      action: DecisionAction;
      reason: string;
      qualityScore: number;
      passesGate: boolean;
      confidence: number;
      changedFiles: string[];
      /** The evidence checks run because the call changed no file (absent when none ran). */
      evidenceChecks?: EvidenceCheck[];
      feedback?: string;
    }
  | { type: 'breakpoint'; taskId: number; kind: string; severity: string; reason: string }
  | {
      type: 'session_end';
      taskId: number | null;
      sessionId: string;
      status: 'completed' | 'abandoned';
      reason?: string;
    }
  | { type: 'iteration_end'; taskId: number; iteration: number; action: DecisionAction | 'error' }
  | { type: 'evidence_fallback'; workspace: string; reason: string }
  | { type: 'error'; taskId: number; iteration: number; error: ClassifiedError }
  | {
      type: 'task_end';
      taskId: number;
      status: TaskRunStatus;
      iterations: number;
      durationMs: number;
      usage: AgentUsage & { turns: number };
      error?: ClassifiedError;
    }
);

export type OrchestratorEventType = OrchestratorEvent['type'];
export type EventListener = (event: OrchestratorEvent) => void;
