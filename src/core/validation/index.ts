export {
  type BreakpointKind,
  type BreakpointSeverity,
  type BreakpointSpec,
  breakpointsFor,
} from './breakpoints.js';
export {
  CONFIDENCE_SYSTEM_PROMPT,
  type ConfidenceLlm,
  ConfidenceParseError,
  type ConfidenceResult,
  confidencePrompt,
  heuristicConfidence,
  parseConfidenceReply,
  scoreConfidence,
} from './confidence.js';
export { type DecisionAction, type DecisionInput, type DecisionOutcome, decide } from './decision.js';
export { type Evidence, type EvidenceCheck, hasEvidence, missingEvidence } from './evidence.js';
export { assessQuality, type QualityInput, type QualityResult } from './quality.js';
export {
  type ResponseProblem,
  type ResponseProblemKind,
  type ResponseValidation,
  validateResponse,
} from './response-validator.js';
