import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { canMountTmpfs, processesWith, runCommand, withTmpfs } from './helpers/processes.js';
import { copyOfShippedProject, latestReport, type ReportJson } from './helpers/project.js';
import { type CliResult, cliPath, makeTempProject, runCli } from './helpers/run-cli.js';

type Attempt = ReportJson['scenarios'][number]['attempts'][number] & {
  findings: { kind: string; severity: string; message: string; evidence: string[] }[];
};

/** Each fault scenario's expected verdict and finding (docs/FAULTS.md holds the same table). */
const expectations: { scenario: string; verdict: string; finding: string; message: RegExp }[] = [
  {
    scenario: 'fault-agent-crash',
    verdict: 'failed',
    finding: 'agent_crash',
    message: /task hello failed on agent_exit_nonzero: command agent: killed by SIGKILL \(exit status 137\)/,
  },
  {
    scenario: 'fault-agent-hang',
    verdict: 'failed',
    finding: 'timeout',
    message: /wall budget 2000ms: the attempt exceeded its wall budget and was stopped/,
  },
  {
    scenario: 'fault-agent-garbage',
    verdict: 'failed',
    finding: 'agent_bad_output',
    message: /failed on agent_non_json_output: command agent: exit code 0, and stdout held no JSON result/,
  },
  {
    scenario: 'fault-agent-wrong-session',
    verdict: 'failed',
    finding: 'session_mismatch',
    message:
      /the agent reported session 00000000-0000-4000-8000-000000000000, but the call was given [0-9a-f-]{36}/,
  },
  {
    scenario: 'fault-model-500',
    verdict: 'failed',
    finding: 'model_http_error',
    message:
      /failed on api_error: the agent reported an error: API Error: 500 scripted internal server error/,
  },
  {
    scenario: 'fault-model-429',
    verdict: 'failed',
    finding: 'model_rate_limited',
    message: /failed on api_error: the agent reported an error: API Error: Request rejected \(429\)/,
  },
  {
    scenario: 'fault-model-truncated',
    verdict: 'failed',
    finding: 'model_bad_response',
    message: /failed on api_error: the agent reported an error: API Error: JSON Parse error/,
  },
  {
    scenario: 'fault-model-slow',
    verdict: 'failed',
    finding: 'timeout',
    message: /wall budget 5000ms: the attempt exceeded its wall budget and was stopped/,
  },
  {
    scenario: 'fault-sqlite-busy',
    verdict: 'error',
    finding: 'database_busy',
    message: /the store .*obra\.sqlite is locked by another connection \(SQLITE_BUSY: database is locked\)/,
  },
];

// `npx obra-validate scenarios/faults`, once, through the built CLI: the model faults run the real
// Claude Code CLI against cassette faults; the agent faults run small scripts through the command agent.
describe('npx obra-validate scenarios/faults (spawned): each fault has its verdict and finding', () => {
  // Made in beforeAll, not while collecting: a filtered run (-t) that skips these tests leaves nothing.
  let project: ReturnType<typeof copyOfShippedProject>;
  let result: CliResult;
  let report: ReportJson;
  beforeAll(async () => {
    project = copyOfShippedProject();
    result = await runCli(['scenarios/faults', '--reporter', 'dot,json'], {
      cwd: project.dir,
      timeoutMs: 240_000,
    });
    report = latestReport(project.dir);
  }, 240_000);
  afterAll(() => project?.cleanup());

  it('runs every fault scenario, exits 1 (failures outweigh the infrastructure error) and is NOT_READY', () => {
    expect(result.stderr).not.toContain('internal error');
    expect(result.exitCode).toBe(1);
    expect(report.scenarios.map((s) => s.name).sort()).toEqual(expectations.map((e) => e.scenario).sort());
    expect(report.readiness.status).toBe('NOT_READY');
  });

  it.each(expectations)(
    '$scenario → $verdict with a $finding finding',
    ({ scenario, verdict, finding, message }) => {
      const found = report.scenarios.find((s) => s.name === scenario);
      expect(found, scenario).toBeDefined();
      const attempt = found!.attempts[0] as Attempt;
      expect(attempt.verdict).toBe(verdict);
      const kinds = attempt.findings.map((f) => f.kind);
      expect(kinds).toContain(finding);
      expect(attempt.findings.find((f) => f.kind === finding)!.message).toMatch(message);
      // Whatever the fault, the orchestrator closed its sessions and nothing outlived the attempt.
      const invariant = (id: string) => attempt.checks.find((c) => c.id === id)?.status;
      expect(invariant('invariant:no-active-session')).toBe('passed');
      expect(invariant('invariant:no-process-left')).toBe('passed');
    },
  );

  it('the crash finding carries the agent logs as evidence', () => {
    const attempt = report.scenarios.find((s) => s.name === 'fault-agent-crash')!.attempts[0] as Attempt;
    const crash = attempt.findings.find((f) => f.kind === 'agent_crash')!;
    expect(crash.evidence).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^attempts\/fault-agent-crash-1\/logs\/task-1-.*\.stderr\.log$/),
      ]),
    );
  });

  it('the hung agent and the child it left (both ignore SIGTERM) were killed as a process group', () => {
    // The child's argv carries the marker and its workspace path, which lies under this temp project.
    expect(processesWith('obra-fault-hang', project.dir)).toEqual([]);
    const hang = report.scenarios.find((s) => s.name === 'fault-agent-hang')!.attempts[0]!;
    expect(hang.checks.find((c) => c.id === 'checks[0]')).toMatchObject({
      status: 'failed',
      actual: expect.stringContaining('cancelled'),
    });
  });

  it('the busy database ended in a typed error within its bound, never a hang', () => {
    const busy = report.scenarios.find((s) => s.name === 'fault-sqlite-busy')!.attempts[0] as Attempt;
    expect(busy.reason).toMatch(/^could not judge: the store .* is locked by another connection/);
    expect(busy.findings.map((f) => f.kind)).not.toContain('harness_or_core_exception');
    expect(busy.findings.map((f) => f.kind)).not.toContain('swallowed_exception');
  });
});

