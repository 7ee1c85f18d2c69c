import { join } from 'node:path';
import type { CommandCheck } from '../scenario/index.js';
import type { AttemptContext } from './context.js';
import { copyIn } from './copy-in.js';
import { checksDir, writeEvidence } from './evidence.js';
import { errored, failed, passed, skipped } from './outcome.js';
import { describeExit, runShell, type ShellOutcome } from './shell.js';
import { parseTestCount } from './test-count.js';
import { describeTestFailures, parseTestFailures } from './test-failures.js';
import { lastLine, plural, quote, shorten } from './text.js';
import type { CheckEvaluator, CheckOutcome } from './types.js';

function expectation(check: CommandCheck): string {
  const parts = [`exit ${check.exit}`];
  for (const text of check.stdoutContains) parts.push(`stdout contains ${quote(text)}`);
  for (const text of check.stderrContains) parts.push(`stderr contains ${quote(text)}`);
  if (check.minTests !== undefined) parts.push(`at least ${plural(check.minTests, 'test')} ran`);
  return parts.join(', ');
}

/** The evidence file: the command, how it ended, then stdout and stderr (bounded by writeEvidence). */
function logText(check: CommandCheck, outcome: ShellOutcome): string {
  const end = outcome.timedOut ? `timed out after ${check.timeoutMs} ms` : describeExit(outcome);
  return `$ ${check.command}\n# ${end}, ${outcome.durationMs} ms\n--- stdout ---\n${outcome.stdout}\n--- stderr ---\n${outcome.stderr}\n`;
}

/** Each way the finished command misses the check, plus what the test count was (for `actual`). */
function problemsOf(
  check: CommandCheck,
  outcome: ShellOutcome,
): { problems: string[]; tests?: string; tooFewTests?: boolean } {
  const problems: string[] = [];
  if (outcome.exitCode !== check.exit) {
    // The failing tests and the first assertion when a known test runner printed them, else the tail.
    const failures = parseTestFailures(`${outcome.stdout}\n${outcome.stderr}`);
    const last = lastLine(outcome.stderr) || lastLine(outcome.stdout);
    const cause = failures ? describeTestFailures(failures) : last ? `last output: ${last}` : '';
    problems.push(`${describeExit(outcome)}, expected exit ${check.exit}${cause ? ` (${cause})` : ''}`);
  }
  for (const text of check.stdoutContains) {
    if (!outcome.stdout.includes(text)) problems.push(`stdout does not contain ${quote(text)}`);
  }
  for (const text of check.stderrContains) {
    if (!outcome.stderr.includes(text)) problems.push(`stderr does not contain ${quote(text)}`);
  }
  if (check.minTests === undefined) return { problems };
  const count = parseTestCount(`${outcome.stdout}\n${outcome.stderr}`);
  if (!count) {
    problems.push(
      `min_tests ${check.minTests}: no test count found in the output (looked for unittest "Ran N tests", pytest "N passed", Jest/Vitest "Tests: N passed", node:test "# pass N")`,
    );
    return { problems, tests: 'no test count', tooFewTests: true };
  }
  const tooFewTests = count.count < check.minTests;
  if (tooFewTests) {
    problems.push(
      `${plural(count.count, 'test')} ran (${count.runner}), expected at least ${check.minTests}`,
    );
  }
  return { problems, tests: `${plural(count.count, 'test')} ran (${count.runner})`, tooFewTests };
}

async function evaluate(check: CommandCheck, ctx: AttemptContext): Promise<CheckOutcome> {
  const expected = expectation(check);
  if (check.copyIn) copyIn(check.copyIn, ctx.workspace, ctx.rootDir);
  const outcome = await runShell(check.command, {
    cwd: ctx.workspace,
    tmpParent: checksDir(ctx),
    timeoutMs: check.timeoutMs,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(ctx.wrap ? { wrap: ctx.wrap } : {}),
  });
  if (outcome.spawnError) {
    return errored(
      expected,
      `could not start sh -c ${quote(check.command)} in the workspace: ${outcome.spawnError.message}`,
    );
  }
  const log = writeEvidence(join(checksDir(ctx), `checks-${check.index}.log`), logText(check, outcome));
  if (outcome.aborted) return skipped(expected, 'the run was interrupted while the command ran');
  if (outcome.timedOut) {
    return failed(
      expected,
      `timed out after ${check.timeoutMs} ms`,
      `the command did not finish within ${check.timeoutMs} ms and its process group was killed; raise checks[${check.index}].timeout or fix what hangs (its output is in the evidence)`,
      { findingKind: 'timeout', evidence: [log] },
    );
  }
  const { problems, tests, tooFewTests } = problemsOf(check, outcome);
  const actual = [describeExit(outcome), ...(tests ? [tests] : [])].join(', ');
  if (problems.length === 0) return passed(expected, actual, [log]);
  return failed(expected, shorten(actual, 500), problems.join('; '), {
    evidence: [log],
    // A failing exit code is the headline; too few tests is its own class only when the exit was right.
    ...(tooFewTests && outcome.exitCode === check.exit ? { findingKind: 'too_few_tests' } : {}),
  });
}

/** `command`: runs a shell command in the workspace (hidden tests copied in first) and judges its result. */
export const commandCheck: CheckEvaluator<CommandCheck> = {
  title: (check) => `command ${shorten(check.command, 100)}`,
  evaluate,
};
