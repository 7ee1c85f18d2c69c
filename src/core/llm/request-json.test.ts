import { HttpResponse, http, type RequestHandler } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { LlmError } from './errors.js';
import { createOllamaLlm } from './ollama.js';
import { createOpenAiLlm } from './openai.js';
import { type MswServer, refusedPort, startMswServer, untilClientGone } from './test-helpers/msw-server.js';
import type { LlmProvider, LlmRuntime } from './types.js';

// The transport contract, run against both HTTP providers over a real loopback socket.

/** The timeout of the tests that wait for one; the others get a generous one, so load cannot fail them. */
const TIMEOUT_MS = 200;
const GENEROUS_MS = 10_000;

interface ProviderSpec {
  name: 'ollama' | 'openai';
  generatePath: string;
  healthPath: string;
  create(url: string, options: { timeoutMs?: number; retries?: number }, runtime?: LlmRuntime): LlmProvider;
  reply(text: string, model: string): Record<string, unknown>;
  models(names: string[]): Record<string, unknown>;
  /** Valid JSON that is not this provider's reply. */
  wrongShape: Record<string, unknown>;
}

const specs: ProviderSpec[] = [
  {
    name: 'ollama',
    generatePath: '/api/generate',
    healthPath: '/api/tags',
    create: (url, options, runtime) =>
      createOllamaLlm(
        { kind: 'ollama', model: 'llama3', endpoint: url, timeoutMs: GENEROUS_MS, ...options },
        runtime,
      ),
    reply: (text, model) => ({ model, response: text, done: true, prompt_eval_count: 12, eval_count: 5 }),
    models: (names) => ({ models: names.map((name) => ({ name, model: name })) }),
    wrongShape: { model: 'llama3', message: { content: 'chat shape, not generate' } },
  },
  {
    name: 'openai',
    generatePath: '/v1/chat/completions',
    healthPath: '/v1/models',
    create: (url, options, runtime) =>
      createOpenAiLlm(
        { kind: 'openai', model: 'llama3', endpoint: `${url}/v1`, timeoutMs: GENEROUS_MS, ...options },
        { env: {}, ...runtime },
      ),
    reply: (text, model) => ({
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 },
    }),
    models: (names) => ({ object: 'list', data: names.map((id) => ({ id, object: 'model' })) }),
    wrongShape: { choices: [{ message: { content: null } }] },
  },
];

let servers: MswServer[] = [];
afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  servers = [];
});

async function serve(...handlers: RequestHandler[]): Promise<MswServer> {
  const server = await startMswServer(handlers);
  servers.push(server);
  return server;
}

/** Answers with each response in turn, then repeats the last one. */
function sequence(path: string, ...responses: Array<() => Response>): RequestHandler {
  let call = 0;
  return http.all(`*${path}`, () => responses[Math.min(call++, responses.length - 1)]!());
}

async function failure(promise: Promise<unknown>): Promise<LlmError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LlmError);
  return error as LlmError;
}

/** A runtime whose sleep records the wait and returns at once. */
function recordingSleep(): { runtime: LlmRuntime; waits: number[] } {
  const waits: number[] = [];
  return {
    waits,
    runtime: {
      sleep: async (ms) => {
        waits.push(ms);
      },
    },
  };
}

