import type { QualityResult } from './quality.js';
import { round } from './quality.js';

/** What the confidence scorer needs from an LLM provider. */
export interface ConfidenceLlm {
  readonly kind: string;
  readonly model: string;
  generate(request: {
    prompt: string;
    system?: string;
    maxTokens?: number;
    json?: boolean;
    signal?: AbortSignal;
  }): Promise<{
    text: string;
  }>;
}

export interface ConfidenceResult {
  /** 0-1: the combined score the decision engine uses. */
  score: number;
  heuristic: number;
  /** The LLM's score when an LLM is configured. */
  llm?: number;
  llmReason?: string;
}

/** The LLM answered, but not with a confidence the scorer can use. */
export class ConfidenceParseError extends Error {
  override readonly name = 'ConfidenceParseError';
  constructor(
    message: string,
    readonly reply: string,
  ) {
    super(message);
  }
}

/** Heuristic confidence from the quality verdict: high quality with no issues is high confidence. */
export function heuristicConfidence(quality: QualityResult): number {
  return round(Math.min(1, Math.max(0, 0.2 + 0.75 * quality.overallScore - 0.1 * quality.issues.length)));
}

export const CONFIDENCE_SYSTEM_PROMPT =
  'You are the confidence scorer of a coding orchestrator. Rate how confident you are that the task is done. Reply with JSON only: {"confidence": <number 0 to 1>, "reason": "<one sentence>"}.';

export function confidencePrompt(input: {
  title: string;
  description: string;
  reply: string;
  changedFiles: string[];
}): string {
  return [
    `Task: ${input.title}`,
    `Description: ${input.description}`,
    `Files changed: ${input.changedFiles.join(', ') || '(none)'}`,
    `Agent reply: ${input.reply.slice(0, 2000)}`,
  ].join('\n');
}

/** Reads {"confidence": x} from an LLM reply; anything else is a ConfidenceParseError (never a default). */
export function parseConfidenceReply(text: string): { confidence: number; reason?: string } {
  const match = text.match(/\{[\s\S]*\}/);
  let value: unknown;
  try {
    value = match ? JSON.parse(match[0]) : undefined;
  } catch {
    value = undefined;
  }
  const record = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  const confidence = record?.confidence;
  if (typeof confidence !== 'number' || !Number.isFinite(confidence) || confidence < 0 || confidence > 1) {
    throw new ConfidenceParseError(
      `the confidence LLM did not answer {"confidence": <0-1>}; got: ${text.slice(0, 200)}`,
      text,
    );
  }
  return typeof record?.reason === 'string' ? { confidence, reason: record.reason } : { confidence };
}

/**
 * Heuristic confidence, combined with the LLM's when one is configured. A failing LLM throws: a
 * configured provider is never silently replaced by the heuristic.
 */
export async function scoreConfidence(input: {
  quality: QualityResult;
  task: { title: string; description: string };
  reply: string;
  changedFiles: string[];
  llm?: ConfidenceLlm;
  llmWeight: number;
  signal?: AbortSignal;
}): Promise<ConfidenceResult> {
  const heuristic = heuristicConfidence(input.quality);
  if (!input.llm || input.llm.kind === 'heuristic') return { score: heuristic, heuristic };
  const response = await input.llm.generate({
    system: CONFIDENCE_SYSTEM_PROMPT,
    prompt: confidencePrompt({ ...input.task, reply: input.reply, changedFiles: input.changedFiles }),
    json: true,
    maxTokens: 200,
    ...(input.signal ? { signal: input.signal } : {}),
  });
  const parsed = parseConfidenceReply(response.text);
  const score = round(input.llmWeight * parsed.confidence + (1 - input.llmWeight) * heuristic);
  return { score, heuristic, llm: parsed.confidence, ...(parsed.reason ? { llmReason: parsed.reason } : {}) };
}
