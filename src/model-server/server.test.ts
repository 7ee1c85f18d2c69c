import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { parseCassette } from './cassette/parse.js';
import { type ModelServer, startModelServer } from './server.js';
import { anthropicRequest, parseSse, postJson } from './test-helpers/http.js';

const cassette = parseCassette(
  `version: 1
name: server-test
models: [replay, scripted-model]
conversations:
  - name: build
    when: { first_user_contains: "build calc" }
    turns:
      - when: { step: 0 }
        reply:
          text: "I'll create calc.py."
          tool_calls:
            - { name: Write, input: { file_path: "{{cwd}}/calc.py", content: "def add(a, b):\\n    return a + b\\n" } }
          usage: { input_tokens: 1200, output_tokens: 80 }
      - when: { step: 1, tool_result_from: Write }
        reply: { text: "Created calc.py." }
  - name: stress
    when: { first_user_contains: "Stress Task" }
    capture: { n: "Stress Task (\\\\d+)" }
    turns:
      - when: { step: 0 }
        reply:
          tool_calls: [{ name: Write, input: { file_path: "stress_{{n}}.txt", content: "task {{n}}" } }]
  - name: flaky
    when: { first_user_contains: "flaky" }
    turns:
      - fault: { kind: http_error, status: 503, message: "scripted outage" }
        times: 2
      - reply: { text: "recovered" }
  - name: faults
    when: { first_user_contains: "fault:" }
    capture: { kind: "fault:(\\\\w+)" }
    turns:
      - when: { last_user_contains: "fault:http_error" }
        fault: { kind: http_error, status: 500, message: "scripted failure" }
      - when: { last_user_contains: "fault:rate_limit" }
        fault: { kind: rate_limit, retry_after_s: 7 }
      - when: { last_user_contains: "fault:delay" }
        fault: { kind: delay, ms: 300 }
        reply: { text: "late but here" }
      - when: { last_user_contains: "fault:truncated" }
        fault: { kind: truncated }
        reply: { text: "this reply will be cut in the middle of the stream, so the client sees no message_stop" }
      - when: { last_user_contains: "fault:malformed" }
        fault: { kind: malformed }
      - when: { last_user_contains: "fault:drop" }
        fault: { kind: drop }
      - when: { last_user_contains: "fault:nocwd" }
        reply: { text: "in {{cwd}}" }
`,
  'server-test.yaml',
);

