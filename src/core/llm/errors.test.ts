import { describe, expect, it } from 'vitest';
import { displayEndpoint, excerpt, LlmError, redact } from './errors.js';

describe('LlmError', () => {
  it('says provider, model, endpoint, what happened, attempts, the body and the fix', () => {
    const error = new LlmError('http', {
      provider: 'ollama',
      endpoint: 'http://127.0.0.1:11434/',
      model: 'llama3',
      what: 'POST /api/generate answered HTTP 500',
      hint: 'check the server log',
      status: 500,
      excerpt: '{"error":\n  "out of memory"}',
      attempts: 3,
    });
    expect(error.message).toBe(
      'ollama LLM (model "llama3" at http://127.0.0.1:11434): POST /api/generate answered HTTP 500 after 3 attempts; ' +
        'response: {"error": "out of memory"}. Fix: check the server log',
    );
    expect(error).toMatchObject({
      name: 'LlmError',
      kind: 'http',
      code: 'OBRA_LLM_HTTP',
      status: 500,
      attempts: 3,
    });
  });

  it('redacts secrets from the message and excerpt and does not keep them', () => {
    const error = new LlmError('malformed', {
      provider: 'openai',
      endpoint: 'https://user:pw@api.example.com/v1',
      model: 'm',
      what: 'got s3cr3t-key back',
      hint: 'h',
      excerpt: 'echo s3cr3t-key',
      secrets: ['s3cr3t-key'],
    });
    expect(error.message).not.toContain('s3cr3t-key');
    expect(error.message).not.toContain('pw@');
    expect(error.excerpt).toBe('echo [REDACTED]');
    expect(JSON.stringify(error)).not.toContain('s3cr3t-key');
  });
});

describe('excerpt', () => {
  it.each([
    { text: 'short', out: 'short' },
    { text: '  a\n\n b\t c ', out: 'a b c' },
    { text: 'y'.repeat(501), out: `${'y'.repeat(497)}...` },
    { text: 'z'.repeat(500), out: 'z'.repeat(500) },
  ])('$text.length chars → $out.length chars', ({ text, out }) => {
    expect(excerpt(text)).toBe(out);
  });
});

describe('redact', () => {
  it.each([
    { text: 'key=abc123 and abc123', secrets: ['abc123'], out: 'key=[REDACTED] and [REDACTED]' },
    { text: 'Authorization: Bearer sk-xyz, ok', secrets: [], out: 'Authorization: Bearer [REDACTED], ok' },
    { text: 'nothing here', secrets: [''], out: 'nothing here' },
  ])('$text', ({ text, secrets, out }) => {
    expect(redact(text, secrets)).toBe(out);
  });
});

describe('displayEndpoint', () => {
  it.each([
    { endpoint: 'http://127.0.0.1:11434/', out: 'http://127.0.0.1:11434' },
    { endpoint: 'https://u:p@api.example.com/v1/', out: 'https://api.example.com/v1' },
    { endpoint: 'not a url/', out: 'not a url' },
  ])('$endpoint → $out', ({ endpoint, out }) => {
    expect(displayEndpoint(endpoint)).toBe(out);
  });
});
