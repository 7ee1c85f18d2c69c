import { type CoreConfigInput, safeParseCoreConfig } from '../core/index.js';
import type { Scenario } from '../scenario/index.js';

/** "max_iterations" → "maxIterations", deeply for plain objects. */
export function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [
      k.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()),
      camelKeys(v),
    ]),
  );
}

const snake = (path: string): string => path.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * A scenario's `orchestrator:` block (snake_case, as written) as a validated core config. The
 * scenario's agent.max_turns becomes the first turn cap of every task type. Problems come back as
 * "file orchestrator.key: message" lines, snake_case like the YAML.
 */
export function scenarioCoreConfig(scenario: Scenario): { config: CoreConfigInput } | { problems: string[] } {
  const input = camelKeys(scenario.orchestrator) as Record<string, unknown>;
  if (scenario.agent.kind === 'claude-code' && scenario.agent.maxTurns !== undefined) {
    const n = scenario.agent.maxTurns;
    const given = (input.maxTurns ?? {}) as Record<string, unknown>;
    input.maxTurns = { task: n, subtask: n, story: n, epic: n, ...given };
  }
  const parsed = safeParseCoreConfig(input);
  if ('problems' in parsed) {
    return {
      problems: parsed.problems.map(
        (p) =>
          `${scenario.relFile} orchestrator.${snake(p.path)}: ${p.message}${p.hint ? `. ${snake(p.hint)}` : ''}`,
      ),
    };
  }
  return { config: input as CoreConfigInput };
}
