import { UserError } from '../../shared/index.js';

/** One problem in a cassette file: where (file, line, col, path), what, and the value found. */
export interface CassetteProblem {
  file: string;
  /** 1-based; 0 when the cassette did not come from a file (an object built in code). */
  line: number;
  col: number;
  /** Dotted path into the document, e.g. `conversations[0].turns[1].when.step` ("" for the root). */
  path: string;
  message: string;
  /** The value found there, as shown after "; got" (absent when nothing was there). */
  got?: string;
  /** `Did you mean "x"?`: after the message and the value, as its own sentence. */
  hint?: string;
}

/** Every problem of one or more cassettes, thrown at once. A UserError: the CLI exits 2. */
export class CassetteError extends UserError {
  constructor(readonly problems: readonly CassetteProblem[]) {
    super(formatProblems(problems), 'OBRA_CASSETTE');
  }
}

export function formatProblem(problem: CassetteProblem): string {
  const where = problem.line > 0 ? `${problem.file}:${problem.line}:${problem.col}` : problem.file;
  const path = problem.path === '' ? '' : ` ${problem.path}`;
  const got = problem.got === undefined ? '' : `; got ${problem.got}`;
  const hint = problem.hint === undefined ? '' : `. ${problem.hint}`;
  return `${where}${path} ${problem.message}${got}${hint}`;
}

/** Problem lines printed at most; the rest are counted. */
export const MAX_CASSETTE_PROBLEM_LINES = 50;

function formatProblems(problems: readonly CassetteProblem[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  const left = problems.length - MAX_CASSETTE_PROBLEM_LINES;
  return [
    `invalid cassette (${count}; docs/CASSETTES.md describes the format):`,
    ...problems.slice(0, MAX_CASSETTE_PROBLEM_LINES).map(formatProblem),
    ...(left > 0
      ? [
          `... and ${left} more problem${left === 1 ? '' : 's'} (fix the ones above and run again to see them)`,
        ]
      : []),
  ].join('\n  ');
}

/** `conversations[0].turns[1].when` from ['conversations', 0, 'turns', 1, 'when']. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** A short JSON rendering of a value for "; got VALUE". */
export function formatValue(value: unknown, max = 60): string {
  if (value === undefined) return 'nothing';
  let json: string;
  try {
    json = JSON.stringify(value) ?? String(value);
  } catch {
    json = String(value);
  }
  return json.length > max ? `${json.slice(0, max - 1)}…` : json;
}