describe.each(specs)('$name provider over HTTP', (spec) => {
  const ok = () => HttpResponse.json(spec.reply('{"score":0.8}', 'llama3'));

  it('returns the text, the usage and the model of a successful reply', async () => {
    const server = await serve(http.post(`*${spec.generatePath}`, ok));
    const reply = await spec.create(server.url, {}).generate({ prompt: 'Rate this', json: true });
    expect(reply).toMatchObject({
      text: '{"score":0.8}',
      usage: { inputTokens: 12, outputTokens: 5 },
      model: 'llama3',
    });
    expect(reply.durationMs).toBeGreaterThanOrEqual(0);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual([`POST ${spec.generatePath}`]);
  });

  it('fails with kind timeout when the server does not answer within timeoutMs', async () => {
    const server = await serve(http.post(`*${spec.generatePath}`, ({ request }) => untilClientGone(request)));
    const started = performance.now();
    const error = await failure(
      spec.create(server.url, { retries: 2, timeoutMs: TIMEOUT_MS }).generate({ prompt: 'p' }),
    );
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain(`within ${TIMEOUT_MS} ms`);
    expect(error.message).toContain('llm.timeoutMs');
    expect(error.attempts).toBe(1); // timeouts are not retried
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('fails with kind rate_limited and the retry-after wait when retries is 0', async () => {
    const server = await serve(
      sequence(spec.generatePath, () =>
        HttpResponse.json({ error: 'slow down' }, { status: 429, headers: { 'retry-after': '2' } }),
      ),
    );
    const error = await failure(spec.create(server.url, {}).generate({ prompt: 'p' }));
    expect(error).toMatchObject({ kind: 'rate_limited', status: 429, retryAfterMs: 2_000, attempts: 1 });
    expect(error.message).toContain('llm.retries');
    expect(server.requests).toHaveLength(1);
  });

  it('retries a 429 after the retry-after wait when retries > 0', async () => {
    const server = await serve(
      sequence(
        spec.generatePath,
        () => HttpResponse.json({ error: 'slow down' }, { status: 429, headers: { 'retry-after': '1' } }),
        ok,
      ),
    );
    const { runtime, waits } = recordingSleep();
    const reply = await spec.create(server.url, { retries: 1 }, runtime).generate({ prompt: 'p' });
    expect(reply.text).toBe('{"score":0.8}');
    expect(waits).toEqual([1_000]);
    expect(server.requests).toHaveLength(2);
  });

  it('waits for real between attempts with the default sleep', async () => {
    const server = await serve(
      sequence(
        spec.generatePath,
        () => new HttpResponse('busy', { status: 429, headers: { 'retry-after-ms': '50' } }),
        ok,
      ),
    );
    const started = performance.now();
    await spec.create(server.url, { retries: 1 }).generate({ prompt: 'p' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(45);
  });

  it.each([
    { retries: 0, attempts: 1 },
    { retries: 2, attempts: 3 },
  ])(
    'fails with kind http after $attempts attempt(s) of HTTP 500 (retries $retries)',
    async ({ retries, attempts }) => {
      const server = await serve(
        sequence(spec.generatePath, () => HttpResponse.json({ error: 'model crashed' }, { status: 500 })),
      );
      const { runtime, waits } = recordingSleep();
      const error = await failure(spec.create(server.url, { retries }, runtime).generate({ prompt: 'p' }));
      expect(error).toMatchObject({ kind: 'http', status: 500, attempts });
      expect(error.excerpt).toContain('model crashed');
      expect(error.message).toContain('HTTP 500');
      expect(server.requests).toHaveLength(attempts);
      expect(waits).toEqual([250, 500].slice(0, attempts - 1)); // exponential backoff without retry-after
    },
  );

  it('succeeds when a 5xx is followed by a good answer within the retries', async () => {
    const server = await serve(
      sequence(spec.generatePath, () => new HttpResponse('bad gateway', { status: 502 }), ok),
    );
    const reply = await spec
      .create(server.url, { retries: 1 }, recordingSleep().runtime)
      .generate({ prompt: 'p' });
    expect(reply.text).toBe('{"score":0.8}');
  });

  it.each([400, 401, 404, 422])('never retries HTTP %i', async (status) => {
    const server = await serve(sequence(spec.generatePath, () => new HttpResponse('no', { status })));
    const error = await failure(
      spec.create(server.url, { retries: 3 }, recordingSleep().runtime).generate({ prompt: 'p' }),
    );
    expect(error).toMatchObject({ kind: 'http', status, attempts: 1 });
    expect(server.requests).toHaveLength(1);
  });

  it.each([
    { body: 'Internal proxy page <html>', what: 'not JSON' },
    { body: '', what: 'an empty body' },
    { body: '{"truncated": ', what: 'not JSON' },
  ])('fails with kind malformed when a 200 body is $what', async ({ body, what }) => {
    const server = await serve(sequence(spec.generatePath, () => new HttpResponse(body, { status: 200 })));
    const error = await failure(spec.create(server.url, { retries: 2 }).generate({ prompt: 'p' }));
    expect(error).toMatchObject({ kind: 'malformed', attempts: 1 });
    expect(error.message).toContain(what);
    expect(server.requests).toHaveLength(1);
  });

  it('fails with kind malformed, naming the field, when the JSON has the wrong shape', async () => {
    const server = await serve(http.post(`*${spec.generatePath}`, () => HttpResponse.json(spec.wrongShape)));
    const error = await failure(spec.create(server.url, {}).generate({ prompt: 'p' }));
    expect(error.kind).toBe('malformed');
    expect(error.message).toMatch(/unexpected shape \((response|choices\.0\.message\.content): /);
    expect(error.excerpt).toBe(JSON.stringify(spec.wrongShape));
  });

  it('keeps body excerpts to 500 characters', async () => {
    const server = await serve(
      http.post(`*${spec.generatePath}`, () => new HttpResponse('x'.repeat(5_000), { status: 503 })),
    );
    const error = await failure(spec.create(server.url, {}).generate({ prompt: 'p' }));
    expect(error.excerpt).toHaveLength(500);
    expect(error.message.length).toBeLessThan(1_000);
  });

  it('fails with kind connection, naming the endpoint, when the connection is refused', async () => {
    const url = `http://127.0.0.1:${await refusedPort()}`;
    const error = await failure(
      spec.create(url, { retries: 1 }, recordingSleep().runtime).generate({ prompt: 'p' }),
    );
    expect(error).toMatchObject({ kind: 'connection', attempts: 2 });
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.message).toContain(url);
    expect(error.message).toContain('llm.endpoint');
  });

  it('retries a connection reset and succeeds', async () => {
    const server = await serve(sequence(spec.generatePath, () => HttpResponse.error(), ok));
    const reply = await spec
      .create(server.url, { retries: 1 }, recordingSleep().runtime)
      .generate({ prompt: 'p' });
    expect(reply.text).toBe('{"score":0.8}');
    expect(server.requests).toHaveLength(2);
  });

  it('fails with kind aborted when the caller aborts, during the request or before it', async () => {
    const controller = new AbortController();
    const server = await serve(
      http.post(`*${spec.generatePath}`, ({ request }) => {
        controller.abort(); // the caller gives up while the server is working
        return untilClientGone(request);
      }),
    );
    const provider = spec.create(server.url, { retries: 3 });
    expect((await failure(provider.generate({ prompt: 'p', signal: controller.signal }))).kind).toBe(
      'aborted',
    );
    expect((await failure(provider.generate({ prompt: 'p', signal: AbortSignal.abort() }))).kind).toBe(
      'aborted',
    );
    expect(server.requests).toHaveLength(1);
  });

  it('fails with kind aborted when the caller aborts while waiting to retry', async () => {
    const server = await serve(
      sequence(
        spec.generatePath,
        () => new HttpResponse('', { status: 429, headers: { 'retry-after': '4' } }),
      ),
    );
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 30);
    const started = performance.now();
    const error = await failure(
      spec.create(server.url, { retries: 2 }).generate({ prompt: 'p', signal: controller.signal }),
    );
    expect(error.kind).toBe('aborted');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('health resolves when the model is listed', async () => {
    const server = await serve(
      http.get(`*${spec.healthPath}`, () => HttpResponse.json(spec.models(['mistral', 'llama3']))),
    );
    await expect(spec.create(server.url, {}).health()).resolves.toBeUndefined();
  });

  it('health fails with kind model_missing naming the model and the models that exist', async () => {
    const server = await serve(
      http.get(`*${spec.healthPath}`, () => HttpResponse.json(spec.models(['mistral', 'llama3.1']))),
    );
    const error = await failure(spec.create(server.url, {}).health());
    expect(error.kind).toBe('model_missing');
    expect(error.available).toEqual(['mistral', 'llama3.1']);
    expect(error.message).toContain('"llama3"');
    expect(error.message).toContain('"mistral", "llama3.1"');
    expect(error.message).toContain('Did you mean "llama3.1"?');
  });

  it('health fails with kind connection when nothing listens', async () => {
    const error = await failure(spec.create(`http://127.0.0.1:${await refusedPort()}`, {}).health());
    expect(error.kind).toBe('connection');
  });

  it('health fails with kind timeout when the server hangs', async () => {
    const server = await serve(http.get(`*${spec.healthPath}`, ({ request }) => untilClientGone(request)));
    expect((await failure(spec.create(server.url, { timeoutMs: TIMEOUT_MS }).health())).kind).toBe('timeout');
  });
});
