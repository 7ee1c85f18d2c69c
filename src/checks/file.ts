import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { isAbsolute, posix, relative, resolve } from 'node:path';
import type { FileCheck } from '../scenario/index.js';
import { errorMessage } from '../shared/index.js';
import type { AttemptContext } from './context.js';
import { errored, failed, fromProblems, passed } from './outcome.js';
import { quote } from './text.js';
import type { CheckEvaluator, CheckOutcome } from './types.js';

function expectation(check: FileCheck): string {
  if (!check.exists) return `${check.path} does not exist`;
  const parts = [`${check.path} exists`];
  for (const text of check.contains) parts.push(`contains ${quote(text)}`);
  for (const text of check.notContains) parts.push(`does not contain ${quote(text)}`);
  if (check.matches !== undefined) parts.push(`matches /${check.matches}/`);
  if (check.sha256) parts.push(`has sha256 ${check.sha256.slice(0, 12)}…`);
  if (check.unchanged === true) parts.push('is unchanged since the attempt started');
  if (check.unchanged === false) parts.push('changed since the attempt started');
  return parts.join(', ');
}

const short = (hash: string) => `${hash.slice(0, 12)}…`;

/** What the file holds that the check does not want (empty when it holds). */
function contentProblems(check: FileCheck, content: Buffer, ctx: AttemptContext): string[] | CheckOutcome {
  const text = content.toString('utf8');
  const problems: string[] = [];
  for (const wanted of check.contains) {
    if (!text.includes(wanted)) problems.push(`${check.path} does not contain ${quote(wanted)}`);
  }
  for (const unwanted of check.notContains) {
    if (text.includes(unwanted)) problems.push(`${check.path} contains ${quote(unwanted)}`);
  }
  if (check.matches !== undefined) {
    let regexp: RegExp;
    try {
      regexp = new RegExp(check.matches);
    } catch (error) {
      return errored(
        expectation(check),
        `checks[${check.index}].matches is not a valid regular expression (${errorMessage(error)}); got ${quote(check.matches)}`,
      );
    }
    if (!regexp.test(text)) problems.push(`${check.path} does not match /${check.matches}/`);
  }
  const hash = createHash('sha256').update(content).digest('hex');
  if (check.sha256 && hash !== check.sha256) {
    problems.push(`${check.path} has sha256 ${short(hash)}, expected ${short(check.sha256)}`);
  }
  if (check.unchanged !== undefined) {
    const before = ctx.initialHashes.get(posix.normalize(check.path));
    if (check.unchanged && before === undefined) {
      problems.push(
        `${check.path} did not exist when the attempt started, so it cannot be unchanged; assert exists or sha256 instead`,
      );
    } else if (check.unchanged && before !== hash) {
      problems.push(`${check.path} changed: sha256 ${short(hash)}, it started as ${short(before!)}`);
    } else if (!check.unchanged && before === hash) {
      problems.push(
        `${check.path} is unchanged (sha256 ${short(hash)}); the agent was expected to change it`,
      );
    }
  }
  return problems;
}

function evaluate(check: FileCheck, ctx: AttemptContext): CheckOutcome {
  const expected = expectation(check);
  const path = resolve(ctx.workspace, check.path);
  const rel = relative(ctx.workspace, path);
  if (rel.startsWith('..') || isAbsolute(rel)) {
    return errored(
      expected,
      `checks[${check.index}].file ${quote(check.path)} resolves outside the workspace`,
    );
  }
  let isFile = false;
  try {
    isFile = statSync(path).isFile();
  } catch {
    isFile = false;
  }
  if (!check.exists) {
    return isFile
      ? failed(expected, `${check.path} exists`, `${check.path} exists in the workspace; expected it absent`)
      : passed(expected, `${check.path} is absent`);
  }
  if (!isFile) {
    return failed(expected, `${check.path} is missing`, `${check.path} does not exist in the workspace`);
  }
  const content = readFileSync(path);
  const problems = contentProblems(check, content, ctx);
  if (!Array.isArray(problems)) return problems;
  const actual =
    problems.length === 0 ? `${check.path} as expected (${content.length} bytes)` : problems.join('; ');
  return fromProblems(expected, actual, problems);
}

/** `file`: a workspace file's existence, content, hash, or that it is (un)changed since the start. */
export const fileCheck: CheckEvaluator<FileCheck> = {
  title: (check) => `file ${expectation(check)}`,
  evaluate,
};
