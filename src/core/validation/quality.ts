import type { WorkspaceChange } from '../evidence/index.js';
import { type EvidenceCheck, missingEvidence, hasEvidence as workDone } from './evidence.js';
import type { ResponseValidation } from './response-validator.js';

/**
 * The QualityController's verdict. `passesGate` and `gate` say the same thing in two shapes so that no
 * caller can read a field that does not exist (the original read `.gate` where only `passes_gate` was).
 */
export interface QualityResult {
  /** 0-1. */
  overallScore: number;
  passesGate: boolean;
  gate: 'passed' | 'failed';
  issues: string[];
}

export interface QualityInput {
  validation: ResponseValidation;
  changes: readonly WorkspaceChange[];
  /** Evidence checks run because nothing changed (none configured: empty). */
  evidenceChecks?: readonly EvidenceCheck[];
  requireEvidence: boolean;
  replyText: string;
  /** Gate threshold, 0-1. */
  threshold: number;
}

/**
 * Weighted evidence of good work: a valid reply (0.4), evidence (0.4: workspace changes, or evidence
 * checks that passed), a substantive reply (0.2).
 */
export function assessQuality(input: QualityInput): QualityResult {
  const issues: string[] = [];
  const responseOk = input.validation.valid ? 1 : 0;
  // Every problem of the reply is an issue once: all of them when it is invalid, else only a "no work"
  // phrase (the one problem that does not make a reply invalid).
  issues.push(
    ...input.validation.problems
      .filter((p) => !input.validation.valid || p.kind === 'no_work')
      .map((p) => p.message),
  );
  const evidence = { changedFiles: input.changes.map((c) => c.path), checks: input.evidenceChecks ?? [] };
  const hasEvidence = !input.requireEvidence || workDone(evidence);
  if (!hasEvidence) issues.push(...missingEvidence(evidence));
  const noWork = input.validation.problems.some((p) => p.kind === 'no_work');
  const substantive = input.replyText.trim().length >= 10 && !noWork ? 1 : 0;
  const overallScore = round(0.4 * responseOk + 0.4 * (hasEvidence ? 1 : 0) + 0.2 * substantive);
  // An invalid reply (empty or whitespace, an agent error, another session) never passes, whatever the
  // threshold: the gate judges work, and there is no reply to judge.
  const passesGate = input.validation.valid && overallScore >= input.threshold;
  return { overallScore, passesGate, gate: passesGate ? 'passed' : 'failed', issues };
}

export const round = (n: number): number => Math.round(n * 1000) / 1000;
