import { z } from 'zod';

export const DEFAULT_OLLAMA_ENDPOINT = 'http://127.0.0.1:11434';
export const DEFAULT_OPENAI_API_KEY_ENV = 'OPENAI_API_KEY';
export const DEFAULT_LLM_TIMEOUT_MS = 120_000;
export const DEFAULT_LLM_RETRIES = 0;

const model = z
  .string({
    error: 'model is required: the name the server knows the model by, e.g. "llama3.2" or "gpt-4o-mini"',
  })
  .trim()
  .min(1, 'model must name a model, e.g. "llama3.2" or "gpt-4o-mini"');
const httpUrl = z.url({
  protocol: /^https?$/,
  error: (issue) =>
    issue.input === undefined
      ? 'endpoint is required: the base URL of the server, e.g. "https://api.openai.com/v1"'
      : 'endpoint must be an http:// or https:// URL, e.g. "http://127.0.0.1:11434"',
});
const timeoutMs = z
  .number()
  .int()
  .positive('timeoutMs must be a positive number of milliseconds, e.g. 60000')
  .optional();
const retries = z.number().int().min(0).max(10, 'retries must be between 0 and 10').optional();

const heuristic = z.strictObject({ kind: z.literal('heuristic') });

const ollama = z.strictObject({
  kind: z.literal('ollama'),
  model,
  /** Default http://127.0.0.1:11434. */
  endpoint: httpUrl.optional(),
  timeoutMs,
  retries,
});

const openai = z.strictObject({
  kind: z.literal('openai'),
  model,
  /** Base URL ending in /v1, e.g. https://api.openai.com/v1; paths are appended to it. */
  endpoint: httpUrl.refine((url) => !/\/(chat\/completions|models)\/?$/.test(url), {
    error: 'endpoint is the base URL (ending in /v1), not a route: drop "/chat/completions" or "/models"',
  }),
  /** Name of the environment variable holding the API key (default OPENAI_API_KEY), never the key. */
  apiKeyEnv: z
    .string()
    .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, {
      error: 'apiKeyEnv names the environment variable that holds the key (e.g. OPENAI_API_KEY), not the key',
    })
    .optional(),
  timeoutMs,
  retries,
});

/** The `llm:` block of the core config: which provider scores and summarises. */
export const llmConfigSchema = z.discriminatedUnion('kind', [heuristic, ollama, openai]);

export type LlmConfig = z.infer<typeof llmConfigSchema>;
export type HeuristicLlmConfig = z.infer<typeof heuristic>;
export type OllamaLlmConfig = z.infer<typeof ollama>;
export type OpenAiLlmConfig = z.infer<typeof openai>;
