/** Which tests failed and how the first one failed, read from a test runner's output. Pure. */
export interface TestFailures {
  runner: 'unittest' | 'pytest' | 'node:test' | 'vitest' | 'jest';
  /** Failing tests as the runner names them, in the order printed, without repeats. */
  tests: string[];
  /** The first lines of the first failure's assertion (the error line, then what follows it). */
  assertion: string[];
}

/** Longest test name and assertion line kept; most assertion lines kept. */
const MAX_NAME = 120;
const MAX_LINE = 160;
const MAX_ASSERTION_LINES = 3;

// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes is the point
const ANSI = /\u001b\[[0-9;]*[A-Za-z]/g;

const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);
const unique = (items: string[]) => [...new Set(items)];

/** Non-empty lines from `start`, trimmed, until one `stop` matches (or the limit). */
function linesFrom(lines: readonly string[], start: number, stop: (line: string) => boolean): string[] {
  const out: string[] = [];
  for (let i = start; i < lines.length && out.length < MAX_ASSERTION_LINES; i++) {
    const line = lines[i]!;
    if (stop(line)) break;
    if (line.trim() !== '') out.push(cut(line.trim(), MAX_LINE));
  }
  return out;
}

/** Python unittest: `FAIL: test_x (module.Class.test_x)` blocks, each with a traceback. */
function unittest(lines: readonly string[]): TestFailures | undefined {
  const header = /^(?:FAIL|ERROR): (\S+) \((.+)\)$/;
  const heads = lines.flatMap((l, i) => (header.test(l) ? [i] : []));
  if (heads.length === 0) return undefined;
  const tests = heads.map((i) => {
    const [, name, where] = lines[i]!.match(header)!;
    return where!.endsWith(`.${name}`) ? where! : `${where}.${name}`;
  });
  const first = heads[0]!;
  const traceback = lines.findIndex((l, i) => i > first && l.startsWith('Traceback'));
  const errorLine =
    traceback < 0
      ? -1
      : lines.findIndex((l, i) => i > traceback && /^\S/.test(l) && !l.startsWith('During handling'));
  const assertion =
    errorLine < 0 ? [] : linesFrom(lines, errorLine, (l) => /^(-{10,}|={10,})$/.test(l) || l === '');
  const where = errorLine < 0 ? undefined : syntaxErrorAt(lines, traceback, errorLine);
  if (where !== undefined && assertion.length > 0) assertion[0] = `${where}: ${assertion[0]}`;
  return { runner: 'unittest', tests, assertion };
}

/**
 * `wordcount.py:5` for a SyntaxError, IndentationError or TabError: Python names the file and line it
 * could not compile in the traceback's last `File "...", line N`, not in the error line itself.
 */
function syntaxErrorAt(lines: readonly string[], from: number, errorLine: number): string | undefined {
  if (!/^(SyntaxError|IndentationError|TabError)\b/.test(lines[errorLine]!)) return undefined;
  for (let i = errorLine - 1; i > from; i--) {
    const found = /^\s*File "(?:.*\/)?([^"/]+)", line (\d+)/.exec(lines[i]!);
    if (found) return `${found[1]}:${found[2]}`;
  }
  return undefined;
}

/** pytest: `FAILED path::test - message` summary lines, `E   ` lines of the first failure. */
function pytest(lines: readonly string[]): TestFailures | undefined {
  const tests = lines.flatMap((l) => l.match(/^(?:FAILED|ERROR) (\S+::\S+|\S+\.py)/)?.slice(1, 2) ?? []);
  const firstE = lines.findIndex((l) => /^E {2,}\S/.test(l));
  if (tests.length === 0 && firstE < 0) return undefined;
  const assertion =
    firstE < 0 ? [] : linesFrom(lines, firstE, (l) => !/^E\s/.test(l)).map((l) => l.replace(/^E\s+/, ''));
  return { runner: 'pytest', tests: unique(tests), assertion };
}

