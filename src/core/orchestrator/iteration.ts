import { AgentError, type AgentResult } from '../agents/index.js';
import { type ChangeMark, runEvidenceChecks, type WorkspaceTracker } from '../evidence/index.js';
import { LlmError } from '../llm/index.js';
import type { Project, Task } from '../store/index.js';
import {
  assessQuality,
  breakpointsFor,
  type ConfidenceLlm,
  ConfidenceParseError,
  decide,
  scoreConfidence,
  validateResponse,
} from '../validation/index.js';
import { type OrchestratorContext, recordBreakpoint } from './context.js';
import type { ClassifiedError, TaskRunStatus } from './events.js';
import type { HandOver } from './hand-over.js';
import { type CallScope, recordCall } from './interaction.js';
import { continuationPrompt } from './prompt.js';
import type { SessionHandle } from './session.js';
import { initialMaxTurns, raisedMaxTurns } from './turn-cap.js';
import type { IterationSummary } from './types.js';
import { addUsage, type UsageTotals } from './usage.js';

export interface IterationEnd {
  status: TaskRunStatus;
  reason: string;
  error?: ClassifiedError;
}

export interface IterationInput {
  task: Task;
  key: string | undefined;
  project: Project;
  iteration: number;
  prompt: string;
  session: SessionHandle;
  /** The workspace's change tracker and the point the iteration's evidence is counted from. */
  tracker: WorkspaceTracker;
  mark: ChangeMark;
  /** Task totals, updated in place with every call's usage. */
  usage: UsageTotals;
  /** The task's last allowed iteration: a retry decision here ends the task too. */
  lastIteration: boolean;
  handOver?: HandOver;
  signal?: AbortSignal;
}

export interface IterationOutcome {
  summary: IterationSummary;
  /** Where the next iteration counts from (the input mark when no evidence was taken). */
  mark: ChangeMark;
  next: { kind: 'continue'; feedback: string } | { kind: 'end'; end: IterationEnd };
}

/**
 * One iteration: the agent call (resumed with a higher turn cap on error_max_turns), then the pipeline
 * ResponseValidator → QualityController → ConfidenceScorer → DecisionEngine → BreakpointManager, then
 * the interaction persisted with every field. Every failure comes back classified.
 */
