import type {
  AttemptMetrics,
  AttemptVerdict,
  CheckResult,
  PlannedScenario,
  RawFinding,
  RunEvent,
  RunEventBody,
} from '../../events/index.js';

/**
 * The sample runs behind fixtures/event-logs/<name>/events.jsonl (regenerate them with
 * `npx tsx src/report/test-helpers/write-sample-runs.ts`; a test checks they are current).
 * Hand-written, deterministic logs of the shapes a real run writes: one passing run, one with
 * failures and findings, one interrupted, and one run with its two shards.
 */

const T0 = Date.UTC(2026, 10, 25, 8, 0, 0);

interface AttemptSpec {
  scenario: string;
  attempt: number;
  /** undefined: the attempt began and never ended (a killed run). */
  verdict?: AttemptVerdict;
  reason?: string;
  durationMs: number;
  metrics?: Partial<AttemptMetrics>;
  checks?: CheckResult[];
  findings?: RawFinding[];
  interrupted?: boolean;
}

interface RunSpec {
  runId: string;
  startedAt?: string;
  scenarios: PlannedScenario[];
  attempts: AttemptSpec[];
  runFindings?: RawFinding[];
  options?: Record<string, unknown>;
  shard?: { index: number; total: number };
  /** null: no run_end (killed). */
  end: { durationMs: number; interrupted: boolean } | null;
}

const planned = (name: string, attempts: number, tasks = 1, extra: Partial<PlannedScenario> = {}) => ({
  name,
  file: `scenarios/${name}.yaml`,
  attempts,
  tasks,
  needs: [],
  tags: [],
  ...extra,
});

export function metrics(extra: Partial<AttemptMetrics> = {}): AttemptMetrics {
  return {
    tasks: 1,
    tasksCompleted: 1,
    tasksFailed: 0,
    errors: 0,
    agentCalls: 2,
    iterations: 2,
    inputTokens: 3000,
    outputTokens: 850,
    totalTokens: 3850,
    costUsd: 0.0123,
    turns: 9,
    p50TaskMs: 900,
    p95TaskMs: 1000,
    maxTaskMs: 1000,
    totalMs: 1200,
    ...extra,
  };
}

export function check(
  id: string,
  status: CheckResult['status'],
  extra: Partial<CheckResult> = {},
): CheckResult {
  const invariant = id.startsWith('invariant:');
  return {
    id,
    kind: invariant ? 'invariant' : 'file',
    title: invariant ? id.slice('invariant:'.length) : `${id} holds`,
    status,
    severity: 'major',
    expected: 'holds',
    actual: status === 'passed' ? 'holds' : 'does not hold',
    evidence: [],
    durationMs: 3,
    ...extra,
  };
}

const invariantsPassed = (): CheckResult[] => [
  check('invariant:agent-session-echoed', 'passed', { severity: 'blocker' }),
  check('invariant:no-active-session', 'passed', { severity: 'blocker' }),
];

const calcFile = check('checks[0]', 'passed', {
  kind: 'file',
  title: 'file calculator.py contains "def add"',
  location: { file: 'scenarios/calculator.yaml', line: 15, col: 5 },
});

/** Builds a log the way the runner writes one: run_begin, attempt blocks, run findings, run_end. */
export function eventLog(spec: RunSpec): RunEvent[] {
  const events: RunEvent[] = [];
  const push = (body: RunEventBody) =>
    events.push({ v: 1, seq: events.length + 1, time: T0 + events.length * 250, ...body } as RunEvent);
  push({
    type: 'run_begin',
    runId: spec.runId,
    startedAt: spec.startedAt ?? new Date(T0).toISOString(),
    rootDir: '/home/ci/project',
    options: spec.options ?? { paths: ['scenarios'], reportsDir: 'reports' },
    scenarios: spec.scenarios,
    versions: { 'obra-validate': '0.1.0', node: 'v20.20.0', 'claude-code': '2.1.328' },
    ...(spec.shard ? { shard: spec.shard } : {}),
  });
  for (const a of spec.attempts) {
    const attemptId = `${a.scenario}#${a.attempt}`;
    const dir = `attempts/${a.scenario}-${a.attempt}`;
    push({
      type: 'attempt_begin',
      attemptId,
      scenario: a.scenario,
      attempt: a.attempt,
      workspace: `${dir}/workspace`,
      database: `${dir}/obra.sqlite`,
    });
    push({
      type: 'core',
      attemptId,
      event: { type: 'task_start', taskId: 1, key: 'task-1', title: 'Task 1', taskType: 'task', time: T0 },
    });
    for (const finding of a.findings ?? []) push({ type: 'finding', attemptId, finding });
    for (const result of a.checks ?? []) push({ type: 'check', attemptId, result });
    if (a.verdict === undefined) continue;
    push({
      type: 'attempt_end',
      attemptId,
      scenario: a.scenario,
      attempt: a.attempt,
      verdict: a.verdict,
      ...(a.reason ? { reason: a.reason } : {}),
      durationMs: a.durationMs,
      metrics: metrics(a.metrics),
      ...(a.interrupted ? { interrupted: true } : {}),
    });
  }
  for (const finding of spec.runFindings ?? []) push({ type: 'finding', finding });
  if (spec.end) push({ type: 'run_end', ...spec.end });
  return events;
}