describe('the default run leaves scenarios/faults out', () => {
  it('a folder is not searched recursively: scenarios/ runs only its own files', async () => {
    const p = makeTempProject({
      'scenarios/hello.yaml': `version: 1
name: hello
agent: { kind: oracle }
solution: { files: { "hello.txt": "hello world\\n" } }
tasks: [{ id: hello, title: Create hello.txt, description: Write hello world into hello.txt }]
checks: [{ file: hello.txt, contains: ["hello world"] }]
`,
      // Would fail to load (exit 2) if the default run read it.
      'scenarios/faults/broken.yaml': 'version: 1\nname: [not, a, name\n',
    });
    try {
      const result = await runCli(['scenarios/', '--reporter', 'json'], { cwd: p.dir });
      expect(result.stderr).toBe('');
      expect(result.exitCode).toBe(0);
      expect(latestReport(p.dir).scenarios.map((s) => s.name)).toEqual(['hello']);
    } finally {
      p.cleanup();
    }
  });
});

describe('no file descriptor left (EMFILE): the machine, never the orchestrator or a bug', () => {
  it('for every limit from 20 to 40 open files, the run passes or exits 3 naming EMFILE and the fix', async () => {
    const p = makeTempProject({
      'scenarios/many.yaml': `version: 1
name: many
agent: { kind: oracle }
solution: { files: { "out_{{i}}.txt": "done\\n" } }
tasks:
  - { generate: 20, id: "t-{{i}}", title: "Task {{i}}", description: "Write out_{{i}}.txt" }
checks: [{ task: "*", status: completed }]
`,
    });
    try {
      const seen: string[] = [];
      for (let limit = 20; limit <= 40; limit += 2) {
        const script = `ulimit -n ${limit} && exec "${process.execPath}" "${cliPath}" scenarios/ --reporter line`;
        const run = await runCommand(['sh', '-c', script], { cwd: p.dir });
        const output = run.stdout + run.stderr;
        seen.push(`${limit}:${run.exitCode}`);
        expect(output, `ulimit -n ${limit}`).not.toContain('internal error');
        expect(output, `ulimit -n ${limit}`).not.toMatch(/^\s+at /m);
        expect([0, 3], `ulimit -n ${limit}: ${output}`).toContain(run.exitCode);
        if (run.exitCode === 3) {
          expect(output).toMatch(/EMFILE|too many open files|unable to open database file/);
          expect(output).toContain('ulimit -n');
        }
      }
      // Both ends were reached: the lowest limits stop the run, the highest let it pass.
      expect(seen[0]).toBe('20:3');
      expect(seen.at(-1)).toBe('40:0');
    } finally {
      p.cleanup();
    }
  }, 120_000);
});

const mountable = canMountTmpfs();
const mountReason = 'needs root with CAP_SYS_ADMIN and `unshare` to give the run a private tmpfs';
if (!mountable) console.warn(`skipping the read-only and full run directory tests: ${mountReason}`);

