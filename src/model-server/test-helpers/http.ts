/** Small HTTP helpers for tests against a real model server (global fetch, real sockets). */

export async function postJson(
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

/** `event:`/`data:` pairs of an SSE body. */
export function parseSse(text: string): Array<{ event: string | undefined; data: string }> {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      const event = lines.find((l) => l.startsWith('event: '))?.slice(7);
      const data = lines
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      return { event, data };
    });
}

/** A minimal Anthropic request as Claude Code shapes it (system blocks, a role:system message, tools). */
export function anthropicRequest(options: {
  prompt: string;
  stream?: boolean;
  cwd?: string;
  tools?: string[];
  history?: unknown[];
}): Record<string, unknown> {
  return {
    model: 'replay',
    max_tokens: 32000,
    stream: options.stream ?? true,
    system: [{ type: 'text', text: 'You are a Claude agent.', cache_control: { type: 'ephemeral' } }],
    messages: [
      {
        role: 'user',
        content: [
          { type: 'text', text: '<system-reminder>be nice</system-reminder>' },
          { type: 'text', text: options.prompt },
        ],
      },
      ...(options.cwd
        ? [
            {
              role: 'system',
              content: `# Environment\n - Primary working directory: ${options.cwd}\n - Platform: linux`,
            },
          ]
        : []),
      ...(options.history ?? []),
    ],
    tools: (options.tools ?? ['Write', 'Bash']).map((name) => ({ name, input_schema: { type: 'object' } })),
    thinking: { type: 'adaptive' },
    metadata: { user_id: 'x' },
  };
}
