import { readFile } from 'node:fs/promises';
import { isMap, isScalar, isSeq, LineCounter, type Node } from 'yaml';
import type { z } from 'zod';
import { blockScalarHint, tooLarge } from '../../shared/index.js';
import { followsFromRemoval, removalOf, validateWhatRemains } from '../../shared/prune.js';
// The module itself, not the barrel: the barrel is loaded by the live view's worker, which needs no yaml.
import { pairByKey, parseYamlDocument } from '../../shared/yaml-document.js';
import { CassetteError, type CassetteProblem, formatPath, formatValue } from './errors.js';
import { issuesToProblems, valueAt } from './issues.js';
import { checkCassetteRules, type RuleProblem } from './rules.js';
import { type Cassette, cassetteSchema } from './schema.js';
import { isIntegerAt, knownKeysAt } from './schema-at.js';

/** Cassette files larger than this are refused before reading (a recording this big is a mistake). */
export const MAX_CASSETTE_BYTES = 16 * 1024 * 1024;

/** Aliases a cassette may expand: guards against "billion laughs" documents. */
export const MAX_CASSETTE_ALIASES = 100;

/** Rules to run beside the built-in ones (`check` adds the agent CLI's tool inputs: cassette/tool-inputs.ts). */
export interface CassetteLoadOptions {
  rules?: (cassette: Cassette) => RuleProblem[];
}

/**
 * Reads and validates a cassette file; throws CassetteError (every problem with file:line:col).
 * `shown` is the name used in messages (default: `path`).
 */
export async function loadCassette(
  path: string,
  shown = path,
  options: CassetteLoadOptions = {},
): Promise<Cassette> {
  const large = tooLarge(path, MAX_CASSETTE_BYTES, 'a cassette');
  if (large) {
    throw new CassetteError([
      {
        file: shown,
        line: 0,
        col: 0,
        path: '',
        message: `${large}; trim the recorded replies or split the cassette`,
      },
    ]);
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const what = code === 'ENOENT' ? 'no such file' : `cannot read it (${code ?? (error as Error).message})`;
    throw new CassetteError([
      { file: shown, line: 0, col: 0, path: '', message: `${what}; give the path of a cassette YAML file` },
    ]);
  }
  return parseCassette(text, shown, options);
}

/** Parses cassette YAML text; `fileName` is used in messages. Throws CassetteError with all problems. */
export function parseCassette(text: string, fileName: string, options: CassetteLoadOptions = {}): Cassette {
  const lineCounter = new LineCounter();
  const doc = parseYamlDocument(text, lineCounter);
  if (doc.errors.length > 0) {
    throw new CassetteError(
      doc.errors.map((error) => {
        const pos = error.linePos?.[0] ?? lineCounter.linePos(error.pos[0]);
        const message = yamlMessage(error.message);
        const hint = blockScalarHint(text, pos.line);
        return {
          file: fileName,
          line: pos.line,
          col: pos.col,
          path: '',
          message: `YAML syntax: ${message}${hint}`,
        };
      }),
    );
  }
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_CASSETTE_ALIASES });
  } catch (error) {
    throw new CassetteError([
      {
        file: fileName,
        line: 1,
        col: 1,
        path: '',
        message: `could not be read: ${yamlMessage((error as Error).message)} (a cassette may expand at most ${MAX_CASSETTE_ALIASES} YAML aliases)`,
      },
    ]);
  }
  const result = validateValue(raw, options.rules);
  if (!result.ok) {
    const locate = (path: readonly PropertyKey[]) => positionOf(doc.contents, path, lineCounter);
    const located = result.problems.map((p) => toProblem(p, fileName, locate(p.path)));
    throw new CassetteError(located.sort((a, b) => a.line - b.line || a.col - b.col));
  }
  return { ...result.cassette, file: fileName };
}

/**
 * Parses cassette YAML text once and returns where the node at a path is (e.g. `['conversations', 0,
 * 'turns', 1]`): the key of the last mapping entry, or the nearest existing ancestor. For messages about
 * a loaded cassette.
 */
export function cassettePositions(
  text: string,
): (path: readonly PropertyKey[]) => { line: number; col: number } {
  const lineCounter = new LineCounter();
  const doc = parseYamlDocument(text, lineCounter);
  return (path) => positionOf(doc.contents, path, lineCounter);
}