describe.skipIf(!mountable)(`an unwritable run directory: clear error, exit 3 (${mountReason})`, () => {
  const scenario = (tasks: number) => `version: 1
name: many
agent: { kind: oracle }
solution: { files: { "out_{{i}}.txt": "task {{i}} done, with some padding to make the event log grow\\n" } }
tasks:
  - { generate: ${tasks}, id: "t-{{i}}", title: "Task {{i}}", description: "Write out_{{i}}.txt" }
checks: [{ task: "*", status: completed }]
`;
  const noStack = (stderr: string) => {
    expect(stderr).not.toContain('internal error');
    expect(stderr).not.toMatch(/^\s+at /m);
  };

  it('--reports-dir on a read-only file system', async () => {
    const p = makeTempProject({ 'scenarios/many.yaml': scenario(2), 'ro/.keep': '' });
    try {
      const ro = `${p.dir}/ro`;
      const run = await runCommand(
        withTmpfs(ro, 'ro,size=64k', [process.execPath, cliPath, 'scenarios/', '--reports-dir', ro]),
        { cwd: p.dir },
      );
      expect(run.exitCode).toBe(3);
      expect(run.stderr).toContain(
        `obra-validate: could not judge: cannot write the run directory under ${ro}: EROFS: read-only file system`,
      );
      noStack(run.stderr);
    } finally {
      p.cleanup();
    }
  });

  it('--resume of a run directory that became read-only', async () => {
    const p = makeTempProject({ 'scenarios/many.yaml': scenario(2), 'runs/.keep': '' });
    try {
      const runs = `${p.dir}/runs`;
      const cli = `"${process.execPath}" "${cliPath}"`;
      // One private tmpfs: a run on it, then the same mount made read-only, then the resume.
      const script = `${cli} scenarios/ --reports-dir "$1" --reporter json >/dev/null || exit 99
mount -o remount,ro "$1" && exec ${cli} --resume "$1/latest"`;
      const run = await runCommand(withTmpfs(runs, 'size=8m', ['sh', '-c', script, 'sh', runs]), {
        cwd: p.dir,
      });
      expect(run.exitCode).toBe(3);
      expect(run.stderr).toMatch(
        /could not judge: cannot write the event log .*events\.jsonl: EROFS: read-only file system/,
      );
      noStack(run.stderr);
    } finally {
      p.cleanup();
    }
  });

  it('a full disk: a second run leaves no run directory; --resume on a roomy disk judges the attempt the fault stopped', async () => {
    const p = makeTempProject({ 'scenarios/many.yaml': scenario(60), 'full/.keep': '', 'roomy/.keep': '' });
    try {
      const full = `${p.dir}/full`;
      const roomy = `${p.dir}/roomy`;
      const cli = `"${process.execPath}" "${cliPath}"`;
      // Two runs on one full tmpfs, then everything on it copied to a roomy folder (as a user would move it).
      const script = `${cli} scenarios/ --reports-dir "$1" --reporter json; echo "first=$?"
${cli} scenarios/ --reports-dir "$1" --reporter json; echo "second=$?"
cp -a "$1"/. "$2"/`;
      const run = await runCommand(withTmpfs(full, 'size=160k', ['sh', '-c', script, 'sh', full, roomy]), {
        cwd: p.dir,
      });
      expect(run.stdout).toContain('first=3');
      expect(run.stdout).toContain('second=3');
      noStack(run.stderr);
      expect(run.stderr).toMatch(/ENOSPC|SQLITE_FULL/);
      expect(run.stderr).toContain('Fix: free space on that disk');
      // The second run could not even write its manifest: it left nothing; the first left a valid one.
      const runDirs = readdirSync(roomy).filter((n) => /^\d{8}-/.test(n));
      expect(runDirs).toHaveLength(1);
      const manifest = JSON.parse(readFileSync(join(roomy, runDirs[0]!, 'manifest.json'), 'utf8'));
      expect(manifest.runId).toBe(runDirs[0]);
      const resumed = await runCli(['--resume', `roomy/${runDirs[0]}`, '--reporter', 'json'], { cwd: p.dir });
      expect(resumed.stderr).toMatch(/0 attempt\(s\) finished and kept/);
      expect(resumed.exitCode).toBe(0);
      const report = JSON.parse(readFileSync(join(roomy, runDirs[0]!, 'report.json'), 'utf8'));
      expect(report.scenarios[0].attempts.map((a: { verdict: string }) => a.verdict)).toEqual(['passed']);
    } finally {
      p.cleanup();
    }
  });

  // The disk fills at a different moment for each size (opening the attempt's database, appending to
  // the event log, writing the report files; which one depends on how SQLite's WAL grows), so only the
  // outcome is asserted: exit 3 and a message naming the full disk, never a stack.
  it.each(['48k', '160k', '1m'])('--reports-dir on a full disk (tmpfs of %s)', async (size) => {
    const p = makeTempProject({ 'scenarios/many.yaml': scenario(60), 'full/.keep': '' });
    try {
      const full = `${p.dir}/full`;
      const run = await runCommand(
        withTmpfs(full, `size=${size}`, [process.execPath, cliPath, 'scenarios/', '--reports-dir', full]),
        { cwd: p.dir },
      );
      expect(run.exitCode).toBe(3);
      expect(run.stdout + run.stderr).toMatch(
        /no space left on device|database or disk is full|disk I\/O error/,
      );
      noStack(run.stderr);
    } finally {
      p.cleanup();
    }
  });
});