const passingAttempt = (
  scenario: string,
  attempt: number,
  extra: Partial<AttemptSpec> = {},
): AttemptSpec => ({
  scenario,
  attempt,
  verdict: 'passed',
  durationMs: 1500 + attempt * 100,
  checks: [...(scenario === 'calculator' ? [calcFile] : []), ...invariantsPassed()],
  ...extra,
});

function passing(): RunEvent[] {
  return eventLog({
    runId: '20261125-080000-pass',
    scenarios: [
      planned('calculator', 2, 1, { tags: ['core'] }),
      planned('stress', 1, 10),
      planned('csv-regression', 1),
    ],
    attempts: [
      passingAttempt('calculator', 1),
      passingAttempt('calculator', 2),
      passingAttempt('stress', 1, { metrics: { tasks: 10, tasksCompleted: 10, totalTokens: 38500 } }),
      passingAttempt('csv-regression', 1, { metrics: { totalTokens: 7700, iterations: 1, agentCalls: 1 } }),
    ],
    end: { durationMs: 9000, interrupted: false },
  });
}

/** A failed check whose text needs XML and Markdown escaping (quotes, <, &, a pipe, an ANSI escape). */
const failedUnittest = check('checks[2]', 'failed', {
  kind: 'command',
  title: 'command python3 -m unittest -q exits 0',
  expected: 'exit 0 and ≥ 5 tests',
  actual:
    'exit 1, 3 of 5 tests passed\nFAIL: test_divide_by_zero <ValueError> & "quotes" | pipe \u001b[31mred\u001b[0m',
  message: 'exit 1: 2 tests failed (test_divide_by_zero, test_divide_float)',
  evidence: ['attempts/calculator-2/checks/2.stdout.txt'],
  location: { file: 'scenarios/calculator.yaml', line: 17, col: 5 },
});

