import { inspect } from 'node:util';
import { HttpResponse, http } from 'msw';
import { afterEach, describe, expect, it } from 'vitest';
import { LlmError } from './errors.js';
import { completionBody, createOpenAiLlm } from './openai.js';
import { type MswServer, startMswServer } from './test-helpers/msw-server.js';

// The transport contract (timeouts, 429, 5xx, malformed, refused) is in request-json.test.ts.

const KEY = 'sk-test-5f1e2d3c4b5a69788796a5b4c3d2e1f0';

let server: MswServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const completion = (content: string) =>
  HttpResponse.json({ model: 'gpt-test', choices: [{ message: { role: 'assistant', content } }] });

describe('completionBody', () => {
  it.each([
    {
      name: 'a bare prompt',
      request: { prompt: 'hi' },
      body: { model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: false },
    },
    {
      name: 'system, json and options',
      request: { prompt: 'hi', system: 'be terse', json: true, maxTokens: 64, temperature: 0.2 },
      body: {
        model: 'm',
        messages: [
          { role: 'system', content: 'be terse' },
          { role: 'user', content: 'hi' },
        ],
        stream: false,
        max_tokens: 64,
        temperature: 0.2,
        response_format: { type: 'json_object' },
      },
    },
  ])('$name', ({ request, body }) => {
    expect(completionBody('m', request)).toEqual(body);
  });
});

describe('createOpenAiLlm', () => {
  it('sends the key from the environment as it is at call time, and reads a reply without usage', async () => {
    server = await startMswServer([http.post('*/v1/chat/completions', () => completion('fine'))]);
    const env: Record<string, string | undefined> = { MY_KEY: 'first-key' };
    const llm = createOpenAiLlm(
      { kind: 'openai', model: 'gpt-test', endpoint: `${server.url}/v1/`, apiKeyEnv: 'MY_KEY' },
      { env },
    );
    const reply = await llm.generate({ prompt: 'p' });
    env.MY_KEY = 'second-key';
    await llm.generate({ prompt: 'p' });
    expect(reply).toMatchObject({
      text: 'fine',
      usage: { inputTokens: 0, outputTokens: 0 },
      model: 'gpt-test',
    });
    expect(server.requests.map((r) => r.headers.get('authorization'))).toEqual([
      'Bearer first-key',
      'Bearer second-key',
    ]);
    expect(JSON.parse(server.requests[0]?.body ?? '')).toEqual(completionBody('gpt-test', { prompt: 'p' }));
  });

  it('sends no Authorization header without a key, and a 401 says which variable to set', async () => {
    server = await startMswServer([
      http.post('*/v1/chat/completions', () =>
        HttpResponse.json({ error: { message: 'no key' } }, { status: 401 }),
      ),
    ]);
    const llm = createOpenAiLlm(
      { kind: 'openai', model: 'gpt-test', endpoint: `${server.url}/v1` },
      { env: {} },
    );
    const error = await llm.generate({ prompt: 'p' }).catch((e: unknown) => e);
    expect(server.requests[0]?.headers.has('authorization')).toBe(false);
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).message).toContain('OPENAI_API_KEY is not set');
  });

  const echo = (request: Request) => {
    const header = request.headers.get('authorization') ?? '';
    return `{"error":"bad key ${header}", "key": "${header.replace(/^Bearer /, '')}"}`;
  };
  it.each([
    { name: '401 echoing the header', status: 401, kind: 'http' },
    { name: '429 echoing the header', status: 429, kind: 'rate_limited' },
    { name: '500 echoing the header', status: 500, kind: 'http' },
    { name: '200 non-JSON echoing the header', status: 200, kind: 'malformed' },
  ])('never puts the API key in an error: $name', async ({ status, kind }) => {
    server = await startMswServer([
      http.all('*/v1/*', ({ request }) =>
        status === 200
          ? new HttpResponse(`oops ${echo(request)}`)
          : new HttpResponse(echo(request), { status }),
      ),
    ]);
    const llm = createOpenAiLlm(
      { kind: 'openai', model: 'gpt-test', endpoint: `${server.url}/v1` },
      { env: { OPENAI_API_KEY: KEY } },
    );
    for (const call of [() => llm.generate({ prompt: KEY }), () => llm.health()]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toMatchObject({ kind });
      const shown = [
        (error as LlmError).message,
        inspect(error, { depth: 5 }),
        JSON.stringify(error),
        String(error),
      ];
      for (const text of shown) expect(text).not.toContain(KEY);
      expect((error as LlmError).excerpt).toContain('[REDACTED]');
    }
    expect(server.requests[0]?.headers.get('authorization')).toBe(`Bearer ${KEY}`);
    expect(JSON.stringify(llm)).not.toContain(KEY);
    expect(inspect(llm, { depth: 5, showHidden: true })).not.toContain(KEY);
  });

  it('says the key was rejected when one was sent', async () => {
    server = await startMswServer([http.get('*/v1/models', () => new HttpResponse('nope', { status: 403 }))]);
    const llm = createOpenAiLlm(
      { kind: 'openai', model: 'm', endpoint: `${server.url}/v1`, apiKeyEnv: 'K' },
      { env: { K: KEY } },
    );
    await expect(llm.health()).rejects.toThrow(/rejected the key in the environment variable K/);
  });
});
