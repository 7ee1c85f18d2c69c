/** The protocol-neutral view of a model request: what matching and templating look at. */

export type Protocol = 'anthropic' | 'openai' | 'ollama';

/** The API route a model request came in on. */
export type ModelRoute = 'anthropic-messages' | 'openai-chat' | 'ollama-chat' | 'ollama-generate';

export interface ToolResult {
  /** The tool that produced it, when the request tells (by tool call id or tool_name). */
  toolName?: string;
  /** The id of the tool call it answers, when the protocol carries one. */
  callId?: string;
  /** The client marked it as an error (Anthropic `is_error`). */
  isError?: boolean;
  text: string;
}

export interface ChatMessage {
  role: 'user' | 'assistant' | 'tool';
  /** Text blocks joined with "\n" (tool results are not text). */
  text: string;
  /** Tool results carried by this message (Anthropic user message, OpenAI/Ollama tool message). */
  toolResults: ToolResult[];
}

export interface ModelRequest {
  route: ModelRoute;
  model: string;
  stream: boolean;
  /** OpenAI stream_options.include_usage. */
  includeUsage: boolean;
  /** The system prompt plus the text of every role:"system" message, joined with "\n". */
  system: string;
  /** user, assistant and tool messages in order (system messages moved to `system`). */
  messages: ChatMessage[];
  /** Names of the tools offered. */
  tools: string[];
}

export function protocolOf(route: ModelRoute): Protocol {
  if (route === 'anthropic-messages') return 'anthropic';
  if (route === 'openai-chat') return 'openai';
  return 'ollama';
}
