import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyOfShippedProject, latestReport, verdicts } from './helpers/project.js';
import { repoRoot, runCli } from './helpers/run-cli.js';

// The shipped scenarios through the built CLI: the real orchestrator core, the real Claude Code CLI
// replaying the cassettes on the embedded model server, real SQLite files and real python3.
const SHIPPED = [
  'agent-missing',
  'agents',
  'agents-text',
  'calculator',
  'csv-regression',
  'decisions',
  'evidence',
  'project',
  'stopped',
  'store-failure',
  'stress',
  'tuned',
  'turns-and-errors',
];
const every = (verdict: string) => Object.fromEntries(SHIPPED.map((name) => [name, verdict]));

describe('npx obra-validate scenarios/ (spawned, shipped scenarios)', () => {
  const project = copyOfShippedProject();
  afterAll(() => project.cleanup());

  it('passes every shipped scenario on replay against the committed baseline and gate (the README CI command)', async () => {
    mkdirSync(join(project.dir, 'reports', 'baselines'), { recursive: true });
    for (const file of ['obra-validate.config.yaml', 'reports/baselines/main.json']) {
      cpSync(join(repoRoot, file), join(project.dir, file));
    }
    const result = await runCli(['scenarios/', '--baseline', 'reports/baselines/main.json'], {
      cwd: project.dir,
      timeoutMs: 300_000,
    });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    const report = latestReport(project.dir);
    expect(verdicts(report)).toEqual(every('passed'));
    expect(report.readiness.status).toBe('READY');
    const calculator = report.scenarios.find((s) => s.name === 'calculator')!;
    expect(calculator.attempts[0]!.metrics.iterations).toBe(2);
    const stress = report.scenarios.find((s) => s.name === 'stress')!;
    expect(stress.attempts[0]!.metrics).toMatchObject({
      tasks: 10,
      tasksCompleted: 10,
      agentCalls: 10,
      errors: 0,
    });
    // CI=true (as in runCli): the dot reporter, one mark per attempt, then the summary.
    expect(result.stdout.split('\n')[0]).toBe('.'.repeat(SHIPPED.length));
    expect(result.stdout).toContain('Readiness: READY');
    expect(report.baseline).toMatchObject({ regressions: [] });
    for (const file of ['report.json', 'junit.xml', 'report.md', 'events.jsonl', 'manifest.json']) {
      expect(existsSync(join(project.dir, 'reports', 'latest', file)), file).toBe(true);
    }
  }, 300_000);

  it('--agent oracle passes every shipped scenario (each is passable)', async () => {
    const result = await runCli(['scenarios/', '--agent', 'oracle', '--reporter', 'line,json'], {
      cwd: project.dir,
      timeoutMs: 120_000,
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^✓ \[\d+\/13\] stress#1 passed in [\d.]+s 10\/10 tasks$/m);
    expect(existsSync(join(project.dir, 'reports', 'latest', 'junit.xml'))).toBe(false);
    expect(verdicts(latestReport(project.dir))).toEqual(every('passed'));
  }, 120_000);

  it('--agent null fails every shipped scenario (each checks something real)', async () => {
    const result = await runCli(['scenarios/', '--agent', 'null', '--no-deps'], {
      cwd: project.dir,
      timeoutMs: 120_000,
    });
    expect(result.exitCode).toBe(1);
    const report = latestReport(project.dir);
    expect(verdicts(report)).toEqual(every('failed'));
    expect(report.readiness.status).toBe('NOT_READY');
  }, 120_000);
});
