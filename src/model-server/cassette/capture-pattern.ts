import { RE2JS } from 're2js';

/**
 * A cassette's `capture` patterns run on the first user text of every request the server answers, in
 * the server's only thread. They are compiled by RE2JS (a port of RE2: no backtracking), so a match
 * costs time linear in the text, times the size of the compiled pattern; JavaScript's own RegExp
 * backtracks, and `(a+)+$` on 29 characters blocked the server for over a minute (issue 28).
 * docs/CASSETTES.md ("Capture patterns") has the rules and the measured costs.
 */

/** Longest capture pattern accepted, in characters: compiling is bounded too. */
export const MAX_CAPTURE_PATTERN_CHARS = 256;

/**
 * Largest compiled pattern accepted, in RE2 instructions (`programSize()`): a match's cost per
 * character of text grows with it. `Stress Task (\d+)` compiles to 18.
 */
export const MAX_CAPTURE_PROGRAM_SIZE = 100;

/** A compiled capture: the value it captures from a text (group 1, else the whole match), or undefined. */
export interface CapturePattern {
  readonly source: string;
  capture(text: string): string | undefined;
}

export type CaptureCompilation = { ok: true; pattern: CapturePattern } | { ok: false; problem: string };

/** Compiles a capture pattern, or says why it is refused (a phrase that follows the pattern's path). */
export function compileCapture(source: string): CaptureCompilation {
  if (source === '') {
    return {
      ok: false,
      problem:
        'is an empty pattern: it matches every text and captures nothing; give a pattern with a group, e.g. "Task (\\\\d+)"',
    };
  }
  if (source.length > MAX_CAPTURE_PATTERN_CHARS) {
    return {
      ok: false,
      problem: `is ${source.length} characters long, over the ${MAX_CAPTURE_PATTERN_CHARS} a capture pattern may have; capture from a shorter, distinctive part of the text`,
    };
  }
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(source);
  } catch (error) {
    return { ok: false, problem: syntaxProblem((error as Error).message) };
  }
  const size = compiled.programSize();
  if (size > MAX_CAPTURE_PROGRAM_SIZE) {
    return {
      ok: false,
      problem: `compiles to ${size} RE2 instructions, over the ${MAX_CAPTURE_PROGRAM_SIZE} a capture pattern may have (it runs on every request, and its cost per character grows with its size); use smaller repeat counts or fewer groups`,
    };
  }
  return {
    ok: true,
    pattern: {
      source,
      capture: (text) => {
        const found = compiled.exec(text);
        return found === null ? undefined : (found[1] ?? found[0]);
      },
    },
  };
}

/** RE2's parse error, with what RE2 does not have and how YAML escapes a backslash. */
function syntaxProblem(message: string): string {
  const detail = message.replace(/^error parsing regexp: /, '');
  const hint = /repeat count/.test(detail)
    ? 'a repeat count is at most 1000'
    : /Perl syntax|escape sequence/.test(detail)
      ? 'lookarounds (?=, (?!, (?<=) and backreferences (\\1) are not supported; YAML double quotes need "\\\\d" for \\d'
      : 'YAML double quotes need "\\\\d" for \\d';
  return `is not an RE2 pattern (${detail}); capture patterns use RE2 syntax, which matches in linear time; ${hint}`;
}
