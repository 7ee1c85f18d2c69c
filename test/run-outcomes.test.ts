import { chmodSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { latestReport } from './helpers/project.js';
import { cliPath, makeTempProject, runCli } from './helpers/run-cli.js';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function project(files: Record<string, string>) {
  const p = makeTempProject(files);
  cleanups.push(p.cleanup);
  return p;
}

/** A scenario solved by the oracle (no model, no network): fast and deterministic. */
const oracleScenario = (checks: string) => `version: 1
name: hello
agent: { kind: oracle }
solution:
  files: { "hello.txt": "hello world\\n" }
tasks:
  - id: hello
    title: Create hello.txt
    description: Write hello world into hello.txt
checks:
${checks}
`;

/** The oracle scenario under another name, needing `needs` (comma-separated), its file check wanting `contains`. */
const named = (name: string, needs = '', contains = 'hello world') =>
  oracleScenario(`  - { file: hello.txt, contains: ["${contains}"] }`).replace(
    'name: hello',
    `name: ${name}${needs ? `\nneeds: [${needs}]` : ''}`,
  );

describe('run outcomes and exit codes (spawned CLI)', () => {
  it('a scenario whose checks hold exits 0', async () => {
    const p = project({
      'scenarios/hello.yaml': oracleScenario('  - { file: hello.txt, contains: ["hello world"] }'),
    });
    const result = await runCli(['scenarios/'], { cwd: p.dir });
    expect(result.exitCode).toBe(0);
    expect(latestReport(p.dir).scenarios[0]!.verdict).toBe('passed');
  });

  it("a failing check exits 1 and report.json holds that check's expected and actual", async () => {
    const p = project({
      'scenarios/hello.yaml': oracleScenario('  - { file: hello.txt, contains: ["goodbye"] }'),
    });
    const result = await runCli(['scenarios/'], { cwd: p.dir });
    expect(result.exitCode).toBe(1);
    const report = latestReport(p.dir);
    const check = report.scenarios[0]!.attempts[0]!.checks.find((c) => c.id === 'checks[0]')!;
    expect(check.status).toBe('failed');
    expect(check.expected).toContain('goodbye');
    expect(check.actual).toBeTruthy();
    expect(report.readiness.status).toBe('NOT_READY');
  });

  it('evidence checks declared under orchestrator complete a task that changed no file (run without secrets)', async () => {
    const scenario = (check: string) => `version: 1
name: verify
agent: { kind: command, argv: ["sh", "-c", "echo I checked the existing code and it works"] }
orchestrator:
  max_iterations: 2
  evidence_checks:
    - { name: existing code works, argv: ["sh", "-c", ${check}] }
tasks:
  - id: verify
    title: Verify the existing code
    description: Check that nothing needs changing
checks:
  - { task: verify, status: completed, max_iterations: 1 }
`;
    // The check passes only when the harness's secrets are kept from it.
    const p = project({
      'scenarios/verify.yaml': scenario('"if env | grep -q OBRA_CANARY; then exit 1; fi"'),
    });
    const passed = await runCli(['scenarios/'], {
      cwd: p.dir,
      env: { OBRA_CANARY_API_KEY: 'sk-canary-1234567890' },
    });
    expect(passed.exitCode, passed.stderr).toBe(0);
    expect(latestReport(p.dir).scenarios[0]!.verdict).toBe('passed');

    const q = project({ 'scenarios/verify.yaml': scenario('"exit 3"') });
    const failed = await runCli(['scenarios/'], { cwd: q.dir });
    expect(failed.exitCode).toBe(1);
    const task = latestReport(q.dir).scenarios[0]!.attempts[0]!.checks.find((c) => c.id === 'checks[0]')!;
    expect(task.status).toBe('failed');
  });

  it('--shard: a scenario whose `needs` runs in another shard is not blocked, and the merged report equals a full run', async () => {
    const p = project({
      'scenarios/a-first.yaml': named('first', ''),
      'scenarios/b-second.yaml': named('second', 'first'),
    });
    const verdicts = (file: string) =>
      (JSON.parse(readFileSync(join(p.dir, file), 'utf8')) as ReturnType<typeof latestReport>).scenarios.map(
        (s) => `${s.name} ${s.verdict}`,
      );
    const full = await runCli(['scenarios/', '--reports-dir', 'full'], { cwd: p.dir });
    expect(full.exitCode, full.stderr).toBe(0);
    for (const shard of ['1/2', '2/2']) {
      const run = await runCli(['scenarios/', '--shard', shard, '--reports-dir', `shard-${shard[0]}`], {
        cwd: p.dir,
      });
      expect(run.exitCode, run.stderr).toBe(0);
    }
    expect(verdicts('shard-2/latest/report.json')).toContain('second passed');
    const merged = await runCli(['report', 'shard-1/latest', 'shard-2/latest', '--out', 'merged'], {
      cwd: p.dir,
    });
    expect(merged.exitCode, merged.stderr).toBe(0);
    expect(verdicts('merged/report.json')).toEqual(verdicts('full/latest/report.json'));
    expect(verdicts('full/latest/report.json')).toEqual(['first passed', 'second passed']);
  });

  it('--concurrency runs attempts at once too, each after the scenarios it needs', async () => {
    const p = project({
      'scenarios/a.yaml': named('first', ''),
      'scenarios/b.yaml': named('other', ''),
      'scenarios/c.yaml': named('after', 'first'),
    });
    const result = await runCli(['scenarios/', '--concurrency', '2'], { cwd: p.dir });
    expect(result.exitCode, result.stderr).toBe(0);
    const order = readFileSync(join(p.dir, 'reports', 'latest', 'events.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { type: string; attemptId?: string })
      .filter((e) => e.type === 'attempt_begin' || e.type === 'attempt_end')
      .map((e) => `${e.type === 'attempt_begin' ? 'begin' : 'end'} ${e.attemptId}`);
    // first and other run side by side; after starts only once first has ended.
    expect(order.indexOf('begin other#1')).toBeLessThan(order.indexOf('end first#1'));
    expect(order.indexOf('begin after#1')).toBeGreaterThan(order.indexOf('end first#1'));
    expect(latestReport(p.dir).scenarios.map((s) => `${s.name} ${s.verdict}`)).toEqual([
      'first passed',
      'other passed',
      'after passed',
    ]);
  });

  it('workers: in the config runs attempts at once; --workers overrides it', async () => {
    const p = project({
      'scenarios/a.yaml': named('first', ''),
      'scenarios/b.yaml': named('other', ''),
      'obra-validate.config.yaml': 'workers: 2\n',
    });
    const order = (dir: string) =>
      readFileSync(join(p.dir, dir, 'latest', 'events.jsonl'), 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as { type: string; attemptId?: string })
        .filter((e) => e.type === 'attempt_begin' || e.type === 'attempt_end')
        .map((e) => `${e.type === 'attempt_begin' ? 'begin' : 'end'} ${e.attemptId}`);
    const together = await runCli(['scenarios/', '--reports-dir', 'two'], { cwd: p.dir });
    expect(together.exitCode, together.stderr).toBe(0);
    expect(order('two').indexOf('begin other#1')).toBeLessThan(order('two').indexOf('end first#1'));
    const alone = await runCli(['scenarios/', '--workers', '1', '--reports-dir', 'one'], { cwd: p.dir });
    expect(alone.exitCode, alone.stderr).toBe(0);
    expect(order('one')).toEqual(['begin first#1', 'end first#1', 'begin other#1', 'end other#1']);
  });

  it('--concurrency: an attempt that ends does not kill the agents of one still running', async () => {
    // A command agent that takes a while, and one that is done at once; both write the file they need.
    const commandScenario = (name: string, seconds: number) => `version: 1
name: ${name}
agent:
  kind: command
  argv: ["sh", "-c", "sleep ${seconds}; echo done > out.txt; echo done"]
tasks:
  - { id: t, title: Write out.txt }
checks:
  - { file: out.txt, contains: ["done"] }
`;
    const p = project({
      'scenarios/fast.yaml': commandScenario('fast', 0),
      'scenarios/slow.yaml': commandScenario('slow', 2),
    });
    const result = await runCli(['scenarios/', '--concurrency', '2'], { cwd: p.dir });
    expect(result.exitCode, result.stderr).toBe(0);
    const report = latestReport(p.dir);
    expect(report.scenarios.map((s) => `${s.name} ${s.verdict}`).sort()).toEqual([
      'fast passed',
      'slow passed',
    ]);
  });

  it('a failed scenario blocks the ones that need it; --bail skips what had not started', async () => {
    const p = project({
      'scenarios/a.yaml': named('first', '', 'goodbye'),
      'scenarios/b.yaml': named('second', 'first', 'hello'),
      'scenarios/c.yaml': named('third', '', 'hello'),
    });
    const outcome = () =>
      latestReport(p.dir).scenarios.map((s) => `${s.name} ${s.verdict}: ${s.attempts[0]?.reason ?? ''}`);
    const run = await runCli(['scenarios/'], { cwd: p.dir });
    expect(run.exitCode).toBe(1);
    expect(outcome()).toEqual([
      'first failed: 1 check failed: file hello.txt exists, contains "goodbye"',
      'second blocked: needs scenario "first", which did not pass',
      'third passed: ',
    ]);
    const bail = await runCli(['scenarios/', '--bail'], { cwd: p.dir });
    expect(bail.exitCode).toBe(1);
    expect(outcome().slice(1)).toEqual([
      'second blocked: needs scenario "first", which did not pass',
      'third skipped: the run was interrupted before this attempt started',
    ]);
  });

  it('a broken scenario file exits 2 with file:line:col, and nothing runs', async () => {
    const p = project({
      'scenarios/broken.yaml': oracleScenario('  - { command: "true", exit: zero }').replace(
        'name: hello',
        'name: hello\nagnet: {}',
      ),
    });
    const result = await runCli(['scenarios/'], { cwd: p.dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toMatch(/scenarios\/broken\.yaml:\d+:\d+ .*exit/);
    expect(result.stderr).toMatch(
      /scenarios\/broken\.yaml:3:1 agnet is not a known key\. Did you mean "agent"\?/,
    );
    expect(existsSync(join(p.dir, 'reports'))).toBe(false);
  });

  it('a bad flag value names the value and the fix, exit 2', async () => {
    const p = project({ 'scenarios/hello.yaml': oracleScenario('  - { file: hello.txt }') });
    const result = await runCli(['scenarios/', '--concurrency', 'lots'], { cwd: p.dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('--concurrency must be a whole number from 1 to 64, in decimal digits');
    expect(result.stderr).toContain('got "lots"');
  });

  it('a missing required binary blocks the scenario: could not judge, exit 3', async () => {
    const p = project({
      'scenarios/hello.yaml': oracleScenario('  - { file: hello.txt }').replace(
        'name: hello',
        'name: hello\nrequires: [definitely-not-installed-tool]',
      ),
    });
    const result = await runCli(['scenarios/'], { cwd: p.dir });
    expect(result.exitCode).toBe(3);
    const report = latestReport(p.dir);
    expect(report.scenarios[0]!.verdict).toBe('blocked');
    expect(report.scenarios[0]!.attempts[0]!.reason).toContain('definitely-not-installed-tool');
  });

  it('an agent CLI that cannot run fails preflight with one message, exit 3', async () => {
    const p = project({
      'scenarios/hello.yaml': oracleScenario('  - { file: hello.txt }').replace(
        'agent: { kind: oracle }',
        'agent: { kind: claude-code, cassette: c.yaml }',
      ),
      'c.yaml': 'version: 1\nname: c\nconversations: [{ name: x, turns: [{ reply: { text: hi } }] }]\n',
    });
    const result = await runCli(['scenarios/'], {
      cwd: p.dir,
      env: { OBRA_VALIDATE_CLAUDE_BINARY: '/nonexistent/claude' },
    });
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain('preflight: the Claude Code CLI is not installed');
  });

  it('OBRA_VALIDATE_CLAUDE_BINARY is the binary preflight probes and the agent runs', async () => {
    // A stand-in Claude Code CLI: answers --version, writes a marker file, prints a JSON result
    // echoing the session id it was given.
    const standIn = `#!/bin/sh
if [ "$1" = "--version" ]; then echo "9.9.9 (stand-in)"; exit 0; fi
while [ $# -gt 0 ]; do case "$1" in --session-id) sid="$2"; shift;; esac; shift; done
echo "hello world" > hello.txt
printf '{"type":"result","subtype":"success","is_error":false,"result":"Created hello.txt.","session_id":"%s","num_turns":1,"usage":{"input_tokens":5,"output_tokens":2}}\n' "$sid"
`;
    const p = project({
      'scenarios/hello.yaml': oracleScenario('  - { file: hello.txt, contains: ["hello world"] }').replace(
        'agent: { kind: oracle }',
        'agent: { kind: claude-code, cassette: c.yaml }',
      ),
      'c.yaml': 'version: 1\nname: c\nconversations: [{ name: x, turns: [{ reply: { text: hi } }] }]\n',
      'bin/claude': standIn,
    });
    chmodSync(join(p.dir, 'bin/claude'), 0o755);
    const result = await runCli(['scenarios/', '--reporter', 'json'], {
      cwd: p.dir,
      env: { OBRA_VALIDATE_CLAUDE_BINARY: join(p.dir, 'bin/claude') },
    });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const manifest = JSON.parse(readFileSync(join(p.dir, 'reports', 'latest', 'manifest.json'), 'utf8'));
    expect(JSON.stringify(manifest)).toContain('9.9.9 (stand-in)');
    const workspace = join(p.dir, 'reports', 'latest', 'attempts', 'hello-1', 'workspace', 'hello.txt');
    expect(readFileSync(workspace, 'utf8')).toBe('hello world\n');
  });

  it('SIGINT mid-run exits 130 with a valid partial report and no process left behind', async () => {
    const marker = `obra-sigint-${process.pid}-${Date.now()}`;
    const p = project({
      'scenarios/slow.yaml': `version: 1
name: slow
agent: { kind: command, argv: ["sh", "-c", "sleep 60; echo ${marker}"] }
tasks:
  - { generate: 3, title: "Slow {{i}}", description: wait }
checks:
  - { task: "*", status: completed }
`,
    });
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [cliPath, 'scenarios/'], {
      cwd: p.dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, CI: 'true' },
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d));
    child.stderr.on('data', (d: Buffer) => (output += d));
    // Wait until the agent is running (its process shows up), then interrupt.
    const started = Date.now();
    while (!runningWith(marker) && Date.now() - started < 20_000)
      await new Promise((r) => setTimeout(r, 100));
    expect(runningWith(marker)).toBe(true);
    child.kill('SIGINT');
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(130);
    expect(output).toContain('stopping gracefully');
    const report = latestReport(p.dir);
    expect(report.interrupted).toBe(true);
    expect(report.readiness.status).toBe('UNKNOWN');
    const events = readFileSync(join(p.dir, 'reports', 'latest', 'events.jsonl'), 'utf8')
      .trim()
      .split('\n');
    expect(JSON.parse(events.at(-1)!)).toMatchObject({ type: 'run_end', interrupted: true });
    expect(runningWith(marker)).toBe(false);
  }, 60_000);
});

/** Is any process running whose command line contains `marker`? (reads /proc, no ps needed) */
function runningWith(marker: string): boolean {
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (cmd.includes(marker) && !cmd.includes('vitest') && stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z')
        return true;
    } catch {
      // the process ended while we looked
    }
  }
  return false;
}
