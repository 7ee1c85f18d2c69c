import { z } from 'zod';
import { didYouMean } from '../../shared/index.js';
import {
  DEFAULT_LLM_RETRIES,
  DEFAULT_LLM_TIMEOUT_MS,
  DEFAULT_OPENAI_API_KEY_ENV,
  type OpenAiLlmConfig,
} from './config.js';
import { LlmError } from './errors.js';
import { type HttpTarget, type ProviderHints, requestJson } from './request-json.js';
import type { LlmProvider, LlmRequest, LlmResponse, LlmRuntime } from './types.js';

const completionReply = z.object({
  model: z.string().optional(),
  choices: z
    .array(z.object({ message: z.object({ content: z.string() }) }))
    .min(1, 'expected at least one choice'),
  usage: z
    .object({
      prompt_tokens: z.number().int().nonnegative(),
      completion_tokens: z.number().int().nonnegative(),
    })
    .optional(),
});

const modelsReply = z.object({ data: z.array(z.object({ id: z.string() })) });

/**
 * Any OpenAI-compatible server: POST {endpoint}/chat/completions (non-streaming), GET {endpoint}/models.
 * The API key is read from `runtime.env[apiKeyEnv]` at each call and kept out of the returned object
 * and of every error. Without a key no Authorization header is sent (local servers need none); a server
 * that wants one answers 401, and that error says which variable to set.
 */
export function createOpenAiLlm(config: OpenAiLlmConfig, runtime: LlmRuntime = {}): LlmProvider {
  const target: HttpTarget = {
    provider: 'openai',
    endpoint: config.endpoint.replace(/\/+$/, ''),
    model: config.model,
    timeoutMs: config.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS,
    retries: config.retries ?? DEFAULT_LLM_RETRIES,
  };
  const apiKeyEnv = config.apiKeyEnv ?? DEFAULT_OPENAI_API_KEY_ENV;

  /** Headers, secrets and hints for one call, with the key as the environment holds it now. */
  function auth(): { headers: Record<string, string>; secrets: string[]; hints: ProviderHints } {
    const key = (runtime.env ?? process.env)[apiKeyEnv] ?? '';
    return {
      headers: key ? { authorization: `Bearer ${key}` } : {},
      secrets: key ? [key] : [],
      hints: openAiHints(target, apiKeyEnv, key !== ''),
    };
  }

  return {
    kind: 'openai',
    model: config.model,

    async generate(request: LlmRequest): Promise<LlmResponse> {
      const started = performance.now();
      const reply = await requestJson(
        target,
        {
          method: 'POST',
          path: '/chat/completions',
          body: completionBody(config.model, request),
          signal: request.signal,
          schema: completionReply,
          ...auth(),
        },
        runtime,
      );
      return {
        // `min(1)` above guarantees the first choice.
        text: reply.choices[0]!.message.content,
        usage: {
          inputTokens: reply.usage?.prompt_tokens ?? 0,
          outputTokens: reply.usage?.completion_tokens ?? 0,
        },
        durationMs: Math.round(performance.now() - started),
        model: reply.model ?? config.model,
      };
    },

    async health(signal?: AbortSignal): Promise<void> {
      const reply = await requestJson(
        target,
        { method: 'GET', path: '/models', signal, schema: modelsReply, ...auth() },
        runtime,
      );
      const ids = reply.data.map((m) => m.id);
      if (ids.includes(config.model)) return;
      throw new LlmError('model_missing', {
        provider: 'openai',
        endpoint: target.endpoint,
        model: config.model,
        what: `the server does not list model "${config.model}" at GET /models; it lists ${ids.length ? ids.map((id) => `"${id}"`).join(', ') : 'no models'}.${didYouMean(config.model, ids)}`,
        hint: 'set llm.model to one of the listed models, or point llm.endpoint at a server that serves it',
        available: ids,
      });
    },
  };
}

/** The /chat/completions body: a system message when given, then the prompt as the user message. */
export function completionBody(model: string, request: LlmRequest): Record<string, unknown> {
  const messages = [
    ...(request.system === undefined ? [] : [{ role: 'system', content: request.system }]),
    { role: 'user', content: request.prompt },
  ];
  return {
    model,
    messages,
    stream: false,
    ...(request.maxTokens === undefined ? {} : { max_tokens: request.maxTokens }),
    ...(request.temperature === undefined ? {} : { temperature: request.temperature }),
    ...(request.json ? { response_format: { type: 'json_object' } } : {}),
  };
}

function openAiHints(target: HttpTarget, apiKeyEnv: string, hasKey: boolean): ProviderHints {
  return {
    connection: `start the server at ${target.endpoint}, or set llm.endpoint to its base URL (ending in /v1)`,
    malformed: 'check that llm.endpoint is the base URL of an OpenAI-compatible API (ending in /v1)',
    http(status) {
      if (status === 401 || status === 403) {
        return hasKey
          ? `the server rejected the key in the environment variable ${apiKeyEnv}; check that it is valid for this server`
          : `the environment variable ${apiKeyEnv} is not set; set it to the server's API key (or set llm.apiKeyEnv)`;
      }
      if (status === 404)
        return `check llm.endpoint (the base URL ending in /v1) and llm.model "${target.model}"`;
      if (status >= 500) return 'check the server log or status page; llm.retries retries 5xx';
      return 'check the request options (maxTokens, temperature, json) against what this server accepts';
    },
  };
}
