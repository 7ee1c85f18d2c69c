import type { z } from 'zod';
import { closest } from '../shared/index.js';
import { type DocPath, formatPath, type ScenarioProblem } from './problem.js';
import { type ScenarioParsed, scenarioSchema } from './schema.js';
import { CHECK_KINDS } from './schema-checks.js';
import type { Locate } from './yaml-source.js';

type Issue = z.core.$ZodIssue;

/** Marks issues whose schema has no message of its own: this module phrases those. */
const DEFAULT_MESSAGE = '\u0000default';
/** Unknown-key issues carry the object's known keys, for the "Did you mean" hint. */
const KNOWN_KEYS = '\u0000known:';
/** A non-number given where an integer is expected (zod reports `expected: number` then). */
const INTEGER_EXPECTED = '\u0000int';

/** Per-parse error map: marks issues for this module to phrase. Schema-level messages take precedence. */
const errorMap: z.core.$ZodErrorMap = (issue) => {
  const def = (issue.inst as { _zod?: { def?: { shape?: object; format?: string } } } | undefined)?._zod?.def;
  if (issue.code === 'unrecognized_keys') return KNOWN_KEYS + JSON.stringify(Object.keys(def?.shape ?? {}));
  if (issue.code === 'invalid_type' && def?.format === 'safeint') return INTEGER_EXPECTED;
  return DEFAULT_MESSAGE;
};

export type SchemaResult =
  | { ok: true; parsed: ScenarioParsed }
  | {
      ok: false;
      problems: ScenarioProblem[];
      /** Where each problem is in the document (the node it rejects), in the order of `problems`. */
      paths: DocPath[];
    };

/** Validates plain data against scenarioSchema; every issue becomes a problem at its YAML line:col. */
export function checkSchema(data: unknown, file: string, locate: Locate): SchemaResult {
  const result = scenarioSchema.safeParse(data, { error: errorMap });
  if (result.success) return { ok: true, parsed: result.data };
  const context: Context = { data, file, locate };
  const found = result.error.issues.flatMap((issue) => toProblems(issue, [], context));
  return { ok: false, problems: found.map((f) => f.problem), paths: found.map((f) => f.at) };
}

/** A problem and the path of the node it is about. */
interface Found {
  problem: ScenarioProblem;
  at: DocPath;
}

interface Context {
  data: unknown;
  file: string;
  locate: Locate;
}

function toProblems(issue: Issue, base: DocPath, context: Context): Found[] {
  const path = [...base, ...(issue.path as (string | number)[])];
  const value = valueAt(context.data, path);
  const problem = (message: string, extra: Partial<ScenarioProblem> = {}): Found => {
    const made: ScenarioProblem = {
      file: context.file,
      ...context.locate(path),
      path: formatPath(path),
      message,
    };
    const shown = 'value' in extra ? extra.value : value;
    if (shown !== undefined) made.value = shown;
    if (extra.hint !== undefined) made.hint = extra.hint;
    return { problem: made, at: path };
  };
  const custom = !issue.message.startsWith('\u0000');
  switch (issue.code) {
    case 'unrecognized_keys': {
      const known = knownKeys(issue.message);
      return issue.keys.map((key) => unknownKey(key, path, known, context));
    }
    case 'invalid_union':
      return unionProblems(issue, path, value, context, problem);
    case 'invalid_type':
      if (custom) return [problem(issue.message)];
      if (value === undefined) return [problem('is required')];
      if (path.length === 0) {
        return [problem('must be a YAML mapping of scenario keys (version, name, tasks, ...)')];
      }
      return [problem(`must be ${typeName(issue.message === INTEGER_EXPECTED ? 'int' : issue.expected)}`)];
    case 'invalid_value':
      return [
        problem(custom ? issue.message : mustBeOneOf(issue.values), {
          ...hintFor(
            value,
            issue.values.filter((v): v is string => typeof v === 'string'),
          ),
        }),
      ];
    case 'invalid_key':
    case 'invalid_element':
      return issue.issues.flatMap((inner) => toProblems(inner, path, context));
    default:
      return [problem(custom ? issue.message : defaultMessage(issue))];
  }
}

function unknownKey(key: string, path: DocPath, known: string[], context: Context): Found {
  const keyPath = [...path, key];
  const match = closest(key, known);
  const hint =
    match !== undefined
      ? `Did you mean "${match}"?`
      : known.length > 0
        ? `known keys: ${known.join(', ')}`
        : undefined;
  return {
    problem: {
      file: context.file,
      ...context.locate(keyPath, 'key'),
      path: formatPath(keyPath),
      message: 'is not a known key',
      ...(hint === undefined ? {} : { hint }),
    },
    at: keyPath,
  };
}

function knownKeys(message: string): string[] {
  if (!message.startsWith(KNOWN_KEYS)) return [];
  return JSON.parse(message.slice(KNOWN_KEYS.length)) as string[];
}

type MakeProblem = (message: string, extra?: Partial<ScenarioProblem>) => Found;

