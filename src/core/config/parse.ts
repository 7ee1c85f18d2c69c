import type { z } from 'zod';
import { didYouMean } from '../../shared/index.js';
import { type CoreConfig, coreConfigSchema } from './schema.js';

export interface ConfigProblem {
  /** Dotted path, e.g. "thresholds.proceed". */
  path: string;
  message: string;
  hint?: string;
}

/** Thrown when a core config does not validate; lists every problem with its path. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: ConfigProblem[]) {
    super(
      `invalid orchestrator config:\n${problems.map((p) => `  ${p.path || '(root)'}: ${p.message}${p.hint ? `. ${p.hint}` : ''}`).join('\n')}`,
    );
  }
}

/** Validates and defaults a core config. Returns problems instead of throwing. */
export function safeParseCoreConfig(input: unknown): { config: CoreConfig } | { problems: ConfigProblem[] } {
  const result = coreConfigSchema.safeParse(input ?? {});
  if (result.success) return { config: result.data };
  return { problems: result.error.issues.flatMap(toProblems) };
}

/** Validates and defaults a core config; throws ConfigError listing every problem. */
export function parseCoreConfig(input: unknown): CoreConfig {
  const parsed = safeParseCoreConfig(input);
  if ('problems' in parsed) throw new ConfigError(parsed.problems);
  return parsed.config;
}

function toProblems(issue: z.core.$ZodIssue): ConfigProblem[] {
  const base = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(issue.path.map(String));
    return issue.keys.map((key) => {
      const hint = didYouMean(key, known).trim();
      return {
        path: base ? `${base}.${key}` : key,
        message: `unknown key "${key}"`,
        ...(hint ? { hint } : { hint: `Valid keys: ${known.join(', ')}` }),
      };
    });
  }
  return [{ path: base, message: issue.message }];
}

/** The keys allowed at a path of the config (for "Did you mean" hints). */
function knownKeys(path: string[]): string[] {
  let shape: unknown = coreConfigSchema.shape;
  for (const segment of path) {
    const next = (shape as Record<string, unknown>)[segment];
    shape = unwrapShape(next);
    if (!shape) return [];
  }
  return Object.keys(shape as object);
}

function unwrapShape(schema: unknown): unknown {
  let current = schema as
    | { shape?: unknown; def?: { innerType?: unknown; in?: unknown; schema?: unknown } }
    | undefined;
  for (let i = 0; i < 6 && current; i++) {
    if (current.shape) return current.shape;
    current = (current.def?.innerType ?? current.def?.in ?? current.def?.schema) as typeof current;
  }
  return undefined;
}
