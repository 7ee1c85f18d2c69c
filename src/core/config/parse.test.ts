import { describe, expect, it } from 'vitest';
import { ConfigError, parseCoreConfig, safeParseCoreConfig } from './parse.js';

describe('core config', () => {
  it('fills every default on one 0-1 scale', () => {
    const config = parseCoreConfig({});
    expect(config.maxIterations).toBe(5);
    expect(config.thresholds).toEqual({ proceed: 0.7, escalate: 0.5, qualityGate: 0.7 });
    expect(config.maxTurns).toMatchObject({ task: 30, story: 50, epic: 100, cap: 150 });
    expect(config.requireEvidence).toBe(true);
  });

  it.each([
    [{ maxIteration: 3 }, 'maxIteration', 'Did you mean "maxIterations"?'],
    [{ thresholds: { proced: 0.8 } }, 'thresholds.proced', 'Did you mean "proceed"?'],
    [{ maxTurns: { tsk: 3 } }, 'maxTurns.tsk', 'Did you mean "task"?'],
  ])('rejects the unknown key in %j with its path and the closest valid name', (input, path, hint) => {
    const parsed = safeParseCoreConfig(input);
    expect('problems' in parsed && parsed.problems).toEqual([
      { path, message: expect.stringContaining('unknown key'), hint },
    ]);
  });

  it.each([
    [{ thresholds: { proceed: 70 } }, 'thresholds.proceed'],
    [{ thresholds: { escalate: -0.1 } }, 'thresholds.escalate'],
    [{ thresholds: { proceed: 0.4, escalate: 0.6 } }, 'thresholds.escalate'],
    [{ maxIterations: 0 }, 'maxIterations'],
    [{ maxIterations: 'five' }, 'maxIterations'],
  ])('rejects %j at %s', (input, path) => {
    expect(() => parseCoreConfig(input)).toThrow(ConfigError);
    const parsed = safeParseCoreConfig(input);
    expect('problems' in parsed && parsed.problems.map((p) => p.path)).toContain(path);
  });
});
