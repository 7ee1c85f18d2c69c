import { LlmError } from './errors.js';
import type { LlmProvider, LlmResponse } from './types.js';

/**
 * No model at all: the confidence scorer and quality controller use their own heuristics when
 * `llm.kind` is "heuristic", so nothing should ask this provider for text. Asking anyway is a bug
 * in the caller and fails loudly.
 */
export function createHeuristicLlm(): LlmProvider {
  return {
    kind: 'heuristic',
    model: 'heuristic',
    async generate(): Promise<LlmResponse> {
      throw new LlmError('unsupported', {
        provider: 'heuristic',
        endpoint: undefined,
        model: 'heuristic',
        what: 'the heuristic provider does not generate text (scoring uses built-in heuristics when llm.kind is "heuristic")',
        hint: 'check llm.kind before calling generate(), or configure llm.kind "ollama" or "openai" to score with a model',
      });
    },
    async health(): Promise<void> {},
  };
}
