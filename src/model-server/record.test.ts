import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ollama } from 'ollama';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCassette, parseCassette } from './cassette/parse.js';
import { type ModelServer, startModelServer } from './server.js';
import { claudeUnavailableReason, createClaudeSandbox, runClaude } from './test-helpers/claude.js';
import { anthropicRequest, parseSse, postJson } from './test-helpers/http.js';

const dir = mkdtempSync(join(tmpdir(), 'obra-record-'));
const servers: ModelServer[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(dir, { recursive: true, force: true });
});
async function serve(options: Parameters<typeof startModelServer>[0]): Promise<ModelServer> {
  const server = await startModelServer(options);
  servers.push(server);
  return server;
}

const upstreamCassette = parseCassette(
  `version: 1
name: upstream
conversations:
  - name: calc
    when: { first_user_contains: "record calc" }
    turns:
      - when: { step: 0 }
        fault: { kind: http_error, status: 529, message: overloaded }
        times: 1
      - when: { step: 0 }
        reply:
          text: "Writing {{cwd}}/calc.py."
          tool_calls: [{ name: Write, input: { file_path: "{{cwd}}/calc.py", content: "print('{{cwd}}')\\n" } }]
          usage: { input_tokens: 900, output_tokens: 33 }
      - when: { step: 1 }
        reply: { text: "Done: a {{cwd}} template is \\\\{{literal}}." }
  - name: add
    when: { first_user_contains: "add 2 and 3" }
    turns:
      - when: { step: 0 }
        reply: { tool_calls: [{ name: add, input: { a: 2, b: 3 } }] }
      - when: { step: 1 }
        reply: { text: "5" }
`,
  'upstream.yaml',
);

const stepOne = (id: string) => [
  { role: 'assistant', content: [{ type: 'tool_use', id, name: 'Write', input: {} }] },
  { role: 'user', content: [{ type: 'tool_result', tool_use_id: id, content: 'File created' }] },
];

/** The same client conversation, for a given working directory: what record and replay must agree on. */
async function converse(url: string, cwd: string): Promise<unknown[]> {
  const out: unknown[] = [];
  const first = await postJson(
    `${url}/v1/messages?beta=true`,
    anthropicRequest({ prompt: 'record calc', cwd }),
  );
  out.push(
    first.status,
    first.status === 200 ? parseSse(await first.text()).map((e) => e.data) : await first.json(),
  );
  const retry = await postJson(
    `${url}/v1/messages?beta=true`,
    anthropicRequest({ prompt: 'record calc', cwd }),
  );
  out.push(
    retry.status,
    parseSse(await retry.text()).map((e) => JSON.parse(e.data).delta ?? null),
  );
  const end = await postJson(
    `${url}/v1/messages`,
    anthropicRequest({ prompt: 'record calc', cwd, stream: false, history: stepOne('toolu_replay_0_0') }),
  );
  out.push(end.status, await end.json());
  const ollama = new Ollama({ host: url });
  const tools = [{ type: 'function', function: { name: 'add', parameters: { type: 'object' } } }];
  const call = await ollama.chat({
    model: 'replay',
    messages: [{ role: 'user', content: 'add 2 and 3' }],
    tools: tools as never,
    stream: false,
  });
  out.push(call.message.tool_calls);
  const openai = await postJson(`${url}/v1/chat/completions`, {
    model: 'replay',
    stream: true,
    messages: [
      { role: 'user', content: 'add 2 and 3' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'add', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: '5' },
    ],
    tools,
  });
  out.push(
    parseSse(await openai.text()).map((e) =>
      e.data === '[DONE]' ? e.data : JSON.parse(e.data).choices[0]?.delta,
    ),
  );
  return out;
}