function failing(): RunEvent[] {
  return eventLog({
    runId: '20261125-081500-fail',
    scenarios: [
      planned('calculator', 2, 1, { tags: ['core'] }),
      planned('stress', 1, 10),
      planned('csv-regression', 1),
      planned('docs', 1, 1, { needs: ['calculator'] }),
    ],
    attempts: [
      passingAttempt('calculator', 1, {
        findings: [
          {
            kind: 'turn_cap',
            severity: 'minor',
            message: 'task calc hit --max-turns 10 once and was resumed with 20',
            evidence: ['attempts/calculator-1/agent/call-1.json'],
          },
        ],
      }),
      {
        scenario: 'calculator',
        attempt: 2,
        verdict: 'failed',
        reason: '2 checks failed: agent-session-echoed; command python3 -m unittest -q exits 0',
        durationMs: 2100,
        metrics: { p95TaskMs: 1900, totalTokens: 5200, iterations: 3 },
        checks: [
          calcFile,
          failedUnittest,
          check('invariant:agent-session-echoed', 'failed', {
            severity: 'blocker',
            findingKind: 'session_mismatch',
            expected: 'the agent echoes session 0b9c7a3e-1111-2222-3333-444455556666',
            actual: 'the agent echoed 7f00aa3e-9999-2222-3333-444455556666',
            message: 'interaction 2 was recorded under a session the agent did not use',
            evidence: ['attempts/calculator-2/obra.sqlite'],
          }),
          check('invariant:no-active-session', 'passed', { severity: 'blocker' }),
        ],
      },
      {
        scenario: 'stress',
        attempt: 1,
        verdict: 'failed',
        reason: 'the orchestrator threw an unclassified exception',
        durationMs: 4000,
        metrics: { tasks: 10, tasksCompleted: 7, tasksFailed: 3, errors: 3, totalTokens: 30000 },
        findings: [
          {
            kind: 'session_not_found',
            severity: 'blocker',
            message: 'Session not found: 0b9c7a3e-1111-2222-3333-444455556666 (usage update for task 3)',
            evidence: ['attempts/stress-1/orchestrator-error.txt'],
          },
        ],
        checks: [
          check('checks[0]', 'failed', {
            kind: 'task',
            title: 'every task completed',
            findingKind: 'completion_without_evidence',
            expected: 'completed with changed files',
            actual: 'task stress-4 completed with no file changed',
            location: { file: 'scenarios/stress.yaml', line: 12, col: 5 },
          }),
          ...invariantsPassed(),
        ],
      },
      {
        scenario: 'csv-regression',
        attempt: 1,
        verdict: 'error',
        reason: '1 check(s) could not be evaluated: could not run python3: spawn python3 ENOENT',
        durationMs: 800,
        checks: [
          check('checks[1]', 'error', {
            kind: 'golden',
            title: 'golden csvtool.py output',
            findingKind: 'infrastructure',
            message: 'could not run python3: spawn python3 ENOENT',
          }),
        ],
      },
      {
        scenario: 'docs',
        attempt: 1,
        verdict: 'blocked',
        reason: 'needs scenario "calculator", which did not pass',
        durationMs: 0,
        metrics: metrics({ tasks: 0, tasksCompleted: 0, agentCalls: 0, iterations: 0, totalTokens: 0 }),
      },
    ],
    runFindings: [
      {
        kind: 'process_leak',
        severity: 'minor',
        message: '1 process left running after teardown: pid 4242 (claude)',
        evidence: ['processes.txt'],
      },
    ],
    end: { durationMs: 12000, interrupted: false },
  });
}

function interrupted(): RunEvent[] {
  return eventLog({
    runId: '20261125-083000-int',
    scenarios: [planned('calculator', 2, 1, { tags: ['core'] }), planned('stress', 1, 10)],
    attempts: [passingAttempt('calculator', 1), { scenario: 'calculator', attempt: 2, durationMs: 0 }],
    end: { durationMs: 3000, interrupted: true },
  });
}

/** Attempts of the sharded run, in plan order; shard i of 2 keeps every other one (like planRun). */
const shardedAttempts = (): AttemptSpec[] => [
  passingAttempt('calculator', 1),
  {
    ...passingAttempt('calculator', 2),
    verdict: 'failed',
    reason: 'the agent sent a request no cassette turn matches',
    findings: [
      {
        kind: 'cassette_miss',
        severity: 'major',
        message: 'no turn of fixtures/cassettes/calculator.yaml matches request 3 (step 2)',
        evidence: ['attempts/calculator-2/model-server.jsonl'],
      },
    ],
  },
  passingAttempt('stress', 1, { metrics: { tasks: 10, tasksCompleted: 10 } }),
  passingAttempt('csv-regression', 1),
];

function sharded(shard?: 1 | 2): RunEvent[] {
  const all = shardedAttempts();
  const attempts = shard ? all.filter((_, i) => i % 2 === shard - 1) : all;
  const count = (name: string) => attempts.filter((a) => a.scenario === name).length;
  return eventLog({
    runId: shard ? `20261125-090000-s${shard}` : '20261125-090000-full',
    scenarios: [
      planned('calculator', count('calculator')),
      planned('stress', count('stress'), 10),
      planned('csv-regression', count('csv-regression')),
    ],
    attempts,
    ...(shard
      ? {
          shard: { index: shard, total: 2 },
          options: { paths: ['scenarios'], reportsDir: 'reports', shard: { index: shard, total: 2 } },
        }
      : {}),
    ...(shard === 2 ? { startedAt: new Date(T0 + 500).toISOString() } : {}),
    end: { durationMs: shard ? 4000 + shard * 100 : 7000, interrupted: false },
  });
}

/** Every sample run by fixture name (fixtures/event-logs/<name>/events.jsonl). */
export function sampleRuns(): Record<string, RunEvent[]> {
  return {
    passing: passing(),
    failing: failing(),
    interrupted: interrupted(),
    'sharded-full': sharded(),
    'shard-1': sharded(1),
    'shard-2': sharded(2),
  };
}
