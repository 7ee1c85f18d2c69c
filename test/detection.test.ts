import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FAULT_ENV, FAULT_NAMES, type Fault } from '../src/core/faults.js';
import { fixHintFor } from '../src/report/fix-hints.js';
import { copyOfShippedProject, latestReport } from './helpers/project.js';
import { repoRoot, runCli } from './helpers/run-cli.js';

// Detection power (DESIGN.md section 9): each bug class of the Python original is put back into the core
// with the test-only fault switch (src/core/faults.ts), the shipped calculator scenario runs through the
// built CLI on replay (the real Claude Code CLI, the real store), and the run must be NOT_READY with the
// finding that names the bug. The calculator scenario is the one shipped scenario every fault touches
// (two iterations with feedback, an LLM scorer, hidden tests); docs/DETECTION.md has the full table.

/** The finding kind each fault must produce (the specific one; others may come along). */
const EXPECTED: Record<Fault, string> = {
  'quality-attribute': 'quality_mismatch',
  'standalone-no-session': 'session_not_found',
  'missing-llm-method': 'harness_or_core_exception',
  'bool-for-dict': 'type_mismatch',
  'session-reuse': 'session_reuse',
  'feedback-dropped': 'feedback_dropped',
  'completion-without-evidence': 'completion_without_evidence',
  'interactions-not-persisted': 'missing_interaction',
  'transaction-broken': 'transaction_left_open',
  'turn-cap-low': 'turn_cap',
};

const runCalculator = (dir: string, env: Record<string, string>) =>
  runCli(['scenarios/', '--grep', '^calculator$', '--no-deps', '--reporter', 'json'], {
    cwd: dir,
    env,
    timeoutMs: 180_000,
  });

describe(`${FAULT_ENV}: every bug class of the original is caught (spawned CLI, calculator on replay)`, () => {
  const project = copyOfShippedProject();
  afterAll(() => project.cleanup());

  it('control: without a fault the calculator scenario passes', async () => {
    const result = await runCalculator(project.dir, { [FAULT_ENV]: '' });
    expect(result.exitCode, result.output).toBe(0);
    const report = latestReport(project.dir);
    expect(report.readiness.status).toBe('READY');
    expect(report.findings).toEqual([]);
  }, 180_000);

  it('the table covers every fault the switch knows', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...FAULT_NAMES].sort());
  });

  it.each(FAULT_NAMES.map((fault) => [fault, EXPECTED[fault]] as const))(
    '%s → NOT_READY with a %s finding',
    async (fault, kind) => {
      const result = await runCalculator(project.dir, { [FAULT_ENV]: fault });
      expect(result.exitCode, result.output).toBe(1);
      const report = latestReport(project.dir);
      expect(report.readiness.status).toBe('NOT_READY');
      expect(report.scenarios.map((s) => s.verdict)).toEqual(['failed']);
      const kinds = report.findings.map((f) => f.kind);
      expect(kinds).toContain(kind);
      expect(fixHintFor(kind), `a fix hint for ${kind}`).toBeTruthy();
      if (fault === 'missing-llm-method') {
        expect(report.findings.find((f) => f.kind === kind)?.message).toMatch(
          /send_prompt is not a function/,
        );
      }
    },
    180_000,
  );

  it('an unknown fault name is refused with the known names (every attempt errors, exit 3)', async () => {
    const result = await runCalculator(project.dir, { [FAULT_ENV]: 'feedback-droped' });
    expect(result.exitCode).toBe(3);
    const report = latestReport(project.dir);
    const message = report.findings.map((f) => f.message).join('\n');
    expect(message).toContain('Did you mean "feedback-dropped"?');
    expect(message).toContain(FAULT_NAMES.join(', '));
  }, 180_000);

  it('docs/DETECTION.md has a row for every fault with its finding kind', () => {
    const doc = readFileSync(join(repoRoot, 'docs', 'DETECTION.md'), 'utf8');
    for (const fault of FAULT_NAMES) {
      const row = doc.split('\n').find((line) => line.startsWith(`| \`${fault}\``));
      expect(row, `a table row for ${fault}`).toBeDefined();
      expect(row).toContain(`\`${EXPECTED[fault]}\``);
    }
  });
});
