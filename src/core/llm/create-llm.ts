import { UserError } from '../../shared/index.js';
import { type LlmConfig, llmConfigSchema } from './config.js';
import { createHeuristicLlm } from './heuristic.js';
import { createOllamaLlm } from './ollama.js';
import { createOpenAiLlm } from './openai.js';
import type { LlmProvider, LlmRuntime } from './types.js';

/**
 * The provider `config` describes. The config is validated again here (it may come from untyped
 * JavaScript); a bad one is a UserError listing every problem. Nothing touches the network until
 * generate() or health() is called.
 */
export function createLlm(config: LlmConfig, runtime: LlmRuntime = {}): LlmProvider {
  const parsed = llmConfigSchema.safeParse(config);
  if (!parsed.success) {
    const problems = parsed.error.issues
      .map((issue) => `llm${issue.path.map((p) => `.${String(p)}`).join('')}: ${issue.message}`)
      .join('; ');
    throw new UserError(`invalid llm config: ${problems}`, 'OBRA_LLM_CONFIG');
  }
  const valid = parsed.data;
  switch (valid.kind) {
    case 'heuristic':
      return createHeuristicLlm();
    case 'ollama':
      return createOllamaLlm(valid, runtime);
    case 'openai':
      return createOpenAiLlm(valid, runtime);
  }
}
