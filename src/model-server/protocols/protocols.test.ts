import { describe, expect, it } from 'vitest';
import { conversationState } from '../conversation-state.js';
import type { ResolvedReply } from '../reply.js';
import type { ModelRoute } from '../request.js';
import { anthropicProtocol } from './anthropic.js';
import { ollamaProtocol } from './ollama.js';
import { openaiProtocol } from './openai.js';
import type { ProtocolAdapter, RenderContext } from './types.js';

const cwd = '/tmp/work space/ws';

describe('parseRequest → conversation state', () => {
  it('Anthropic: system blocks, a role:system message, tool results named by their tool_use id', () => {
    const request = anthropicProtocol.parseRequest(
      {
        model: 'replay',
        stream: true,
        system: [{ type: 'text', text: 'You are a Claude agent.', cache_control: { type: 'ephemeral' } }],
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: '<system-reminder>x</system-reminder>' },
              { type: 'text', text: 'make calc' },
            ],
          },
          {
            role: 'system',
            content: `# Environment\n - Primary working directory: ${cwd}\n - Platform: linux`,
          },
          {
            role: 'assistant',
            content: [
              { type: 'text', text: 'ok' },
              { type: 'tool_use', id: 'toolu_1', name: 'Write', input: {} },
            ],
          },
          {
            role: 'user',
            content: [
              {
                type: 'tool_result',
                tool_use_id: 'toolu_1',
                content: 'File created successfully',
                cache_control: {},
              },
            ],
          },
        ],
        tools: [{ name: 'Write' }, { name: 'Bash', defer_loading: true }],
        unknown_field: { anything: 1 },
      },
      'anthropic-messages',
    );
    expect(conversationState(request)).toEqual({
      step: 1,
      firstUserText: '<system-reminder>x</system-reminder>\nmake calc',
      lastUserText: '<system-reminder>x</system-reminder>\nmake calc',
      lastToolResults: [{ toolName: 'Write', callId: 'toolu_1', text: 'File created successfully' }],
      system: `You are a Claude agent.\n# Environment\n - Primary working directory: ${cwd}\n - Platform: linux`,
      tools: ['Write', 'Bash'],
      cwd,
    });
    expect(request.stream).toBe(true);
  });

  it('OpenAI: string or array content, tool messages named by tool_call_id, Qwen working directory', () => {
    const request = openaiProtocol.parseRequest(
      {
        model: 'm',
        stream: true,
        stream_options: { include_usage: true },
        messages: [
          { role: 'system', content: 'You are Qwen Code.' },
          {
            role: 'user',
            content: [{ type: 'text', text: `I'm currently working in the directory: ${cwd}\nmake calc` }],
          },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'write_file', arguments: '{}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: 'Successfully wrote' }] },
        ],
        tools: [{ type: 'function', function: { name: 'write_file', parameters: {} } }],
      },
      'openai-chat',
    );
    const state = conversationState(request);
    expect(state).toMatchObject({ step: 1, cwd, tools: ['write_file'], system: 'You are Qwen Code.' });
    expect(state.lastToolResults).toEqual([{ toolName: 'write_file', text: 'Successfully wrote' }]);
    expect(request.includeUsage).toBe(true);
  });

  it('Ollama: chat streams by default; tool messages carry tool_name; generate has prompt and system', () => {
    const chat = ollamaProtocol.parseRequest(
      {
        model: 'replay',
        messages: [
          { role: 'user', content: 'add 2 and 3' },
          {
            role: 'assistant',
            content: '',
            tool_calls: [{ function: { name: 'add', arguments: { a: 2, b: 3 } } }],
          },
          { role: 'tool', content: '5', tool_name: 'add' },
        ],
        tools: [{ type: 'function', function: { name: 'add' } }],
      },
      'ollama-chat',
    );
    expect(chat.stream).toBe(true);
    expect(conversationState(chat)).toMatchObject({
      step: 1,
      lastToolResults: [{ toolName: 'add', text: '5' }],
      tools: ['add'],
    });
    const generate = ollamaProtocol.parseRequest(
      { model: 'replay', prompt: 'score it', system: 'You are a confidence scorer', stream: false },
      'ollama-generate',
    );
    expect(generate).toMatchObject({ stream: false, system: 'You are a confidence scorer', tools: [] });
    expect(conversationState(generate).firstUserText).toBe('score it');
  });

  it.each([
    ['anthropic', anthropicProtocol, 'anthropic-messages'],
    ['openai', openaiProtocol, 'openai-chat'],
    ['ollama', ollamaProtocol, 'ollama-chat'],
  ] as const)('%s survives bodies of the wrong shape', (_name, adapter, route) => {
    for (const body of [
      null,
      42,
      'text',
      [],
      { messages: 'no', tools: 3, system: 7 },
      { messages: [null, 1, { role: 9 }] },
    ]) {
      const state = conversationState(adapter.parseRequest(body, route));
      expect(state.tools).toEqual([]);
    }
  });
});

