import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateChecks } from './evaluate-checks.js';
import { withChecks, writeTree } from './test-helpers/attempt.js';
import { type CalculatorAttempt, calculatorAttempt } from './test-helpers/calculator.js';
import { goldenCheck } from './test-helpers/scenario.js';

let attempt: CalculatorAttempt;
beforeAll(async () => {
  attempt = await calculatorAttempt();
  writeTree(join(attempt.dir, 'fixtures'), {
    // A plausible regression: words counted as spaces + 1.
    'v1/count_v1.py':
      'import sys\ntext = open(sys.argv[1]).read()\nprint(f"lines: {len(text.splitlines())}")\nprint(f"words: {text.count(\' \') + 1}")\n',
    'crlf/one.txt.out': 'lines: 1\r\nwords: 2\r\n',
    "odd/it's here.txt": 'a b\n',
    "odd-baseline/it's here.txt.out": 'lines: 1\nwords: 2\n',
  });
});
afterAll(() => attempt?.cleanup());

const golden = (command: string, inputs: string, baseline: string, copyIn?: string) =>
  goldenCheck({
    command,
    inputs: [attempt.resolved(inputs)],
    baseline: attempt.resolved(baseline),
    ...(copyIn ? { copyIn: attempt.resolved(copyIn) } : {}),
  });

const evaluate = async (check: ReturnType<typeof golden>) =>
  (await evaluateChecks(withChecks(attempt.ctx, [check])))[0]!;

describe('golden checks: the workspace tool on every input against the baseline folder', () => {
  it('passes when every output matches its baseline', async () => {
    const result = await evaluate(
      golden('python3 count.py {{input}}', 'fixtures/inputs/*.txt', 'fixtures/baseline'),
    );
    expect(result).toMatchObject({
      status: 'passed',
      kind: 'golden',
      title: 'golden python3 count.py {{input}} on fixtures/inputs/*.txt',
      actual: 'all 3 inputs match',
      evidence: [],
    });
  });

  it('a regression: names the differing inputs, shows a diff excerpt, saves the outputs', async () => {
    const result = await evaluate(
      golden(
        'python3 count_v1.py {{input}}',
        'fixtures/inputs/*.txt',
        'fixtures/baseline',
        'fixtures/v1/count_v1.py',
      ),
    );
    expect(result).toMatchObject({
      status: 'failed',
      findingKind: 'golden_mismatch',
      message: '2 of 3 inputs differ: three.txt, two.txt',
      evidence: [
        'attempts/test-1/checks/checks-0/three.txt.out',
        'attempts/test-1/checks/checks-0/two.txt.out',
      ],
    });
    expect(result.actual).toBe(
      [
        'three.txt',
        '@@ line 2 @@',
        '  lines: 3',
        '- words: 3',
        '+ words: 1',
        '  (empty line)',
        '',
        'two.txt',
        '@@ line 2 @@',
        '  lines: 2',
        '- words: 5',
        '+ words: 4',
        '  (empty line)',
      ].join('\n'),
    );
    expect(readFileSync(join(attempt.ctx.runDir, result.evidence[1]!), 'utf8')).toBe('lines: 2\nwords: 4\n');
  });

  it('a crashing command: the exit and stderr explain the diff, and stderr is saved too', async () => {
    const result = await evaluate(
      golden(
        'echo partial; echo "Traceback: boom" >&2; exit 1',
        'fixtures/inputs/one.txt',
        'fixtures/baseline',
      ),
    );
    expect(result).toMatchObject({
      status: 'failed',
      message: '1 of 1 inputs differ: one.txt',
      evidence: [
        'attempts/test-1/checks/checks-0/one.txt.out',
        'attempts/test-1/checks/checks-0/one.txt.err',
      ],
    });
    expect(result.actual).toBe(
      'one.txt (exit 1: Traceback: boom)\n@@ line 1 @@\n- lines: 1\n- words: 2\n+ partial\n  (empty line)',
    );
    expect(readFileSync(join(attempt.ctx.runDir, result.evidence[1]!), 'utf8')).toBe('Traceback: boom\n');
  });

  it('normalises CRLF in the baseline only as line ends', async () => {
    const result = await evaluate(
      golden('python3 count.py {{input}}', 'fixtures/inputs/one.txt', 'fixtures/crlf'),
    );
    expect(result.status).toBe('passed');
  });

  it('quotes the input path for the shell', async () => {
    const result = await evaluate(
      golden('python3 count.py {{input}}', 'fixtures/odd/*.txt', 'fixtures/odd-baseline'),
    );
    expect(result).toMatchObject({ status: 'passed', actual: 'the input matches' });
  });

  it('a missing baseline file is an error naming it and saying how to create it', async () => {
    const result = await evaluate(
      golden('python3 count.py {{input}}', 'fixtures/inputs/*.txt', 'fixtures/crlf'),
    );
    expect(result.status).toBe('error');
    expect(result.message).toMatch(
      /^missing baseline file fixtures\/crlf\/three\.txt\.out \(and 1 more: two\.txt\.out\); create it from a run you trust: in the workspace, python3 count\.py '.*\/fixtures\/inputs\/three\.txt' > .*\/fixtures\/crlf\/three\.txt\.out \(this attempt's output is saved as evidence/,
    );
    expect(result.evidence).toEqual([
      'attempts/test-1/checks/checks-0/three.txt.out',
      'attempts/test-1/checks/checks-0/two.txt.out',
    ]);
  });

  it('inputs that match nothing are an error', async () => {
    const result = await evaluate(
      golden('python3 count.py {{input}}', 'fixtures/inputs/*.csv', 'fixtures/baseline'),
    );
    expect(result).toMatchObject({
      status: 'error',
      message: 'inputs fixtures/inputs/*.csv match no file; fix checks[0].inputs',
    });
  });
});
