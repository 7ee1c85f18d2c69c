/** The providers the orchestrator core can score and summarise with. */
export type LlmKind = 'heuristic' | 'ollama' | 'openai';

export interface LlmRequest {
  prompt: string;
  /** System prompt (Ollama `system`, an OpenAI `system` message). */
  system?: string;
  /** Upper bound on generated tokens (Ollama `options.num_predict`, OpenAI `max_tokens`). */
  maxTokens?: number;
  temperature?: number;
  /**
   * Ask the server for a JSON reply (Ollama `format: "json"`, OpenAI `response_format: json_object`).
   * The reply text is returned as is: parsing it is the caller's job.
   */
  json?: boolean;
  /** Cancels the call (and any wait between retries); the call then fails with LlmError kind `aborted`. */
  signal?: AbortSignal;
}

export interface LlmUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface LlmResponse {
  text: string;
  /** Token counts the server reported; a count the server omitted is 0 (Ollama omits a cached prompt's). */
  usage: LlmUsage;
  /** Wall time of the whole call, retries and waits included. */
  durationMs: number;
  /** The model the server says answered (the configured model when the server does not say). */
  model: string;
}

export interface LlmProvider {
  readonly kind: LlmKind;
  readonly model: string;
  /** Resolves with the reply or throws an LlmError: a configured provider never falls back silently. */
  generate(request: LlmRequest): Promise<LlmResponse>;
  /** Resolves when the server is reachable and lists the model; throws an LlmError otherwise. */
  health(signal?: AbortSignal): Promise<void>;
}

/** What the providers take from their surroundings; injectable for tests. */
export interface LlmRuntime {
  /** Where API keys are read from, at call time (default: process.env). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The wait between retries (default: a timer the caller's signal cancels). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}
