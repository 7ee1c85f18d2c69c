import { describe, expect, it } from 'vitest';
import { createRedactor, isSecretName, secretsOf, withoutSecrets } from './secrets.js';

describe('secret-named environment variables', () => {
  it.each([
    ['ANTHROPIC_API_KEY', true],
    ['OPENAI_API_KEY', true],
    ['OPENAI_APIKEY', true],
    ['GITHUB_TOKEN', true],
    ['GH_PAT', true],
    ['AWS_SECRET_ACCESS_KEY', true],
    ['AWS_SESSION_TOKEN', true],
    ['DB_PASSWORD', true],
    ['NPM_CONFIG__AUTH', true],
    ['GOOGLE_APPLICATION_CREDENTIALS', true],
    ['SSH_PRIVATE_KEY', true],
    ['PATH', false],
    ['HOME', false],
    ['KEYBOARD_LAYOUT', false],
    ['TOKENIZER_MODEL', false],
    ['PATHEXT', false],
    ['OBRA_VALIDATE_INJECT_FAULT', false],
  ])('%s → %s', (name, secret) => {
    expect(isSecretName(name)).toBe(secret);
  });

  it('short values are not secrets (they would redact every "1" and "true")', () => {
    expect([
      ...secretsOf({ GITHUB_TOKEN: 'abc', API_KEY: 'sk-long-enough', PATH: '/usr/bin:/bin' }).keys(),
    ]).toEqual(['API_KEY']);
  });

  it('withoutSecrets drops every secret-named variable and keeps the rest', () => {
    expect(
      withoutSecrets({ GITHUB_TOKEN: 'x', PATH: '/bin', HOME: '/h', OPENAI_API_KEY: 'sk-123456789' }),
    ).toEqual({
      PATH: '/bin',
      HOME: '/h',
    });
  });
});

describe('createRedactor', () => {
  const redact = createRedactor({
    OPENAI_API_KEY: 'sk-canary-123456',
    LONG_TOKEN: 'sk-canary-123456-and-more',
    PATH: '/usr/bin',
  });

  it('replaces every occurrence, the longest secret first', () => {
    expect(redact('a sk-canary-123456-and-more b sk-canary-123456 c sk-canary-123456')).toBe(
      'a [REDACTED LONG_TOKEN] b [REDACTED OPENAI_API_KEY] c [REDACTED OPENAI_API_KEY]',
    );
  });

  it('leaves other text alone, and is the identity without secrets', () => {
    expect(redact('PATH=/usr/bin')).toBe('PATH=/usr/bin');
    expect(createRedactor({ PATH: '/usr/bin' })('sk-canary-123456')).toBe('sk-canary-123456');
  });
});
