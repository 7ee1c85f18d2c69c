import { Ollama } from 'ollama';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCassette } from './cassette/parse.js';
import { type ModelServer, startModelServer } from './server.js';
import { parseSse, postJson } from './test-helpers/http.js';

const cassette = parseCassette(
  `version: 1
name: clients
conversations:
  - name: add
    when: { first_user_contains: "add 2 and 3" }
    turns:
      - when: { step: 0 }
        reply:
          text: "Let me add."
          tool_calls: [{ name: add, input: { a: 2, b: 3 } }]
          usage: { input_tokens: 50, output_tokens: 7 }
      - when: { step: 1, tool_result_from: add, tool_result_contains: "5" }
        reply: { text: "2 + 3 = 5", usage: { input_tokens: 60, output_tokens: 6 } }
  - name: score
    when: { system_contains: "confidence scorer", has_tools: false }
    turns:
      - reply: { text: '{"confidence": 0.9}', usage: { input_tokens: 30, output_tokens: 9 } }
`,
  'clients.yaml',
);

let server: ModelServer;
beforeAll(async () => {
  server = await startModelServer({ cassettes: [cassette] });
});
afterAll(() => server.close());

const addTool = {
  type: 'function',
  function: {
    name: 'add',
    description: 'add numbers',
    parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } },
  },
};

describe('the ollama npm client (0.6.4)', () => {
  it.each([false, true])('chat with a tool call, object arguments (stream: %s)', async (stream) => {
    const ollama = new Ollama({ host: server.url });
    const first = [{ role: 'user', content: 'add 2 and 3' }];
    const collect = async (messages: Array<Record<string, unknown>>) => {
      if (!stream)
        return (
          await ollama.chat({
            model: 'replay',
            messages: messages as never,
            tools: [addTool as never],
            stream: false,
          })
        ).message;
      let content = '';
      let toolCalls: unknown[] = [];
      for await (const part of await ollama.chat({
        model: 'replay',
        messages: messages as never,
        tools: [addTool as never],
        stream: true,
      })) {
        content += part.message.content;
        if (part.message.tool_calls) toolCalls = [...toolCalls, ...part.message.tool_calls];
      }
      return { role: 'assistant', content, tool_calls: toolCalls };
    };
    const reply = await collect(first);
    expect(reply.content).toBe('Let me add.');
    expect(reply.tool_calls).toMatchObject([{ function: { name: 'add', arguments: { a: 2, b: 3 } } }]);
    const final = await collect([...first, { ...reply }, { role: 'tool', content: '5', tool_name: 'add' }]);
    expect(final.content).toBe('2 + 3 = 5');
  });

  it('generate (stream and not) and list', async () => {
    const ollama = new Ollama({ host: server.url });
    const once = await ollama.generate({
      model: 'replay',
      system: 'You are a confidence scorer.',
      prompt: 'score',
      stream: false,
    });
    expect(once).toMatchObject({
      response: '{"confidence": 0.9}',
      done: true,
      prompt_eval_count: 30,
      eval_count: 9,
    });
    let streamed = '';
    for await (const part of await ollama.generate({
      model: 'replay',
      system: 'You are a confidence scorer.',
      prompt: 'score',
      stream: true,
    })) {
      streamed += part.response;
    }
    expect(streamed).toBe('{"confidence": 0.9}');
    expect((await ollama.list()).models.map((m) => m.name)).toContain('replay');
  });

  it('a miss comes back as an Ollama error the client raises', async () => {
    const ollama = new Ollama({ host: server.url });
    await expect(
      ollama.chat({
        model: 'replay',
        messages: [{ role: 'user', content: 'unscripted' }],
        tools: [addTool as never],
        stream: false,
      }),
    ).rejects.toThrow(/no cassette turn matches/);
  });
});

describe('an OpenAI-compatible client (fetch)', () => {
  const url = () => `${server.url}/v1/chat/completions`;
  const request = (stream: boolean, messages: unknown[]) => ({
    model: 'replay',
    messages: [{ role: 'system', content: 'You are helpful.' }, ...messages],
    tools: [addTool],
    stream,
    ...(stream ? { stream_options: { include_usage: true } } : {}),
  });
  const toolTurn = [
    { role: 'user', content: [{ type: 'text', text: 'add 2 and 3' }] },
    {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'add', arguments: '{"a":2,"b":3}' } }],
    },
    { role: 'tool', tool_call_id: 'call_1', content: '5' },
  ];

  it('non-streamed: chat.completion with tool_calls and arguments as a JSON string', async () => {
    const response = await postJson(url(), request(false, [{ role: 'user', content: 'add 2 and 3' }]));
    const body = (await response.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      object: 'chat.completion',
      choices: [
        {
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: 'Let me add.',
            tool_calls: [
              {
                id: 'call_replay_0_0',
                type: 'function',
                function: { name: 'add', arguments: '{"a":2,"b":3}' },
              },
            ],
          },
        },
      ],
      usage: { prompt_tokens: 50, completion_tokens: 7, total_tokens: 57 },
    });
    const final = (await (await postJson(url(), request(false, toolTurn))).json()) as {
      choices: Array<{ message: { content: string }; finish_reason: string }>;
    };
    expect(final.choices[0]).toMatchObject({ message: { content: '2 + 3 = 5' }, finish_reason: 'stop' });
  });

  it('streamed: chunks, tool_calls deltas, finish_reason, a usage chunk, then [DONE]', async () => {
    const response = await postJson(url(), request(true, [{ role: 'user', content: 'add 2 and 3' }]));
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = parseSse(await response.text());
    expect(events.every((e) => e.event === undefined)).toBe(true);
    expect(events.at(-1)?.data).toBe('[DONE]');
    const chunks = events.slice(0, -1).map(
      (e) =>
        JSON.parse(e.data) as {
          choices: Array<{ delta: Record<string, unknown>; finish_reason: string | null }>;
          usage?: unknown;
        },
    );
    let text = '';
    let args = '';
    let name = '';
    for (const chunk of chunks) {
      const delta = chunk.choices[0]?.delta ?? {};
      if (typeof delta.content === 'string') text += delta.content;
      for (const call of (delta.tool_calls ?? []) as Array<{
        function: { name?: string; arguments?: string };
      }>) {
        name ||= call.function.name ?? '';
        args += call.function.arguments ?? '';
      }
    }
    expect({ text, name, args: JSON.parse(args) }).toEqual({
      text: 'Let me add.',
      name: 'add',
      args: { a: 2, b: 3 },
    });
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('tool_calls');
    expect(chunks.at(-1)).toMatchObject({ choices: [], usage: { prompt_tokens: 50, completion_tokens: 7 } });
  });

  it('a miss is a 400 with an OpenAI error body', async () => {
    const response = await postJson(url(), request(false, [{ role: 'user', content: 'unscripted' }]));
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { type: 'invalid_request_error', code: 'cassette_miss' },
    });
  });
});
