import { z } from 'zod';
import { didYouMean } from '../../shared/index.js';
import {
  DEFAULT_LLM_RETRIES,
  DEFAULT_LLM_TIMEOUT_MS,
  DEFAULT_OLLAMA_ENDPOINT,
  type OllamaLlmConfig,
} from './config.js';
import { LlmError } from './errors.js';
import { type HttpTarget, type ProviderHints, requestJson } from './request-json.js';
import type { LlmProvider, LlmRequest, LlmResponse, LlmRuntime } from './types.js';

const generateReply = z.object({
  model: z.string().optional(),
  response: z.string(),
  // Ollama leaves out prompt_eval_count when the whole prompt came from its cache.
  prompt_eval_count: z.number().int().nonnegative().optional(),
  eval_count: z.number().int().nonnegative().optional(),
});

const tagsReply = z.object({
  models: z.array(z.object({ name: z.string(), model: z.string().optional() })),
});

/** An Ollama server: POST /api/generate (non-streaming) and GET /api/tags. */
export function createOllamaLlm(config: OllamaLlmConfig, runtime: LlmRuntime = {}): LlmProvider {
  const target: HttpTarget = {
    provider: 'ollama',
    endpoint: (config.endpoint ?? DEFAULT_OLLAMA_ENDPOINT).replace(/\/+$/, ''),
    model: config.model,
    timeoutMs: config.timeoutMs ?? DEFAULT_LLM_TIMEOUT_MS,
    retries: config.retries ?? DEFAULT_LLM_RETRIES,
  };
  const hints = ollamaHints(target);

  return {
    kind: 'ollama',
    model: config.model,

    async generate(request: LlmRequest): Promise<LlmResponse> {
      const started = performance.now();
      const reply = await requestJson(
        target,
        {
          method: 'POST',
          path: '/api/generate',
          body: generateBody(config.model, request),
          signal: request.signal,
          schema: generateReply,
          hints,
        },
        runtime,
      );
      return {
        text: reply.response,
        usage: { inputTokens: reply.prompt_eval_count ?? 0, outputTokens: reply.eval_count ?? 0 },
        durationMs: Math.round(performance.now() - started),
        model: reply.model ?? config.model,
      };
    },

    async health(signal?: AbortSignal): Promise<void> {
      const reply = await requestJson(
        target,
        { method: 'GET', path: '/api/tags', signal, schema: tagsReply, hints },
        runtime,
      );
      const names = reply.models.map((m) => m.name);
      if (reply.models.some((m) => sameModel(config.model, m.name) || sameModel(config.model, m.model)))
        return;
      throw new LlmError('model_missing', {
        provider: 'ollama',
        endpoint: target.endpoint,
        model: config.model,
        what: `the server does not have model "${config.model}"; it has ${names.length ? names.map((n) => `"${n}"`).join(', ') : 'no models'}.${didYouMean(config.model, names)}`,
        hint: `run \`ollama pull ${config.model}\` on that server, or set llm.model to one of the models it has`,
        available: names,
      });
    },
  };
}

/** The /api/generate body: options only carry what the caller set. */
export function generateBody(model: string, request: LlmRequest): Record<string, unknown> {
  const options: Record<string, number> = {};
  if (request.maxTokens !== undefined) options.num_predict = request.maxTokens;
  if (request.temperature !== undefined) options.temperature = request.temperature;
  return {
    model,
    prompt: request.prompt,
    ...(request.system === undefined ? {} : { system: request.system }),
    stream: false,
    ...(request.json ? { format: 'json' } : {}),
    ...(Object.keys(options).length ? { options } : {}),
  };
}

/** "llama3" is listed as "llama3:latest". */
function sameModel(wanted: string, listed: string | undefined): boolean {
  if (listed === undefined) return false;
  return listed === wanted || (!wanted.includes(':') && listed === `${wanted}:latest`);
}

function ollamaHints(target: HttpTarget): ProviderHints {
  return {
    connection: `start Ollama (\`ollama serve\`) at ${target.endpoint}, or set llm.endpoint to where it listens`,
    malformed: `check that llm.endpoint points at an Ollama server (an OpenAI-compatible server needs llm.kind "openai")`,
    http(status) {
      if (status === 404)
        return `run \`ollama pull ${target.model}\` on that server, or check llm.model and llm.endpoint`;
      if (status >= 500)
        return 'check the Ollama server log (out of memory? model failed to load?); llm.retries retries 5xx';
      return 'check the request options (maxTokens, temperature) and the server log';
    },
  };
}
