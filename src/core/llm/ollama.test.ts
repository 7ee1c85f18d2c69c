import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { LlmError } from './errors.js';
import { createOllamaLlm, generateBody } from './ollama.js';
import { type MswServer, startMswServer } from './test-helpers/msw-server.js';

// The transport contract (timeouts, 429, 5xx, malformed, refused) is in request-json.test.ts.

let server: MswServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('generateBody', () => {
  it.each([
    {
      name: 'a bare prompt',
      request: { prompt: 'hi' },
      body: { model: 'm', prompt: 'hi', stream: false },
    },
    {
      name: 'system, json and options',
      request: { prompt: 'hi', system: 'be terse', json: true, maxTokens: 64, temperature: 0 },
      body: {
        model: 'm',
        prompt: 'hi',
        system: 'be terse',
        stream: false,
        format: 'json',
        options: { num_predict: 64, temperature: 0 },
      },
    },
    {
      name: 'json false',
      request: { prompt: 'hi', json: false, maxTokens: 10 },
      body: { model: 'm', prompt: 'hi', stream: false, options: { num_predict: 10 } },
    },
  ])('$name', ({ request, body }) => {
    expect(generateBody('m', request)).toEqual(body);
  });
});

describe('createOllamaLlm', () => {
  it('posts the generate body to /api/generate and reads a reply without prompt_eval_count', async () => {
    server = await startMswServer([
      http.post('*/api/generate', () =>
        HttpResponse.json({ model: 'qwen2:0.5b', response: 'ok', done: true, eval_count: 3 }),
      ),
    ]);
    const llm = createOllamaLlm({ kind: 'ollama', model: 'qwen2:0.5b', endpoint: `${server.url}/` });
    const reply = await llm.generate({ prompt: 'score it', system: 'judge', json: true, maxTokens: 8 });
    expect(reply).toMatchObject({
      text: 'ok',
      usage: { inputTokens: 0, outputTokens: 3 },
      model: 'qwen2:0.5b',
    });
    expect(server.requests[0]?.headers.get('content-type')).toBe('application/json');
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual(
      generateBody('qwen2:0.5b', { prompt: 'score it', system: 'judge', json: true, maxTokens: 8 }),
    );
  });

  it('says how to pull a model the server does not have (HTTP 404)', async () => {
    server = await startMswServer([
      http.post('*/api/generate', () =>
        HttpResponse.json({ error: 'model "phi3" not found, try pulling it first' }, { status: 404 }),
      ),
    ]);
    const error = await createOllamaLlm({ kind: 'ollama', model: 'phi3', endpoint: server.url })
      .generate({ prompt: 'p' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).message).toContain('ollama pull phi3');
    expect((error as LlmError).message).toContain('not found, try pulling it first');
  });

  it.each([
    { wanted: 'llama3', listed: ['llama3:latest'], ok: true },
    { wanted: 'llama3:latest', listed: ['llama3:latest'], ok: true },
    { wanted: 'llama3:8b', listed: ['llama3:latest'], ok: false },
    { wanted: 'llama3', listed: ['llama3:8b'], ok: false },
    { wanted: 'llama3', listed: [], ok: false },
  ])('health: $wanted against $listed → $ok', async ({ wanted, listed, ok }) => {
    server = await startMswServer([
      http.get('*/api/tags', () =>
        HttpResponse.json({ models: listed.map((name) => ({ name, model: name })) }),
      ),
    ]);
    const health = createOllamaLlm({ kind: 'ollama', model: wanted, endpoint: server.url }).health();
    if (ok) await expect(health).resolves.toBeUndefined();
    else await expect(health).rejects.toMatchObject({ kind: 'model_missing', available: listed });
  });

  it('health says there are no models and how to pull one', async () => {
    server = await startMswServer([http.get('*/api/tags', () => HttpResponse.json({ models: [] }))]);
    await expect(
      createOllamaLlm({ kind: 'ollama', model: 'llama3', endpoint: server.url }).health(),
    ).rejects.toThrow(/has no models.*ollama pull llama3/);
  });
});
