import type { CoreSpec } from './core-spec.js';

/**
 * The judging pipeline as specified (DESIGN.md section 4; the formulas are in docs/DETECTION.md, "The
 * judgement as specified"), applied to what the witnesses saw: the reply the agent printed, the files
 * the harness saw change, the evidence commands' exits and the confidence the model server served. It
 * shares no code with the core's pipeline (src/core/validation): a recorded judgement that differs from
 * it is a bug in one of them. Pure.
 */
export interface WitnessedJudgeInput {
  /** The reply text the agent printed. */
  text: string;
  /** The agent echoed the session it was given (always true for agents that cannot echo one). */
  sessionEchoed: boolean;
  /** Workspace files the agent changed in this call (ignored names and the store already left out). */
  changedFiles: readonly string[];
  /** Exit of each evidence command run after the call (only when it changed no file). */
  evidenceChecks: readonly { passed: boolean }[];
  /** The confidence the LLM scorer was served, when an LLM scores. */
  llmConfidence: number | undefined;
  spec: CoreSpec;
}

export interface WitnessedJudgement {
  valid: boolean;
  qualityScore: number;
  passesGate: boolean;
  /** Issues counted by the heuristic confidence. */
  issues: number;
  heuristic: number;
  confidence: number;
  decision: 'proceed' | 'retry' | 'clarify' | 'escalate';
}

/** Phrases of a reply that says no work was done (the specified list). */
export const NO_WORK_PHRASES: readonly RegExp[] = [
  /\bnot sure what (to do|you want)\b/i,
  /\bI (can(no|')t|am unable to|was unable to|could not|couldn't)\b/i,
  /\bcould you (please )?clarify\b/i,
  /\bI did not do anything\b/i,
  /\bneed more (information|details)\b/i,
];

const round3 = (n: number) => Math.round(n * 1000) / 1000;

export function judgeWitnessed(input: WitnessedJudgeInput): WitnessedJudgement {
  const { spec } = input;
  const empty = input.text.trim() === '';
  const noWork = NO_WORK_PHRASES.some((phrase) => phrase.test(input.text));
  // Problems of the reply: another session, no text; a "no work" phrase does not make it invalid.
  const blocking = (input.sessionEchoed ? 0 : 1) + (empty ? 1 : 0);
  const valid = blocking === 0;
  const work =
    input.changedFiles.length > 0 ||
    (input.evidenceChecks.length > 0 && input.evidenceChecks.every((check) => check.passed));
  const hasEvidence = !spec.requireEvidence || work;
  const failedChecks = input.evidenceChecks.filter((check) => !check.passed).length;
  const issues =
    (valid ? (noWork ? 1 : 0) : blocking + (noWork ? 1 : 0)) +
    (hasEvidence ? 0 : failedChecks === 0 ? 1 : 1 + failedChecks);
  const substantive = input.text.trim().length >= 10 && !noWork;
  const qualityScore = round3(
    0.4 * (valid ? 1 : 0) + 0.4 * (hasEvidence ? 1 : 0) + 0.2 * (substantive ? 1 : 0),
  );
  const passesGate = valid && qualityScore >= spec.thresholds.qualityGate;
  const heuristic = round3(Math.min(1, Math.max(0, 0.2 + 0.75 * qualityScore - 0.1 * issues)));
  const confidence =
    input.llmConfidence === undefined
      ? heuristic
      : round3(spec.llmConfidenceWeight * input.llmConfidence + (1 - spec.llmConfidenceWeight) * heuristic);
  const decision =
    !valid || !hasEvidence
      ? 'retry'
      : passesGate && confidence >= spec.thresholds.proceed
        ? 'proceed'
        : confidence < spec.thresholds.escalate
          ? 'escalate'
          : 'clarify';
  return { valid, qualityScore, passesGate, issues, heuristic, confidence, decision };
}

/** The confidence in an LLM scorer's reply (`{"confidence": x}` somewhere in it), when it has one in 0-1. */
export function servedConfidence(text: string): { confidence: number; reason?: string } | undefined {
  const match = /\{[\s\S]*\}/.exec(text);
  if (!match) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(match[0]);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { confidence, reason } = value as { confidence?: unknown; reason?: unknown };
  if (typeof confidence !== 'number' || !Number.isFinite(confidence) || confidence < 0 || confidence > 1) {
    return undefined;
  }
  return typeof reason === 'string' ? { confidence, reason } : { confidence };
}
