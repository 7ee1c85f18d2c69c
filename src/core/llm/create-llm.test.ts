import { describe, expect, it } from 'vitest';
import { UserError } from '../../shared/index.js';
import type { LlmConfig } from './config.js';
import { createLlm } from './create-llm.js';
import { LlmError } from './errors.js';

describe('createLlm', () => {
  it.each([
    { config: { kind: 'heuristic' }, kind: 'heuristic', model: 'heuristic' },
    { config: { kind: 'ollama', model: 'llama3' }, kind: 'ollama', model: 'llama3' },
    {
      config: { kind: 'openai', model: 'gpt-x', endpoint: 'http://127.0.0.1:1/v1' },
      kind: 'openai',
      model: 'gpt-x',
    },
  ] satisfies Array<{ config: LlmConfig; kind: string; model: string }>)(
    '$config.kind → $kind',
    ({ config, kind, model }) => {
      expect(createLlm(config)).toMatchObject({ kind, model });
    },
  );

  it('throws a UserError naming every bad field of an untyped config', () => {
    const bad = { kind: 'ollama', model: '', retries: -1 } as unknown as LlmConfig;
    expect(() => createLlm(bad)).toThrow(UserError);
    expect(() => createLlm(bad)).toThrow(/llm\.model: model must name a model.*llm\.retries/);
  });
});

describe('the heuristic provider', () => {
  it('refuses to generate text, with kind unsupported and a hint', async () => {
    const error = await createLlm({ kind: 'heuristic' })
      .generate({ prompt: 'score this' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect(error).toMatchObject({ kind: 'unsupported', provider: 'heuristic', endpoint: undefined });
    expect((error as LlmError).message).toMatch(/does not generate text.*Fix: check llm\.kind/);
  });

  it('is always healthy', async () => {
    await expect(createLlm({ kind: 'heuristic' }).health()).resolves.toBeUndefined();
  });
});