describe('record mode', () => {
  it('proxies to the upstream, then writes a cassette that replays the same conversation elsewhere', async () => {
    const upstream = await serve({ cassettes: [upstreamCassette] });
    const out = join(dir, 'recorded.yaml');
    process.env.OBRA_TEST_UPSTREAM_KEY = 'sk-test-secret-4242';
    const recorder = await serve({
      record: { upstream: upstream.url, out, apiKeyEnv: 'OBRA_TEST_UPSTREAM_KEY' },
      logFile: join(dir, 'record.jsonl'),
    });
    const live = await converse(recorder.url, '/tmp/record-ws');
    await recorder.close();
    expect(live[0]).toBe(529);
    expect(upstream.misses()).toEqual([]);

    const text = readFileSync(out, 'utf8');
    expect(text).toContain('{{cwd}}/calc.py');
    expect(text).not.toContain('/tmp/record-ws');
    for (const file of [out, join(dir, 'record.jsonl')])
      expect(readFileSync(file, 'utf8')).not.toContain('sk-test-secret');
    const recorded = await loadCassette(out);
    expect(recorded.conversations.map((c) => [c.when, c.turns.map((t) => t.when?.step)])).toEqual([
      [{ first_user_contains: 'record calc' }, [0, 0, 1]],
      [{ first_user_contains: 'add 2 and 3' }, [0, 1]],
    ]);

    const replay = await serve({ cassettes: [recorded] });
    const replayed = await converse(replay.url, '/tmp/record-ws');
    expect(replayed).toEqual(live);
    expect(replay.misses()).toEqual([]);
    const elsewhere = JSON.stringify(
      await converse((await serve({ cassettes: [recorded] })).url, '/srv/other'),
    );
    expect(elsewhere).toContain('/srv/other/calc.py');
    expect(elsewhere).toContain('a /srv/other template is {{literal}}');
  });

  it('sends the key from apiKeyEnv (read at call time) as x-api-key, replacing the client key', async () => {
    const seen: IncomingHttpHeaders[] = [];
    const fake = createServer((req, res) => {
      seen.push(req.headers);
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            type: 'message',
            role: 'assistant',
            content: [{ type: 'text', text: 'hi' }],
            stop_reason: 'end_turn',
            usage: { input_tokens: 3, output_tokens: 1 },
          }),
        );
      });
    });
    await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
    try {
      const upstream = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
      const recorder = await serve({
        record: { upstream, out: join(dir, 'keyed.yaml'), apiKeyEnv: 'OBRA_TEST_KEY_AT_CALL_TIME' },
      });
      const body = anthropicRequest({ prompt: 'hello', stream: false });
      const missing = await postJson(`${recorder.url}/v1/messages`, body, { 'x-api-key': 'test-key' });
      expect(missing.status).toBe(500);
      expect(await missing.text()).toContain('OBRA_TEST_KEY_AT_CALL_TIME (record.apiKeyEnv) is not set');
      process.env.OBRA_TEST_KEY_AT_CALL_TIME = 'sk-live-1';
      const ok = await postJson(`${recorder.url}/v1/messages`, body, {
        'x-api-key': 'test-key',
        'anthropic-version': '2023-06-01',
      });
      expect(await ok.json()).toMatchObject({ content: [{ text: 'hi' }] });
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ 'x-api-key': 'sk-live-1', 'anthropic-version': '2023-06-01' });
      await recorder.close();
      expect(readFileSync(join(dir, 'keyed.yaml'), 'utf8')).not.toContain('sk-live-1');
    } finally {
      delete process.env.OBRA_TEST_KEY_AT_CALL_TIME;
      await new Promise((resolve) => fake.close(resolve));
    }
  });

  const unavailable = claudeUnavailableReason();
  if (unavailable) console.warn(`skipping the Claude Code record/replay test: ${unavailable}`);
  it.skipIf(unavailable !== undefined)(
    'records a real Claude Code run and replays it in another workspace with the same result',
    async () => {
      const example = await loadCassette(
        new URL('../../fixtures/cassettes/example.yaml', import.meta.url).pathname,
      );
      const upstream = await serve({ cassettes: [example] });
      const out = join(dir, 'claude-recorded.yaml');
      const recorder = await serve({ record: { upstream: upstream.url, out } });
      const first = createClaudeSandbox();
      const second = createClaudeSandbox();
      try {
        const live = await runClaude({
          baseUrl: recorder.url,
          sandbox: first,
          prompt: 'Write hello.txt',
          maxTurns: 4,
          sessionId: randomUUID(),
        });
        await recorder.close();
        const replay = await serve({ cassettes: [await loadCassette(out)] });
        const again = await runClaude({
          baseUrl: replay.url,
          sandbox: second,
          prompt: 'Write hello.txt',
          maxTurns: 4,
          sessionId: randomUUID(),
        });
        expect(live.result, live.stderr).toMatchObject({
          subtype: 'success',
          is_error: false,
          result: 'Created hello.txt.',
        });
        expect(again.result, again.stderr).toMatchObject({
          subtype: 'success',
          is_error: false,
          result: 'Created hello.txt.',
        });
        for (const box of [first, second]) {
          expect(readFileSync(join(box.workspace, 'hello.txt'), 'utf8')).toBe(
            'Hello from the replay model.\n',
          );
        }
        expect(replay.misses()).toEqual([]);
      } finally {
        first.cleanup();
        second.cleanup();
      }
    },
  );
});