let server: ModelServer;
const dir = mkdtempSync(join(tmpdir(), 'obra-model-server-'));
beforeAll(async () => {
  server = await startModelServer({ cassettes: [cassette], logFile: join(dir, 'log', 'requests.jsonl') });
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const messages = (path = '/v1/messages?beta=true') => `${server.url}${path}`;

describe('Anthropic protocol over HTTP', () => {
  it('streams SSE with event: lines (text, tool_use with input_json_delta, message_delta, message_stop)', async () => {
    const response = await postJson(
      messages(),
      anthropicRequest({ prompt: 'build calc please', cwd: '/tmp/ws-a' }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = parseSse(await response.text());
    expect(events.map((e) => e.event)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    const toolStart = JSON.parse(events[4]!.data);
    expect(toolStart.content_block).toMatchObject({
      type: 'tool_use',
      name: 'Write',
      id: 'toolu_replay_0_0',
      input: {},
    });
    const input = JSON.parse(JSON.parse(events[5]!.data).delta.partial_json);
    expect(input).toEqual({ file_path: '/tmp/ws-a/calc.py', content: 'def add(a, b):\n    return a + b\n' });
    const delta = JSON.parse(events[7]!.data);
    expect(delta.delta.stop_reason).toBe('tool_use');
    expect(delta.usage).toMatchObject({ input_tokens: 1200, output_tokens: 80 });
  });

  it('a tool call the client refused (is_error with <tool_use_error>) is kept once, with the turn that served it', async () => {
    const session = { 'x-claude-code-session-id': 'refusal-session' };
    const first = await postJson(
      messages(),
      anthropicRequest({ prompt: 'build calc', cwd: '/tmp/ws-r' }),
      session,
    );
    expect(first.status).toBe(200);
    await first.text();
    const refused = (content: string, isError = true) => [
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: 'toolu_replay_0_0', name: 'Write', input: {} }],
      },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: 'toolu_replay_0_0', content, is_error: isError }],
      },
    ];
    const text =
      '<tool_use_error>InputValidationError: Write failed due to the following issue:\nAn unexpected parameter `x` was provided</tool_use_error>';
    for (let retry = 0; retry < 2; retry++) {
      const again = await postJson(
        messages(),
        anthropicRequest({ prompt: 'build calc', history: refused(text) }),
        session,
      );
      await again.text();
    }
    // A command that ran and failed is the tool's own result, not a refusal.
    const other = { 'x-claude-code-session-id': 'ran-and-failed' };
    await (
      await postJson(
        messages(),
        anthropicRequest({ prompt: 'build calc', history: refused('Exit code 1') }),
        other,
      )
    ).text();
    const records = server.toolErrors().filter((r) => r.sessionId?.startsWith('r'));
    expect(records).toEqual([
      expect.objectContaining({
        sessionId: 'refusal-session',
        tool: 'Write',
        callId: 'toolu_replay_0_0',
        text: 'InputValidationError: Write failed due to the following issue:\nAn unexpected parameter `x` was provided',
        servedBy: {
          cassette: 'server-test.yaml',
          conversation: 'build',
          conversationIndex: 0,
          turn: 0,
          call: 0,
          servedSeq: expect.any(Number),
        },
      }),
    ]);
  });

  it('answers plain JSON when stream is false, matching the next step on the tool result', async () => {
    const history = [
      {
        role: 'assistant',
        content: [{ type: 'tool_use', id: 'toolu_replay_0_0', name: 'Write', input: {} }],
      },
      {
        role: 'user',
        content: [{ type: 'tool_result', tool_use_id: 'toolu_replay_0_0', content: 'File created' }],
      },
    ];
    const response = await postJson(
      messages('/v1/messages'),
      anthropicRequest({ prompt: 'build calc', stream: false, history }),
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'replay',
      content: [{ type: 'text', text: 'Created calc.py.' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 100, output_tokens: 20 },
    });
  });

  it('count_tokens, HEAD /api/hello, GET /api/tags and /v1/models', async () => {
    const count = await postJson(
      messages('/v1/messages/count_tokens?beta=true'),
      anthropicRequest({ prompt: 'x' }),
    );
    expect(((await count.json()) as { input_tokens: number }).input_tokens).toBeGreaterThan(10);
    expect((await fetch(`${server.url}/api/hello`, { method: 'HEAD' })).status).toBe(200);
    const tags = (await (await fetch(`${server.url}/api/tags`)).json()) as {
      models: Array<{ name: string }>;
    };
    expect(tags.models.map((m) => m.name)).toEqual(['replay', 'scripted-model']);
    const models = (await (await fetch(`${server.url}/v1/models`)).json()) as { data: Array<{ id: string }> };
    expect(models.data.map((m) => m.id)).toEqual(['replay', 'scripted-model']);
  });

  it('a request with tools that matches nothing is a miss: HTTP 400 invalid_request_error, kept whole in misses()', async () => {
    const body = anthropicRequest({ prompt: 'something unscripted' });
    const response = await postJson(messages(), body, { 'x-api-key': 'secret-key' });
    expect(response.status).toBe(400);
    const error = (await response.json()) as { type: string; error: { type: string; message: string } };
    expect(error.type).toBe('error');
    expect(error.error.type).toBe('invalid_request_error');
    expect(error.error.message).toContain(
      'obra-validate model server: no cassette turn matches this request: (step 0, first user text',
    );
    expect(error.error.message).toContain('something unscripted');
    expect(error.error.message).toContain('conversation "build": first user text lacks "build calc"');
    const miss = server.misses().at(-1)!;
    expect(miss.body).toEqual(body);
    expect(miss.headers['x-api-key']).toBe('[redacted]');
    expect(miss.reason).toContain('step 0');
  });

  it('a request without tools that matches nothing is a side call: short text, end_turn', async () => {
    const response = await postJson(messages(), {
      ...anthropicRequest({ prompt: 'summarize the session' }),
      tools: [],
      stream: false,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      content: [{ type: 'text', text: 'OK.' }],
      stop_reason: 'end_turn',
    });
    expect(server.requests().at(-1)?.outcome).toEqual({ kind: 'side-call' });
  });

  it('captures fill {{name}}: one conversation serves every stress task', async () => {
    const replies = await Promise.all(
      [3, 17, 999].map(async (n) => {
        const response = await postJson(
          messages(),
          anthropicRequest({ prompt: `Stress Task ${n}: write the file`, stream: false }),
        );
        return (await response.json()) as { content: Array<{ input?: { file_path: string } }> };
      }),
    );
    expect(replies.map((r) => r.content[0]?.input?.file_path)).toEqual([
      'stress_3.txt',
      'stress_17.txt',
      'stress_999.txt',
    ]);
  });

  it('`times` limits a turn per server, then the next turn matches', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) {
      statuses.push(
        (await postJson(messages(), anthropicRequest({ prompt: 'flaky one', stream: false }))).status,
      );
    }
    expect(statuses).toEqual([503, 503, 200]);
  });

  it('a reply using {{cwd}} for a request that states none is a miss that says so', async () => {
    const response = await postJson(messages(), anthropicRequest({ prompt: 'fault:nocwd' }));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('uses {{cwd}} but the request gives no value for it');
  });

  it('a body that is not JSON gets a 400 in the protocol shape', async () => {
    const response = await fetch(messages(), {
      method: 'POST',
      body: '{nope',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  it('an unknown route is a 404 listing the routes', async () => {
    const response = await fetch(`${server.url}/v2/whatever`);
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('POST /v1/messages');
  });
});

describe('faults', () => {
  const ask = (kind: string, stream = true) =>
    postJson(messages(), anthropicRequest({ prompt: `fault:${kind}`, stream }));

  it('http_error plays the scripted status with a protocol error body', async () => {
    const response = await ask('http_error');
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({
      type: 'error',
      error: { type: 'api_error', message: 'scripted failure' },
    });
  });

  it('rate_limit answers 429 with retry-after', async () => {
    const response = await ask('rate_limit');
    expect(response.status).toBe(429);
    expect(response.headers.get('retry-after')).toBe('7');
    expect(await response.json()).toMatchObject({ error: { type: 'rate_limit_error' } });
  });

  it('delay waits, then sends the reply', async () => {
    const started = performance.now();
    const response = await ask('delay', false);
    expect(performance.now() - started).toBeGreaterThanOrEqual(280);
    expect(await response.json()).toMatchObject({ content: [{ text: 'late but here' }] });
  });

  it('a client that gives up during the delay: logged abandoned, status 0, nothing served', async () => {
    const body = JSON.stringify(anthropicRequest({ prompt: 'fault:delay abandoned', stream: false }));
    const request = fetch(messages(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
      signal: AbortSignal.timeout(80),
    });
    await expect(request).rejects.toThrow();
    const entry = await vi.waitFor(
      () => {
        const found = server.requests().find((e) => e.asked?.includes('fault:delay abandoned'));
        if (found === undefined) throw new Error('not logged yet');
        return found;
      },
      { timeout: 5_000, interval: 50 },
    );
    expect(entry).toMatchObject({ status: 0, abandoned: true });
    expect(entry).not.toHaveProperty('served');
  });

  it('truncated cuts the stream mid-message (no message_stop)', async () => {
    const response = await ask('truncated');
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('event: message_start');
    expect(text).not.toContain('message_stop');
  });

  it('malformed sends a 200 body that is neither JSON nor SSE', async () => {
    const response = await ask('malformed', false);
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow();
    expect(text).not.toContain('event:');
  });

  it('drop destroys the socket without an answer', async () => {
    await expect(ask('drop')).rejects.toThrow(/fetch failed|other side closed|socket/i);
    const entry = server.requests().find((e) => e.outcome.kind === 'turn' && e.outcome.fault === 'drop');
    expect(entry?.status).toBe(0);
  });
});

describe('concurrency and the request log', () => {
  it('answers 50 concurrent streamed requests correctly', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const response = await postJson(messages(), anthropicRequest({ prompt: `Stress Task ${i} now` }));
        const events = parseSse(await response.text());
        const delta = events.find((e) => e.event === 'content_block_delta');
        return JSON.parse(JSON.parse(delta!.data).delta.partial_json).file_path as string;
      }),
    );
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => `stress_${i}.txt`));
  });

  it('requests() keeps summaries for all and bodies only for the most recent 32', () => {
    const entries = server.requests();
    expect(entries.length).toBeGreaterThan(60);
    expect(entries.filter((e) => e.body !== undefined).length).toBe(32);
    expect(
      entries.every((e, i) => i === 0 || e.seq > entries[i - 1]!.seq || e.outcome.kind === 'error'),
    ).toBe(true);
    const turn = entries.find((e) => e.outcome.kind === 'turn' && e.outcome.conversation === 'build');
    expect(turn).toMatchObject({
      method: 'POST',
      path: '/v1/messages?beta=true',
      protocol: 'anthropic',
      stream: true,
      step: 0,
      status: 200,
    });
    expect(turn?.usage).toEqual({
      input_tokens: 1200,
      output_tokens: 80,
      cache_creation_input_tokens: 0,
      cache_read_input_tokens: 0,
    });
  });
});

