import type { ModelRequest, ToolResult } from './request.js';

/** What turn matchers look at, computed once per request. */
export interface ConversationState {
  /** Number of assistant messages in the request. */
  step: number;
  /** Text of the first user message. */
  firstUserText: string;
  /** Text of the last user message that has text (tool-result-only messages are skipped). */
  lastUserText: string;
  /** Tool results after the last assistant message. */
  lastToolResults: ToolResult[];
  system: string;
  tools: string[];
  /** The client's working directory, when the request states it. */
  cwd: string | undefined;
}

const cwdPatterns = [
  /Primary working directory:\s*(\S[^\n]*)/, // Claude Code (system-role message or system prompt)
  /I'm currently working in the directory:\s*(\S[^\n]*)/, // Qwen Code
  /^CWD:\s*(\S[^\n]*)/m, // Claude Code --bare
];

export function conversationState(request: ModelRequest): ConversationState {
  const { messages } = request;
  let step = 0;
  let lastAssistant = -1;
  for (const [i, message] of messages.entries()) {
    if (message.role === 'assistant') {
      step++;
      lastAssistant = i;
    }
  }
  const users = messages.filter((m) => m.role === 'user');
  const lastWithText = [...users].reverse().find((m) => m.text.trim() !== '');
  return {
    step,
    firstUserText: users[0]?.text ?? '',
    lastUserText: lastWithText?.text ?? '',
    lastToolResults: messages.slice(lastAssistant + 1).flatMap((m) => m.toolResults),
    system: request.system,
    tools: request.tools,
    cwd: findCwd(request),
  };
}

/** The working directory stated in the system text, else in the messages. */
export function findCwd(request: ModelRequest): string | undefined {
  const texts = [request.system, ...request.messages.map((m) => m.text)];
  for (const text of texts) {
    for (const pattern of cwdPatterns) {
      const found = pattern.exec(text)?.[1]?.trim();
      if (found) return found.replace(/^`(.*)`$/, '$1');
    }
  }
  return undefined;
}