function unionProblems(
  issue: Extract<Issue, { code: 'invalid_union' }>,
  path: DocPath,
  value: unknown,
  context: Context,
  problem: MakeProblem,
): Found[] {
  if (issue.discriminator !== undefined) {
    // Discriminated union: the path already ends at the discriminator key (`agent.kind`). The kind gives
    // its siblings their meaning, so what the problem rejects is the whole mapping.
    const options = ((issue as { options?: unknown[] }).options ?? []).filter((o) => typeof o === 'string');
    return [{ ...problem(mustBeOneOf(options), hintFor(value, options)), at: path.slice(0, -1) }];
  }
  if (isCheckItem(path) && isRecord(value)) {
    const kinds = CHECK_KINDS.filter((kind) => Object.hasOwn(value, kind));
    if (kinds.length === 0) {
      const typo = Object.keys(value)
        .map((key) => closest(key, CHECK_KINDS))
        .find((k) => k !== undefined);
      return [
        problem(`must have one of the keys ${CHECK_KINDS.join(', ')}`, {
          value: undefined,
          hint: typo
            ? `Did you mean "${typo}"?`
            : 'a check names its kind, e.g. { file: out.txt, contains: [done] }',
        }),
      ];
    }
    if (kinds.length > 1) {
      return [
        problem(`has ${kinds.length} kind keys (${kinds.join(', ')}); a check has exactly one`, {
          value: undefined,
          hint: 'split it into one check per kind',
        }),
      ];
    }
    const branch = issue.errors[CHECK_KINDS.indexOf(kinds[0]!)] ?? [];
    return branch.flatMap((inner) => toProblems(inner, path, context));
  }
  const branch = bestBranch(issue.errors, path, context);
  if (branch !== undefined) return branch.flatMap((inner) => toProblems(inner, path, context));
  // Every branch rejected the value's type: name the accepted types.
  const customMessage = issue.errors.flat().find((i) => !i.message.startsWith('\u0000'))?.message;
  if (customMessage !== undefined) return [problem(customMessage)];
  const expected = [
    ...new Set(issue.errors.flat().map((i) => (i.code === 'invalid_type' ? typeName(i.expected) : 'valid'))),
  ];
  return [problem(value === undefined ? 'is required' : `must be ${expected.join(' or ')}`)];
}

/** The branch that got furthest: not rejected at its root, fewest issues, a missing key costing most. */
function bestBranch(branches: Issue[][], path: DocPath, context: Context): Issue[] | undefined {
  let best: Issue[] | undefined;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const branch of branches) {
    const score = branch.reduce((sum, issue) => sum + issueCost(issue, path, context), 0);
    if (score < bestScore) {
      best = branch;
      bestScore = score;
    }
  }
  return best;
}

function issueCost(issue: Issue, base: DocPath, context: Context): number {
  if (issue.path.length === 0 && (issue.code === 'invalid_type' || issue.code === 'invalid_union')) {
    return Number.POSITIVE_INFINITY;
  }
  if (issue.code === 'unrecognized_keys') return issue.keys.length;
  const missing =
    issue.code === 'invalid_type' &&
    valueAt(context.data, [...base, ...(issue.path as (string | number)[])]) === undefined;
  return missing ? 10 : 1;
}

function isCheckItem(path: DocPath): boolean {
  return path.length === 2 && path[0] === 'checks' && typeof path[1] === 'number';
}

function defaultMessage(issue: Issue): string {
  switch (issue.code) {
    case 'too_small':
      return bound(issue.origin, 'least', Number(issue.minimum), issue.inclusive !== false);
    case 'too_big':
      return bound(issue.origin, 'most', Number(issue.maximum), issue.inclusive !== false);
    case 'invalid_format':
      if (issue.format === 'url') return 'must be an http:// or https:// URL';
      return issue.pattern ? `must match ${issue.pattern}` : `must be a valid ${issue.format}`;
    default:
      return 'is not valid';
  }
}

function bound(origin: string, side: 'least' | 'most', limit: number, inclusive: boolean): string {
  if (origin === 'array') {
    return side === 'least' && limit === 1 ? 'must not be empty' : `must have at ${side} ${limit} item(s)`;
  }
  if (origin === 'string') {
    return side === 'least' && limit === 1
      ? 'must not be empty'
      : `must be at ${side} ${limit} character(s) long`;
  }
  const op = side === 'least' ? (inclusive ? '>=' : '>') : inclusive ? '<=' : '<';
  return `must be ${op} ${limit}`;
}

const TYPE_NAMES: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
  null: 'null',
};

function typeName(expected: string): string {
  return TYPE_NAMES[expected] ?? expected;
}

function mustBeOneOf(values: readonly unknown[]): string {
  const shown = values.map((v) => JSON.stringify(v));
  return shown.length === 1 ? `must be ${shown[0]}` : `must be one of ${shown.join(', ')}`;
}

function hintFor(value: unknown, options: readonly string[]): Partial<ScenarioProblem> {
  if (typeof value !== 'string') return {};
  const match = closest(value, options);
  return match === undefined ? {} : { hint: `Did you mean "${match}"?` };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The raw value at `path`, or undefined when any step is missing. */
export function valueAt(data: unknown, path: DocPath): unknown {
  let current = data;
  for (const segment of path) {
    if (Array.isArray(current) && typeof segment === 'number') current = current[segment];
    else if (isRecord(current) && Object.hasOwn(current, segment)) current = current[segment];
    else return undefined;
  }
  return current;
}
