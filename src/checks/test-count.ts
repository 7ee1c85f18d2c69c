/** How many tests a test runner says ran, and which runner's summary said so. */
export interface TestCount {
  count: number;
  runner: 'unittest' | 'pytest' | 'jest' | 'vitest' | 'node:test';
}

// Colors would hide the numbers from the patterns below.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes is the point
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

/** The number in the last match of `pattern` (global), or undefined. */
function lastNumber(text: string, pattern: RegExp): number | undefined {
  let value: number | undefined;
  for (const match of text.matchAll(pattern)) value = Number(match[1]);
  return value;
}

/** Sum of `N word` counts on the last line matching `line` (pytest: "3 passed, 1 failed in 0.1s"). */
function sumOnLastLine(text: string, line: RegExp, words: readonly string[]): number | undefined {
  const lines = text.split('\n').filter((l) => line.test(l));
  const last = lines.at(-1);
  if (last === undefined) return undefined;
  let total = 0;
  for (const word of words) {
    const match = last.match(new RegExp(`(\\d+) ${word}\\b`));
    if (match) total += Number(match[1]);
  }
  return total;
}

/**
 * Parses the number of tests that ran from a test runner's output (stdout and stderr together):
 * Python unittest `Ran N tests`, pytest `N passed[, M failed]`, Jest `Tests: ... N total`, Vitest
 * `Tests  ... (N)` / `Tests  N passed`, node:test `# tests N` / `# pass N`. Undefined when no summary
 * is found (go's "ok" lines and other runners are out of scope). Pure.
 */
export function parseTestCount(output: string): TestCount | undefined {
  const text = output.replace(ANSI, '');
  const unittest = lastNumber(text, /^Ran (\d+) tests? in /gm);
  if (unittest !== undefined) return { count: unittest, runner: 'unittest' };
  const jest = lastNumber(text, /^\s*Tests:.*?(\d+) total/gm);
  if (jest !== undefined) return { count: jest, runner: 'jest' };
  const vitestTotal = lastNumber(text, /^\s*Tests\s{2,}.*\((\d+)\)\s*$/gm);
  if (vitestTotal !== undefined) return { count: vitestTotal, runner: 'vitest' };
  const vitest = sumOnLastLine(text, /^\s*Tests:?\s+.*\d+ (passed|failed)/, ['passed', 'failed']);
  if (vitest !== undefined) return { count: vitest, runner: text.includes('Tests:') ? 'jest' : 'vitest' };
  const pytest = sumOnLastLine(text, /\d+ (passed|failed).* in [\d.]+s/, ['passed', 'failed', 'errors?']);
  if (pytest !== undefined) return { count: pytest, runner: 'pytest' };
  const nodeTests = lastNumber(text, /^# tests (\d+)\s*$/gm);
  if (nodeTests !== undefined) return { count: nodeTests, runner: 'node:test' };
  const nodePass = lastNumber(text, /^# pass (\d+)\s*$/gm);
  if (nodePass !== undefined) return { count: nodePass, runner: 'node:test' };
  return undefined;
}