export async function runIteration(
  ctx: OrchestratorContext,
  input: IterationInput,
): Promise<IterationOutcome> {
  const { task, project, iteration, session } = input;
  const cwd = project.workingDirectory;
  const summary: IterationSummary = { iteration, sessionId: session.id, calls: 0, changedFiles: [] };
  const fail = (status: TaskRunStatus, error: ClassifiedError): IterationOutcome => {
    summary.error = error;
    return {
      summary,
      mark: input.mark,
      next: { kind: 'end', end: { status, reason: error.message, error } },
    };
  };
  let maxTurns = initialMaxTurns(task.taskType, ctx.config.maxTurns);
  let resumes = 0;
  let prompt = input.prompt;

  for (;;) {
    const scope: CallScope = {
      projectId: task.projectId,
      taskId: task.id,
      iteration,
      sessionId: session.id,
      resume: session.started,
      maxTurns,
      prompt,
    };
    ctx.emit({
      type: 'agent_call_start',
      taskId: task.id,
      iteration,
      sessionId: session.id,
      resume: scope.resume,
      maxTurns,
    });
    summary.calls++;
    let result: AgentResult;
    try {
      const call = ctx.agent.run({
        prompt,
        cwd,
        sessionId: session.id,
        resume: scope.resume,
        maxTurns,
        task: {
          id: task.id,
          ...(input.key ? { key: input.key } : {}),
          title: task.title,
          description: task.description,
          taskType: task.taskType,
        },
        timeoutMs: ctx.config.agentTimeoutMs,
        logPrefix: `task-${task.id}-iteration-${iteration}-call-${summary.calls}`,
        ...(input.signal ? { signal: input.signal } : {}),
      });
      input.handOver?.launched();
      result = await call;
    } catch (error) {
      if (!(error instanceof AgentError)) throw error;
      session.started = true;
      recordCall(ctx, scope, {
        kind: 'error',
        errorKind: error.kind,
        message: error.message,
        argv: error.details.argv,
        durationMs: error.details.durationMs ?? 0,
      });
      const classified = { kind: `agent_${error.kind}`, message: error.message };
      if (error.kind === 'aborted') return fail('stopped', classified);
      recordBreakpoint(
        ctx,
        task.projectId,
        task.id,
        breakpointsFor({ type: 'agent_error', kind: error.kind, message: error.message })[0]!,
      );
      ctx.emit({ type: 'error', taskId: task.id, iteration, error: classified });
      return fail('failed', classified);
    }
    session.started = true;
    addUsage(input.usage, result.usage, result.numTurns);

    if (result.errorSubtype === 'error_max_turns') {
      recordCall(ctx, scope, { kind: 'result', result });
      const next = raisedMaxTurns(maxTurns, resumes, ctx.config.maxTurns);
      recordBreakpoint(
        ctx,
        task.projectId,
        task.id,
        breakpointsFor({ type: 'turn_cap', maxTurns, final: next === undefined })[0]!,
      );
      if (next === undefined) {
        const error = {
          kind: 'error_max_turns',
          message: `the agent hit --max-turns ${maxTurns} and the cap cannot be raised further (cap ${ctx.config.maxTurns.cap}, ${resumes} resumes)`,
        };
        ctx.emit({ type: 'error', taskId: task.id, iteration, error });
        return fail('failed', error);
      }
      maxTurns = next;
      resumes++;
      prompt = continuationPrompt(task.title);
      continue;
    }

    const validation = validateResponse(result, {
      expectedSessionId: session.id,
      reportsSessionId: ctx.agent.reportsSessionId,
    });
    const mismatch = validation.problems.find((p) => p.kind === 'session_mismatch');
    if (mismatch || result.isError) {
      recordCall(ctx, scope, { kind: 'result', result });
      const error = mismatch
        ? { kind: 'session_mismatch', message: mismatch.message }
        : {
            kind: result.errorSubtype ?? 'agent_error',
            message: `the agent reported an error: ${result.text.slice(0, 500)}`,
          };
      const spec = mismatch
        ? breakpointsFor({ type: 'session_mismatch', message: mismatch.message })[0]!
        : breakpointsFor({ type: 'agent_error', kind: error.kind, message: error.message })[0]!;
      recordBreakpoint(ctx, task.projectId, task.id, spec);
      ctx.emit({ type: 'error', taskId: task.id, iteration, error });
      return fail('failed', error);
    }

    // Stryker disable all: the test-only fault switch (docs/DETECTION.md, "The fault switch")
    if (ctx.fault === 'completion-without-evidence') {
      // FAULT completion-without-evidence: completed on the agent's word, nothing judged or recorded.
      recordCall(ctx, scope, { kind: 'result', result });
      return {
        summary,
        mark: input.mark,
        next: { kind: 'end', end: { status: 'completed', reason: 'the agent said it is done' } },
      };
    }
    // Stryker restore all
    const { changes, mark: after } = await input.tracker.advance(input.mark);
    summary.changedFiles = changes.map((c) => c.path);
    // Nothing changed: the configured evidence checks may still show the work (tests that now pass).
    const evidenceChecks =
      changes.length === 0 && ctx.config.evidenceChecks.length > 0
        ? await runEvidenceChecks(ctx.config.evidenceChecks, cwd, ctx.commands, input.signal)
        : [];
    const assessed = assessQuality({
      validation,
      changes,
      evidenceChecks,
      requireEvidence: ctx.config.requireEvidence,
      replyText: result.text,
      threshold: ctx.config.thresholds.qualityGate,
    });
    // Stryker disable all: the test-only fault switch (docs/DETECTION.md, "The fault switch")
    // FAULT quality-attribute: the gate read through `passes_gate`, a field QualityResult does not have.
    const quality =
      ctx.fault === 'quality-attribute'
        ? { ...assessed, passesGate: (assessed as unknown as Record<string, boolean>).passes_gate as boolean }
        : assessed;
    // Stryker restore all
    let confidence: Awaited<ReturnType<typeof scoreConfidence>>;
    try {
      confidence = await scoreConfidence({
        quality,
        task,
        reply: result.text,
        changedFiles: summary.changedFiles,
        // Stryker disable all: the test-only fault switch (docs/DETECTION.md, "The fault switch")
        llm: ctx.fault === 'missing-llm-method' && ctx.llm ? callingMissingMethod(ctx.llm) : ctx.llm,
        // Stryker restore all
        llmWeight: ctx.config.llmConfidenceWeight,
        ...(input.signal ? { signal: input.signal } : {}),
      });
    } catch (error) {
      if (!(error instanceof LlmError) && !(error instanceof ConfidenceParseError)) throw error;
      recordCall(ctx, scope, { kind: 'result', result });
      const classified = { kind: 'llm_error', message: `confidence scoring failed: ${error.message}` };
      ctx.emit({ type: 'error', taskId: task.id, iteration, error: classified });
      return { ...fail('failed', classified), mark: after };
    }
    const decision = decide({
      validation,
      quality,
      confidence,
      changedFiles: summary.changedFiles,
      evidenceChecks,
      requireEvidence: ctx.config.requireEvidence,
      thresholds: ctx.config.thresholds,
    });
    const interaction = recordCall(ctx, scope, {
      kind: 'result',
      result,
      judgement: {
        qualityScore: quality.overallScore,
        passesGate: quality.passesGate,
        confidence: confidence.score,
        decision: decision.action,
        feedback: decision.feedback,
      },
    });
    if (decision.action === 'proceed' || decision.action === 'escalate' || input.lastIteration) {
      // The task is done with the agent: the next task starts, and this one records the rest while it
      // runs. Not before the call is recorded: its agent_call_end is what a turn or token budget stops
      // the attempt on, and no agent may start after the call that went over it.
      await input.handOver?.lastCallEnded();
    }
    for (const change of changes) {
      ctx.store.fileChanges.record({
        taskId: task.id,
        interactionId: interaction?.id ?? null,
        path: change.path,
        changeType: change.changeType,
        hashBefore: change.hashBefore ?? null,
        hashAfter: change.hashAfter ?? null,
      });
    }
    Object.assign(summary, {
      decision: decision.action,
      qualityScore: quality.overallScore,
      confidence: confidence.score,
    });
    ctx.emit({
      type: 'decision',
      taskId: task.id,
      iteration,
      action: decision.action,
      reason: decision.reason,
      qualityScore: quality.overallScore,
      passesGate: quality.passesGate,
      confidence: confidence.score,
      changedFiles: summary.changedFiles,
      ...(evidenceChecks.length > 0 ? { evidenceChecks } : {}),
      ...(decision.feedback ? { feedback: decision.feedback } : {}),
    });
    for (const spec of breakpointsFor({
      type: 'decision',
      action: decision.action,
      reason: decision.reason,
    })) {
      recordBreakpoint(ctx, task.projectId, task.id, spec);
    }
    const next: IterationOutcome['next'] =
      decision.action === 'proceed'
        ? { kind: 'end', end: { status: 'completed', reason: decision.reason } }
        : decision.action === 'escalate'
          ? { kind: 'end', end: { status: 'escalated', reason: decision.reason } }
          : { kind: 'continue', feedback: decision.feedback ?? decision.reason };
    return { summary, mark: after, next };
  }
}

// Stryker disable all: the test-only fault switch (docs/DETECTION.md, "The fault switch")
/** FAULT missing-llm-method: the scorer calls `send_prompt`, which no LLM provider has (a TypeError). */
function callingMissingMethod(llm: ConfidenceLlm): ConfidenceLlm {
  return {
    kind: llm.kind,
    model: llm.model,
    generate: (request) =>
      (llm as unknown as { send_prompt: ConfidenceLlm['generate'] }).send_prompt(request),
  };
}
// Stryker restore all