describe('renderReply → parseReply round trip (what record mode reads back is what replay sends)', () => {
  const reply: ResolvedReply = {
    text: 'I will write a.txt — ünïcode ok.',
    toolCalls: [
      {
        id: 'call_replay_0_0',
        name: 'Write',
        input: { file_path: `${cwd}/a.txt`, content: 'line 1\nline 2\n' },
      },
      { id: 'call_replay_0_1', name: 'Bash', input: { command: 'ls' } },
    ],
    stopReason: 'tool_use',
    usage: {
      input_tokens: 1200,
      output_tokens: 80,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    },
  };
  const cases: Array<[string, ProtocolAdapter, ModelRoute, boolean]> = [
    ['anthropic stream', anthropicProtocol, 'anthropic-messages', true],
    ['anthropic json', anthropicProtocol, 'anthropic-messages', false],
    ['openai stream', openaiProtocol, 'openai-chat', true],
    ['openai json', openaiProtocol, 'openai-chat', false],
    ['ollama chat stream', ollamaProtocol, 'ollama-chat', true],
    ['ollama chat json', ollamaProtocol, 'ollama-chat', false],
  ];
  it.each(cases)('%s', (_name, adapter, route, stream) => {
    const context: RenderContext = {
      route,
      model: 'replay',
      stream,
      includeUsage: true,
      responseId: 'r1',
      now: 0,
    };
    const rendered = adapter.renderReply(reply, context);
    expect(rendered.status).toBe(200);
    const parsed = adapter.parseReply(rendered.chunks.join(''), stream, route);
    expect(parsed).toEqual({
      text: reply.text,
      tool_calls: reply.toolCalls.map(({ name, input }) => ({ name, input })),
      stop_reason: 'tool_use',
      usage: {
        input_tokens: 1200,
        output_tokens: 80,
        ...(route === 'anthropic-messages'
          ? { cache_creation_input_tokens: 0, cache_read_input_tokens: 0 }
          : {}),
      },
    });
  });

  it('ollama generate round-trips text', () => {
    const context: RenderContext = {
      route: 'ollama-generate',
      model: 'replay',
      stream: true,
      includeUsage: false,
      responseId: 'r',
      now: 0,
    };
    const text = { ...reply, toolCalls: [], stopReason: 'end_turn' as const };
    const rendered = ollamaProtocol.renderReply(text, context);
    expect(ollamaProtocol.parseReply(rendered.chunks.join(''), true, 'ollama-generate')).toMatchObject({
      text: reply.text,
      stop_reason: 'end_turn',
    });
  });

  it('a cut stream is not read back as a reply', () => {
    const context: RenderContext = {
      route: 'openai-chat',
      model: 'replay',
      stream: true,
      includeUsage: false,
      responseId: 'r',
      now: 0,
    };
    expect(anthropicProtocol.parseReply('garbage', true, 'anthropic-messages')).toBeUndefined();
    expect(
      ollamaProtocol.parseReply('{"message":{"content":"a"},"done":false}\n', true, 'ollama-chat'),
    ).toBeUndefined();
    expect(openaiProtocol.parseReply('not json', false, 'openai-chat')).toBeUndefined();
    expect(openaiProtocol.renderReply(reply, context).chunks.at(-1)).toBe('data: [DONE]\n\n');
  });
});
