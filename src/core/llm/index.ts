export {
  DEFAULT_LLM_RETRIES,
  DEFAULT_LLM_TIMEOUT_MS,
  DEFAULT_OLLAMA_ENDPOINT,
  DEFAULT_OPENAI_API_KEY_ENV,
  type HeuristicLlmConfig,
  type LlmConfig,
  llmConfigSchema,
  type OllamaLlmConfig,
  type OpenAiLlmConfig,
} from './config.js';
export { createLlm } from './create-llm.js';
export { LlmError, type LlmErrorKind } from './errors.js';
export { createHeuristicLlm } from './heuristic.js';
export { createOllamaLlm } from './ollama.js';
export { createOpenAiLlm } from './openai.js';
export type { LlmKind, LlmProvider, LlmRequest, LlmResponse, LlmRuntime, LlmUsage } from './types.js';