/** Vitest: ` FAIL  file > suite > test` headers, then the error and its Expected/Received lines. */
function vitest(lines: readonly string[]): TestFailures | undefined {
  const heads = lines.flatMap((l, i) => (/^ FAIL {2}\S.* > /.test(l) ? [i] : []));
  if (heads.length === 0) return undefined;
  const tests = unique(heads.map((i) => lines[i]!.replace(/^ FAIL {2}/, '').trim()));
  const errorLine = lines.findIndex((l, i) => i > heads[0]! && /^\S*(Error|Exception)\b.*?:/.test(l));
  const assertion =
    errorLine < 0 ? [] : linesFrom(lines, errorLine, (l) => /^\s*(❯|\d+\||⎯)/.test(l.trimStart()));
  return { runner: 'vitest', tests, assertion };
}

/** Jest: `● suite › test` headers, then the matcher's message and Expected/Received lines. */
function jest(lines: readonly string[]): TestFailures | undefined {
  const heads = lines.flatMap((l, i) =>
    /^\s*● /.test(l) && !/● Test suite failed to run/.test(l) ? [i] : [],
  );
  if (heads.length === 0) return undefined;
  const tests = unique(heads.map((i) => lines[i]!.replace(/^\s*● /, '').trim()));
  const assertion = linesFrom(lines, heads[0]! + 1, (l) => /^\s*(>?\s*\d+ \||at )/.test(l));
  return { runner: 'jest', tests, assertion };
}

/** node:test: TAP `not ok N - name` with an `error:` block, or the spec reporter's `✖ name (1ms)`. */
function nodeTest(lines: readonly string[]): TestFailures | undefined {
  const tap = lines.flatMap((l) => l.match(/^\s*not ok \d+ - (.+?)(?: # .*)?$/)?.slice(1, 2) ?? []);
  const spec = lines.flatMap((l) => l.match(/^\s*✖ (.+?) \([\d.]+m?s\)$/)?.slice(1, 2) ?? []);
  const tests = unique([...tap, ...spec]).filter((t) => t !== 'failing tests:');
  if (tests.length === 0) return undefined;
  const block = lines.findIndex((l) => /^\s+error: /.test(l));
  if (block >= 0) {
    const inline = lines[block]!.replace(/^\s+error: /, '');
    const assertion =
      inline === '|-' || inline === '|'
        ? linesFrom(lines, block + 1, (l) => /^\s{0,2}\S/.test(l) && !/^\s{3,}/.test(l))
        : [cut(inline.replace(/^'(.*)'$/, '$1'), MAX_LINE)];
    return { runner: 'node:test', tests, assertion };
  }
  const errorLine = lines.findIndex((l) => /^\s*\w*Error\b.*?:/.test(l));
  const assertion =
    errorLine < 0 ? [] : linesFrom(lines, errorLine, (l) => /^\s+at /.test(l) || /^\s+\w+: /.test(l));
  return { runner: 'node:test', tests, assertion };
}

/**
 * The failing tests and the first assertion in the output of unittest, pytest, Vitest, Jest or
 * node:test (TAP or spec); undefined when none of them is recognised (the caller falls back to the
 * last lines). Bounded whatever the output.
 */
export function parseTestFailures(output: string): TestFailures | undefined {
  const lines = output.replace(ANSI, '').replace(/\r/g, '').split('\n');
  for (const parse of [unittest, pytest, vitest, jest, nodeTest]) {
    const found = parse(lines);
    if (found && (found.tests.length > 0 || found.assertion.length > 0)) {
      return { ...found, tests: found.tests.map((t) => cut(t, MAX_NAME)) };
    }
  }
  return undefined;
}

/** One clause for a finding: `failing (unittest): a, b and 1 more; first: AssertionError: … / - x`. */
export function describeTestFailures(f: TestFailures, maxTests = 3): string {
  const shown = f.tests.slice(0, maxTests).join(', ');
  const more = f.tests.length > maxTests ? ` and ${f.tests.length - maxTests} more` : '';
  const first = f.assertion.length > 0 ? `; first: ${f.assertion.join(' / ')}` : '';
  return `failing (${f.runner}): ${shown || 'unnamed'}${more}${first}`;
}
