/** Where something sits in a scenario file. `line` and `col` are 1-based; 0 means "no position". */
export interface SourceLocation {
  /** The file as shown to the user (relative to the project root when inside it). */
  file: string;
  line: number;
  col: number;
}

/** Path of a node in a scenario document, as written: `['checks', 2, 'exit']`. */
export type DocPath = readonly (string | number)[];

/**
 * One thing wrong with a scenario file. Loading never throws for bad input: it collects these.
 * Formatted as `scenarios/calculator.yaml:14:5 checks[2].exit must be an integer; got "zero"`.
 */
export interface ScenarioProblem extends SourceLocation {
  /** Dotted path of the offending node (`checks[2].exit`); empty for whole-file problems. */
  path: string;
  /** What is wrong, phrased to follow the path: `must be an integer`, `is required`. */
  message: string;
  /** The offending value as written, when there is one (rendered as `; got <value>`). */
  value?: unknown;
  /**
   * How to fix it: a clause (`paths are relative to ...`) is rendered as `; <hint>`, a sentence
   * (`Did you mean "contains"?`) as `. <hint>`.
   */
  hint?: string;
}

/** `checks[2].exit` from `['checks', 2, 'exit']`. */
export function formatPath(path: DocPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (/^[A-Za-z_][\w-]*$/.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

const MAX_VALUE_CHARS = 80;

/** A value as it reads in a message: strings quoted, long values shortened. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (
    typeof value === 'string' ||
    typeof value === 'number' ||
    typeof value === 'boolean' ||
    value === null
  ) {
    return shorten(JSON.stringify(value));
  }
  if (Array.isArray(value)) return `a list (${shorten(safeJson(value))})`;
  if (typeof value === 'object') return `a mapping (${shorten(safeJson(value))})`;
  return shorten(String(value));
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function shorten(text: string): string {
  return text.length > MAX_VALUE_CHARS ? `${text.slice(0, MAX_VALUE_CHARS - 1)}…` : text;
}

/** One line: `file:line:col path message; got value; hint` (`. Hint` when the hint is a sentence). */
export function formatProblem(problem: ScenarioProblem): string {
  const where = problem.line > 0 ? `${problem.file}:${problem.line}:${problem.col}` : problem.file;
  const what = problem.path === '' ? problem.message : `${problem.path} ${problem.message}`;
  const got =
    'value' in problem && problem.value !== undefined ? `; got ${describeValue(problem.value)}` : '';
  // A hint that is a sentence ("Did you mean ...?") follows a period, a clause follows "; ".
  const hint = problem.hint ? `${/^[A-Z]/.test(problem.hint) ? '.' : ';'} ${problem.hint}` : '';
  return `${where} ${what}${got}${hint}`;
}

/** Problem lines printed at most; the rest are counted ("... and N more"). */
export const MAX_PROBLEM_LINES = 50;

/**
 * The problems, one per line: files in the order they first appear, each file's problems by position;
 * past `limit` lines, one more says how many were left out (20,000 unknown keys print 51 lines).
 */
export function formatProblems(problems: readonly ScenarioProblem[], limit = MAX_PROBLEM_LINES): string {
  const sorted = sortProblems(problems);
  const lines = sorted.slice(0, limit).map(formatProblem);
  if (sorted.length > limit) lines.push(moreProblems(sorted.length - limit));
  return lines.join('\n');
}

/** The line that counts the problems not printed. */
export function moreProblems(count: number): string {
  return `... and ${count} more problem${count === 1 ? '' : 's'} (fix the ones above and run again to see them)`;
}

/** Files in first-appearance order, then line and column; stable for equal positions. */
export function sortProblems(problems: readonly ScenarioProblem[]): ScenarioProblem[] {
  const fileOrder = new Map<string, number>();
  for (const p of problems) if (!fileOrder.has(p.file)) fileOrder.set(p.file, fileOrder.size);
  return [...problems].sort(
    (a, b) => fileOrder.get(a.file)! - fileOrder.get(b.file)! || a.line - b.line || a.col - b.col,
  );
}
