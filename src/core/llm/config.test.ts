import { describe, expect, it } from 'vitest';
import { llmConfigSchema } from './config.js';

describe('llmConfigSchema', () => {
  it.each([
    { kind: 'heuristic' },
    { kind: 'ollama', model: 'llama3' },
    { kind: 'ollama', model: 'llama3', endpoint: 'http://gpu-box:11434', timeoutMs: 5000, retries: 2 },
    { kind: 'openai', model: 'gpt-4o-mini', endpoint: 'https://api.openai.com/v1' },
    {
      kind: 'openai',
      model: 'local',
      endpoint: 'http://127.0.0.1:8080/v1',
      apiKeyEnv: 'LOCAL_KEY',
      retries: 0,
    },
  ])('accepts %j', (config) => {
    expect(llmConfigSchema.parse(config)).toEqual(config);
  });

  it.each([
    { config: { kind: 'claude' }, problem: /expected 'heuristic' \| 'ollama' \| 'openai'/i },
    { config: { kind: 'ollama' }, problem: /model is required/ },
    { config: { kind: 'ollama', model: ' ' }, problem: /must name a model/ },
    {
      config: { kind: 'ollama', model: 'm', endpoint: 'localhost:11434' },
      problem: /http:\/\/ or https:\/\//,
    },
    { config: { kind: 'ollama', model: 'm', timeoutMs: 0 }, problem: /positive number of milliseconds/ },
    { config: { kind: 'ollama', model: 'm', retries: 11 }, problem: /between 0 and 10/ },
    { config: { kind: 'ollama', model: 'm', timeout: 5 }, problem: /Unrecognized key: "timeout"/ },
    { config: { kind: 'openai', model: 'm' }, problem: /endpoint is required/ },
    {
      config: { kind: 'openai', model: 'm', endpoint: 'https://api.openai.com/v1/chat/completions' },
      problem: /base URL \(ending in \/v1\), not a route/,
    },
    { config: { kind: 'heuristic', model: 'm' }, problem: /Unrecognized key: "model"/ },
  ])('rejects $config', ({ config, problem }) => {
    const result = llmConfigSchema.safeParse(config);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message).join('; ')).toMatch(problem);
  });

  it('rejects a key pasted into apiKeyEnv without echoing it', () => {
    const key = 'sk-proj-abcdef0123456789';
    const result = llmConfigSchema.safeParse({
      kind: 'openai',
      model: 'm',
      endpoint: 'https://x/v1',
      apiKeyEnv: key,
    });
    expect(result.success).toBe(false);
    const shown = JSON.stringify(result.error?.issues);
    expect(shown).toContain('names the environment variable');
    expect(shown).not.toContain(key);
  });
});
