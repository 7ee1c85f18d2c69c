import type { ConfidenceResult } from './confidence.js';
import { type EvidenceCheck, hasEvidence } from './evidence.js';
import type { QualityResult } from './quality.js';
import type { ResponseValidation } from './response-validator.js';

export type DecisionAction = 'proceed' | 'retry' | 'clarify' | 'escalate';

export interface DecisionOutcome {
  action: DecisionAction;
  reason: string;
  /** Feedback for the next iteration's prompt (retry and clarify). */
  feedback?: string;
}

export interface DecisionInput {
  validation: ResponseValidation;
  quality: QualityResult;
  confidence: ConfidenceResult;
  /** Files changed in the workspace by this call. */
  changedFiles: readonly string[];
  /** Evidence checks run because nothing changed (none configured: empty). */
  evidenceChecks?: readonly EvidenceCheck[];
  requireEvidence: boolean;
  thresholds: { proceed: number; escalate: number };
}

/**
 * The DecisionEngine, pure. In order:
 * 1. a reply that is not valid, or that left no evidence → retry, with feedback saying why;
 * 2. quality gate passed and confidence ≥ proceed → proceed;
 * 3. confidence < escalate → escalate (a human must look);
 * 4. otherwise → clarify: one more iteration with the open issues as feedback.
 * Agent errors never reach here: the orchestrator fails the task with a classified error first.
 */
export function decide(input: DecisionInput): DecisionOutcome {
  const { validation, quality, confidence } = input;
  const checks = input.evidenceChecks ?? [];
  const noEvidence = input.requireEvidence && !hasEvidence({ changedFiles: input.changedFiles, checks });
  if (!validation.valid || noEvidence) {
    return {
      action: 'retry',
      reason: noEvidence
        ? checks.length > 0
          ? 'no evidence of work: nothing changed in the workspace and the evidence checks did not pass'
          : 'no evidence of work: nothing changed in the workspace'
        : 'the reply was not valid',
      feedback: feedbackText(quality.issues),
    };
  }
  if (quality.passesGate && confidence.score >= input.thresholds.proceed) {
    return {
      action: 'proceed',
      reason: `quality ${quality.overallScore} passed the gate and confidence ${confidence.score} ≥ ${input.thresholds.proceed}`,
    };
  }
  if (confidence.score < input.thresholds.escalate) {
    return {
      action: 'escalate',
      reason: `confidence ${confidence.score} < ${input.thresholds.escalate}`,
    };
  }
  return {
    action: 'clarify',
    reason: `confidence ${confidence.score} is between ${input.thresholds.escalate} and ${input.thresholds.proceed}${quality.passesGate ? '' : ' and the quality gate failed'}`,
    feedback: feedbackText([
      ...quality.issues,
      ...(confidence.llmReason ? [`the reviewer says: ${confidence.llmReason}`] : []),
      ...(quality.issues.length === 0 && !confidence.llmReason
        ? ['the result is uncertain: check your work against the task']
        : []),
    ]),
  };
}

function feedbackText(issues: readonly string[]): string {
  return `The previous attempt did not complete the task: ${issues.join('; ')}. Do the work now with your tools (create or edit the files in the working directory), then say what you changed.`;
}