/** Validates a cassette built in code (no positions); throws CassetteError. */
export function validateCassette(value: unknown, name?: string): Cassette {
  let input = value;
  let file = name ?? '(cassette object)';
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'file' in value) {
    const { file: given, ...rest } = value as { file?: unknown };
    if (typeof given === 'string' && name === undefined) file = given;
    input = rest;
  }
  const result = validateValue(input);
  if (!result.ok)
    throw new CassetteError(result.problems.map((p) => toProblem(p, file, { line: 0, col: 0 })));
  return { ...result.cassette, file };
}

type Validation = { ok: true; cassette: Cassette } | { ok: false; problems: RuleProblem[] };

/**
 * Schema and rules in one pass: when the schema rejects parts of the cassette, the rules still run on
 * what remains without them (a rule problem at a removed part, inside or holding one, is left out: it may
 * only follow from the removal).
 */
function validateValue(input: unknown, extra?: CassetteLoadOptions['rules']): Validation {
  const rules = (cassette: Cassette) => [...checkCassetteRules(cassette), ...(extra?.(cassette) ?? [])];
  const result = cassetteSchema.safeParse(input);
  if (result.success) {
    const problems = rules(result.data);
    return problems.length > 0 ? { ok: false, problems } : { ok: true, cassette: result.data };
  }
  const problems = issuesToProblems(result.error.issues, input, {
    knownKeys: (path) => knownKeysAt(cassetteSchema, input, path),
    isInteger: (path) => isIntegerAt(cassetteSchema, input, path),
  });
  const remains = validateWhatRemains(input, rejectedPaths(result.error.issues), (data) => {
    const again = cassetteSchema.safeParse(data);
    return again.success
      ? { ok: true, value: again.data }
      : { ok: false, paths: rejectedPaths(again.error.issues) };
  });
  if (remains !== undefined) {
    const removal = removalOf(remains.pruned, formatPath);
    const lackingIn = (path: PropertyKey[]) =>
      valueAt(input, path) === undefined ? formatPath(path.slice(0, -1)) : undefined;
    const fromRules = rules(remains.value).filter(
      (problem) => !followsFromRemoval(removal, formatPath(problem.path), lackingIn(problem.path)),
    );
    problems.push(...fromRules);
  }
  return { ok: false, problems };
}

/** The nodes zod rejected: an unknown key itself; for a bad discriminator (`fault.kind`), its mapping. */
function rejectedPaths(issues: readonly z.core.$ZodIssue[]): PropertyKey[][] {
  return issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => [...issue.path, key]);
    const discriminated = (issue as { discriminator?: unknown }).discriminator !== undefined;
    if (issue.code === 'invalid_union' && discriminated) return [issue.path.slice(0, -1)];
    return [[...issue.path]];
  });
}

function toProblem(problem: RuleProblem, file: string, pos: { line: number; col: number }): CassetteProblem {
  const out: CassetteProblem = {
    file,
    line: pos.line,
    col: pos.col,
    path: formatPath(problem.path),
    message: problem.message,
  };
  if ('got' in problem) out.got = formatValue(problem.got);
  if (problem.hint !== undefined) out.hint = problem.hint;
  return out;
}

/**
 * Line and column of the node at `path`: the key of the last mapping entry (or the list item) when it
 * exists, else the nearest existing ancestor.
 */
function positionOf(
  root: unknown,
  path: readonly PropertyKey[],
  lineCounter: LineCounter,
): { line: number; col: number } {
  let node: unknown = root;
  let best: Node | undefined = isNode(root) ? root : undefined;
  for (const [i, part] of path.entries()) {
    if (isMap(node)) {
      const pair = pairByKey(node, String(part));
      if (pair === undefined) break;
      node = pair.value;
      const last = i === path.length - 1;
      best = !last && isNode(pair.value) ? pair.value : isNode(pair.key) ? pair.key : best;
    } else if (isSeq(node) && typeof part === 'number') {
      node = node.items[part];
      if (!isNode(node)) break;
      best = node;
    } else break;
  }
  const offset = best?.range?.[0];
  return offset === undefined ? { line: 1, col: 1 } : lineCounter.linePos(offset);
}

/** The first line of a yaml error, without its position (given separately) and in plain words. */
function yamlMessage(message: string): string {
  const first = (message.split('\n')[0] ?? message).replace(/ at line \d+, column \d+:?$/, '').trim();
  return /call stack/i.test(first) ? 'nested too deeply (the YAML parser ran out of stack)' : first;
}

function isNode(value: unknown): value is Node {
  return isMap(value) || isSeq(value) || isScalar(value);
}
