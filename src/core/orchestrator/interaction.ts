import { type AgentResult, type AgentUsage, zeroUsage } from '../agents/index.js';
import type { Interaction } from '../store/index.js';
import type { DecisionAction } from '../validation/index.js';
import type { OrchestratorContext } from './context.js';

export interface CallScope {
  projectId: number;
  taskId: number;
  iteration: number;
  sessionId: string;
  resume: boolean;
  maxTurns: number;
  prompt: string;
}

export interface Judgement {
  qualityScore: number;
  passesGate: boolean;
  confidence: number;
  decision: DecisionAction;
  feedback: string | undefined;
}

/**
 * Persists one agent call as one interaction (usage added to its session in the same transaction by the
 * store) and emits agent_call_end. Every agent call goes through here exactly once. Returns the row
 * (undefined only under the test-only fault interactions-not-persisted).
 */
export function recordCall(
  ctx: OrchestratorContext,
  scope: CallScope,
  call:
    | { kind: 'result'; result: AgentResult; judgement?: Judgement }
    | { kind: 'error'; errorKind: string; message: string; argv: string[]; durationMs: number },
): Interaction | undefined {
  const usage: AgentUsage = call.kind === 'result' ? call.result.usage : zeroUsage();
  const turns = call.kind === 'result' ? call.result.numTurns : 0;
  const judgement = call.kind === 'result' ? call.judgement : undefined;
  const record: Parameters<typeof ctx.store.interactions.record>[0] = {
    taskId: scope.taskId,
    sessionId: scope.sessionId,
    iteration: scope.iteration,
    prompt: scope.prompt,
    response: call.kind === 'result' ? call.result.text : call.message,
    agentSessionId: call.kind === 'result' ? (call.result.sessionId ?? null) : null,
    usage: { ...usage, turns },
    durationMs: call.kind === 'result' ? call.result.durationMs : call.durationMs,
    errorSubtype: call.kind === 'result' ? (call.result.errorSubtype ?? null) : `agent_${call.errorKind}`,
    isError: call.kind === 'result' ? call.result.isError : true,
    qualityScore: judgement?.qualityScore ?? null,
    passesGate: judgement?.passesGate ?? null,
    confidence: judgement?.confidence ?? null,
    decision: judgement?.decision ?? null,
    feedback: judgement?.feedback ?? null,
  };
  // Stryker disable all: the test-only fault switch (docs/DETECTION.md, "The fault switch")
  // FAULT interactions-not-persisted: the call is announced but its row is never written.
  const interaction =
    ctx.fault === 'interactions-not-persisted' ? undefined : ctx.store.interactions.record(record);
  // Stryker restore all
  ctx.emit({
    type: 'agent_call_end',
    taskId: scope.taskId,
    iteration: scope.iteration,
    sessionId: scope.sessionId,
    resume: scope.resume,
    maxTurns: scope.maxTurns,
    agentSessionId: call.kind === 'result' ? call.result.sessionId : undefined,
    argv: call.kind === 'result' ? call.result.argv : call.argv,
    usage,
    numTurns: turns,
    isError: call.kind === 'result' ? call.result.isError : true,
    errorSubtype: call.kind === 'result' ? call.result.errorSubtype : `agent_${call.errorKind}`,
    durationMs: call.kind === 'result' ? call.result.durationMs : call.durationMs,
    // Stryker disable next-line all: no row only under the test-only fault switch
    interactionId: interaction?.id ?? 0,
  });
  return interaction;
}
