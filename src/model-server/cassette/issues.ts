import type { z } from 'zod';
import { didYouMean } from '../../shared/index.js';
import type { RuleProblem } from './rules.js';

/** What the messages need to know about the schema at a path. */
export interface SchemaLookup {
  knownKeys(path: readonly PropertyKey[]): string[];
  isInteger(path: readonly PropertyKey[]): boolean;
}

/** Turns zod issues into problems with plain messages ("must be an integer", "unknown key ..."). */
export function issuesToProblems(
  issues: readonly z.core.$ZodIssue[],
  root: unknown,
  schema: SchemaLookup,
): RuleProblem[] {
  const problems: RuleProblem[] = [];
  for (const issue of issues) {
    const path = [...issue.path];
    if (issue.code === 'unrecognized_keys') {
      const known = schema.knownKeys(path);
      for (const key of issue.keys) {
        const hint = didYouMean(key, known).trim();
        const list = known.length > 0 ? ` (known keys: ${known.join(', ')})` : '';
        problems.push({
          path: [...path, key],
          message: `is not a known key here${list}`,
          ...(hint ? { hint } : {}),
        });
      }
      continue;
    }
    const value = valueAt(root, path);
    const message = describe(issue, value, schema.isInteger(path));
    const hint = typeof value === 'string' ? didYouMean(value, choices(issue)).trim() : '';
    problems.push({
      path,
      message,
      ...(value === undefined ? {} : { got: value }),
      ...(hint ? { hint } : {}),
    });
  }
  return problems;
}

/** The strings a value must be one of (an enum, a literal, a discriminator), for "Did you mean". */
function choices(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'invalid_value') return issue.values.filter((v) => typeof v === 'string');
  const discriminated = issue as { discriminator?: unknown; options?: unknown };
  if (issue.code === 'invalid_union' && discriminated.discriminator !== undefined) {
    const options: unknown[] = Array.isArray(discriminated.options) ? discriminated.options : [];
    return options.filter((v): v is string => typeof v === 'string');
  }
  return [];
}

function describe(issue: z.core.$ZodIssue, value: unknown, integer: boolean): string {
  switch (issue.code) {
    case 'invalid_type': {
      const expected = integer && issue.expected === 'number' ? 'int' : issue.expected;
      return value === undefined ? `is required (${article(expected)})` : `must be ${article(expected)}`;
    }
    case 'invalid_value': {
      const options = issue.values.map((v) => JSON.stringify(v));
      return `must be ${options.length === 1 ? options[0] : `one of ${options.join(', ')}`}`;
    }
    case 'invalid_union': {
      const discriminated = issue as { discriminator?: unknown; options?: unknown };
      if (discriminated.discriminator !== undefined && Array.isArray(discriminated.options)) {
        const values: unknown[] = discriminated.options;
        const options = values.map((v) => JSON.stringify(v));
        const what = value === undefined ? 'is required: ' : 'must be ';
        return `${what}one of ${options.join(', ')}`;
      }
      const expected = issue.errors.flatMap((branch) =>
        branch.flatMap((i) =>
          i.code === 'invalid_type' && i.path.length === 0 ? [article(i.expected)] : [],
        ),
      );
      return expected.length > 0 ? `must be ${[...new Set(expected)].join(' or ')}` : issue.message;
    }
    case 'too_small':
      if (issue.origin === 'array')
        return `must have at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'}`;
      if (issue.origin === 'string') return 'must not be empty';
      return `must be ${issue.inclusive ? '>=' : '>'} ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'array') return `must have at most ${issue.maximum} items`;
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters`;
      return `must be ${issue.inclusive ? '<=' : '<'} ${issue.maximum}`;
    default:
      return issue.message;
  }
}

function article(expected: string): string {
  const names: Record<string, string> = {
    int: 'an integer',
    number: 'a number',
    string: 'a string',
    boolean: 'true or false',
    object: 'a mapping (key: value)',
    record: 'a mapping (key: value)',
    array: 'a list',
  };
  return names[expected] ?? expected;
}

/** The value at a path inside a plain JSON-like value (undefined when absent). */
export function valueAt(root: unknown, path: readonly PropertyKey[]): unknown {
  let here = root;
  for (const part of path) {
    if (here === null || typeof here !== 'object') return undefined;
    here = (here as Record<PropertyKey, unknown>)[part];
  }
  return here;
}
