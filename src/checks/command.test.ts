import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommandCheck } from '../scenario/index.js';
import { evaluateChecks } from './evaluate-checks.js';
import { MAX_EVIDENCE_BYTES } from './evidence.js';
import { withChecks } from './test-helpers/attempt.js';
import { type CalculatorAttempt, calculatorAttempt } from './test-helpers/calculator.js';
import { commandCheck } from './test-helpers/scenario.js';

let attempt: CalculatorAttempt;
beforeAll(async () => {
  attempt = await calculatorAttempt();
});
afterAll(() => attempt?.cleanup());

const run = async (check: CommandCheck) => {
  const [result] = await evaluateChecks(withChecks(attempt.ctx, [check]));
  return result!;
};

/** True while a process exists and is not a zombie. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('command checks: real processes in the real workspace', () => {
  it('hidden unittest tests copied in after the agent stopped: exit 0 and at least 5 tests', async () => {
    const result = await run(
      commandCheck({
        command: 'python3 -m unittest -q',
        copyIn: attempt.resolved('fixtures/hidden-tests'),
        minTests: 5,
      }),
    );
    expect(result).toMatchObject({
      status: 'passed',
      kind: 'command',
      title: 'command python3 -m unittest -q',
      expected: 'exit 0, at least 5 tests ran',
      actual: 'exit 0, 5 tests ran (unittest)',
      evidence: ['attempts/test-1/checks/checks-0.log'],
    });
    const log = readFileSync(join(attempt.ctx.runDir, result.evidence[0]!), 'utf8');
    expect(log).toContain('$ python3 -m unittest -q');
    expect(log).toContain('Ran 5 tests');
  });

  it.each([
    {
      name: 'fewer tests than min_tests',
      check: () =>
        commandCheck({
          command: 'python3 -m unittest -q',
          copyIn: attempt.resolved('fixtures/hidden-tests'),
          minTests: 6,
        }),
      message: /^5 tests ran \(unittest\), expected at least 6$/,
      findingKind: 'too_few_tests',
    },
    {
      name: 'no test count in the output',
      check: () => commandCheck({ command: 'echo all good', minTests: 1 }),
      message: /^min_tests 1: no test count found in the output \(looked for unittest "Ran N tests"/,
      findingKind: 'too_few_tests',
    },
    {
      name: 'another exit code, with the last output line',
      check: () => commandCheck({ command: 'echo working; echo "FAILED (failures=2)" >&2; exit 3' }),
      message: /^exit 3, expected exit 0 \(last output: FAILED \(failures=2\)\)$/,
      findingKind: undefined,
    },
    {
      name: 'failing unittest tests, named with the first assertion',
      check: () =>
        commandCheck({
          command: `cat '${join(import.meta.dirname, '../../fixtures/test-output/unittest-q.txt')}' >&2; exit 1`,
        }),
      message:
        /^exit 1, expected exit 0 \(failing \(unittest\): test_fizzbuzz\.FizzBuzzTest\.test_boom, test_fizzbuzz\.FizzBuzzTest\.test_fizz; first: KeyError: 'x'\)$/,
      findingKind: undefined,
    },
    {
      name: 'stdout and stderr without the expected text',
      check: () =>
        commandCheck({
          command: 'echo hello; echo oops >&2',
          stdoutContains: ['bye'],
          stderrContains: ['warning'],
        }),
      message: /^stdout does not contain "bye"; stderr does not contain "warning"$/,
      findingKind: undefined,
    },
  ])('$name → failed', async ({ check, message, findingKind }) => {
    const result = await run(check());
    expect(result.status).toBe('failed');
    expect(result.message).toMatch(message);
    expect(result.findingKind).toBe(findingKind);
    expect(result.evidence).toEqual(['attempts/test-1/checks/checks-0.log']);
  });

  it('stdout, stderr and a non-zero exit that are expected pass', async () => {
    const result = await run(
      commandCheck({
        command: 'echo hello; echo oops >&2; exit 2',
        exit: 2,
        stdoutContains: ['hello'],
        stderrContains: ['oops'],
      }),
    );
    expect(result).toMatchObject({ status: 'passed', actual: 'exit 2' });
  });

  it('keeps the environment but gives the command its own TMPDIR under the attempt folder, removed after', async () => {
    const result = await run(
      commandCheck({ command: 'touch "$TMPDIR/scratch"; ls "$TMPDIR"; printf "%s|%s" "$TMPDIR" "$HOME"' }),
    );
    expect(result.status).toBe('passed');
    const log = readFileSync(join(attempt.ctx.runDir, result.evidence[0]!), 'utf8');
    const [, tmp, home] = log.match(/scratch\n(\/.*)\|(.*)\n--- stderr/) ?? [];
    expect(tmp?.startsWith(join(attempt.ctx.attemptDir, 'checks', 'tmp-'))).toBe(true);
    expect(home).toBe(process.env.HOME);
    expect(existsSync(tmp!)).toBe(false);
  });

  it('a command past its timeout fails and its whole process group is killed', async () => {
    const started = performance.now();
    const result = await run(
      commandCheck({ command: 'sleep 30 & echo $! > bg.pid; sleep 30', timeoutMs: 300 }),
    );
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result).toMatchObject({
      status: 'failed',
      findingKind: 'timeout',
      actual: 'timed out after 300 ms',
    });
    expect(result.message).toMatch(
      /did not finish within 300 ms and its process group was killed; raise checks\[0\]\.timeout/,
    );
    const pid = Number(readFileSync(join(attempt.ctx.workspace, 'bg.pid'), 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(alive(pid)).toBe(false);
  });

  it('bounds the evidence log to 256 KB (head and tail)', async () => {
    const result = await run(
      commandCheck({ command: `python3 -c "print('x' * 1000000); print('THE END')"` }),
    );
    const log = join(attempt.ctx.runDir, result.evidence[0]!);
    expect(statSync(log).size).toBeLessThanOrEqual(MAX_EVIDENCE_BYTES + 100);
    const text = readFileSync(log, 'utf8');
    expect(text).toMatch(/^\$ python3/);
    expect(text).toContain('THE END');
    expect(text).toMatch(/\[\.\.\. \d+ bytes cut by obra-validate \.\.\.\]/);
  });

  it.each([
    {
      name: 'a copy_in source that does not exist',
      ctx: () => attempt.ctx,
      check: () => commandCheck({ command: 'true', copyIn: attempt.resolved('fixtures/nope') }),
      message: /^copy_in fixtures\/nope cannot be read \(ENOENT.*\); fix the path in the scenario/,
    },
    {
      name: 'a workspace the command cannot start in',
      ctx: () => ({ ...attempt.ctx, workspace: join(attempt.dir, 'gone') }),
      check: () => commandCheck({ command: 'true' }),
      message: /^could not start sh -c "true" in the workspace: /,
    },
  ])('$name → error, not failed', async ({ ctx, check, message }) => {
    const [result] = await evaluateChecks(withChecks(ctx(), [check()]));
    expect(result).toMatchObject({ status: 'error', actual: 'not evaluated' });
    expect(result!.message).toMatch(message);
  });
});