describe('lifecycle and the JSONL log', () => {
  let extra: ModelServer | undefined;
  afterEach(async () => {
    await extra?.close();
    extra = undefined;
  });

  it('close() ends open connections and frees the port; a second close() is harmless', async () => {
    extra = await startModelServer({ cassettes: [cassette] });
    const pending = postJson(
      `${extra.url}/v1/messages`,
      anthropicRequest({ prompt: 'fault:delay', stream: false }),
    ).catch((error: Error) => error);
    await new Promise((r) => setTimeout(r, 50));
    const port = extra.port;
    await extra.close();
    await extra.close();
    expect(await pending).toBeInstanceOf(Error);
    await new Promise<void>((resolve, reject) => {
      const probe = createServer();
      probe.once('error', reject);
      probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
    });
  });

  it('the log holds one JSON line per request, bounded by logMaxBytes with a final dropped count', async () => {
    const file = join(dir, 'bounded.jsonl');
    extra = await startModelServer({ cassettes: [cassette], logFile: file, logMaxBytes: 1500 });
    for (let i = 0; i < 12; i++)
      await postJson(
        `${extra.url}/v1/messages`,
        anthropicRequest({ prompt: `Stress Task ${i}`, stream: false }),
      );
    await extra.close();
    const text = readFileSync(file, 'utf8');
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(1500);
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const last = lines.at(-1)!;
    expect(last.dropped_entries).toBe(12 - (lines.length - 1));
    expect(lines[0]).toMatchObject({
      method: 'POST',
      path: '/v1/messages',
      protocol: 'anthropic',
      status: 200,
      outcome: { kind: 'turn', conversation: 'stress', captures: { n: '0' } },
    });
    expect(typeof lines[0]!.duration_ms).toBe('number');
    expect(lines[0]).not.toHaveProperty('body');
  });

  it('refuses to start without cassettes, and names a busy port', async () => {
    await expect(startModelServer({ cassettes: [] })).rejects.toThrow('needs at least one cassette');
    await expect(startModelServer({ cassettes: [cassette], port: server.port })).rejects.toThrow(
      `port ${server.port} on 127.0.0.1 is already in use`,
    );
  });
});
