import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { render } from 'ink-testing-library';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../shared/index.js';
import { press, settled } from '../test-helpers/keys.js';
import { repoRoot, sampleRunDir } from '../test-helpers/runs.js';
import { loadRun } from './load-run.js';
import { screenContent } from './screens.js';
import { ViewerApp } from './ViewerApp.js';

const root = mkdtempSync(join(tmpdir(), 'obra-view-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A copy of the recorded run with `edit` applied. */
function copyOfSample(name: string, edit: (dir: string) => void = () => {}): string {
  const dir = join(root, name);
  cpSync(sampleRunDir, dir, { recursive: true });
  edit(dir);
  return dir;
}

describe('loadRun: what a run directory gives the viewer', () => {
  it('reads report.json, the per-iteration detail of events.jsonl and the replies in obra.sqlite', async () => {
    const run = await loadRun('fixtures/runs/sample', repoRoot);
    expect(run.reportSource).toBe('report.json');
    expect(run.report.runId).toBe('20261125-103953-b786');
    // The report is there at once; the event log is read when asked (the viewer asks after its first screen).
    expect(run.detailsStatus()).toEqual({ state: 'loading' });
    const attempt = screenContent(run, { kind: 'attempt', attemptId: 'stress#1' }, 80);
    expect(attempt.kind === 'list' && attempt.rows[0]!.text).toBe('reading the tasks from events.jsonl…');
    await run.loadDetails();
    expect(run.detailsStatus()).toEqual({ state: 'ready' });
    const stress = run.details.get('stress#1')!;
    expect(stress.tasks.map((t) => [t.title, t.status, t.iterations.length])).toEqual([
      ['Stress Task 1', 'completed', 1],
      ['Stress Task 2', 'completed', 1],
      ['Stress Task 3', 'completed', 1],
      ['Stress Task 4', 'completed', 1],
    ]);
    const calc = run.details.get('calculator#1')!.tasks[0]!;
    expect(
      calc.iterations.map((i) => [i.decision?.action, i.calls.length, i.calls[0]?.sessionId.length]),
    ).toEqual([
      ['clarify', 1, 36],
      ['proceed', 1, 36],
    ]);
    expect(calc.iterations[1]!.prompt).toContain('Feedback from earlier iterations:');
    const replies = run.replies('calculator#1');
    expect('replies' in replies && [...replies.replies.keys()]).toEqual([1, 2]);
    expect(run.evidence('attempts/calculator-1/checks/checks-2.log')).toMatchObject({ truncated: false });
    expect(run.evidence('../../etc/passwd')).toEqual({ missing: 'outside the run directory' });
  });

  it('rebuilds the report from events.jsonl when report.json is missing, and says when replies are absent', async () => {
    const dir = join(root, 'failing');
    cpSync(join(repoRoot, 'fixtures', 'event-logs', 'failing'), dir, { recursive: true });
    const run = await loadRun(dir, root);
    expect(run.reportSource).toBe('events.jsonl');
    expect(run.report.readiness.status).toBe('NOT_READY');
    expect(run.replies('calculator#1')).toEqual({
      missing: 'attempts/calculator-1/obra.sqlite is not in the run directory',
    });
    // A finding of a known class shows its fix hint.
    const index = run.report.findings.findIndex((f) => f.kind === 'session_not_found');
    const detail = screenContent(run, { kind: 'finding', index }, 80);
    const text = detail.kind === 'detail' ? detail.lines.map((l) => l.text).join('\n') : '';
    expect(text).toMatch(/^Severity {4}blocker$/m);
    expect(text).toMatch(/\nFix\n {2}\S/);
  });

  it('shows what it can when the attempt databases were not kept', async () => {
    const dir = copyOfSample('no-sqlite', (d) => rmSync(join(d, 'attempts'), { recursive: true }));
    const run = await loadRun(dir, root);
    const ui = render(<ViewerApp run={run} />);
    await settled(ui);
    expect(await press(ui, '\r', '\r', '\r', '\r', 'G')).toContain(
      'Reply\n  not available: attempts/calculator-strict-1/obra.sqlite is not in the run directory',
    );
    ui.unmount();
  });

  it.each<[string, (dir: string) => string, RegExp]>([
    [
      'a missing directory (with a hint when a sibling is close)',
      () => {
        mkdirSync(join(root, 'sample'), { recursive: true });
        return join(root, 'sampel');
      },
      /^no such run directory: ".*sampel" \(.*\)\. Did you mean "sample"\? Run scenarios first \(`npx obra-validate scenarios\/` writes reports\/latest\)/,
    ],
    [
      'a directory that is not a run directory',
      () => {
        mkdirSync(join(root, 'empty'), { recursive: true });
        return join(root, 'empty');
      },
      /holds neither report\.json nor events\.jsonl, so it is not a run directory written by obra-validate/,
    ],
    [
      'a file',
      () => {
        writeFileSync(join(root, 'file.txt'), 'x');
        return join(root, 'file.txt');
      },
      /is a file; give a run directory, e\.g\. reports\/latest/,
    ],
    [
      'report.json of a newer obra-validate',
      () =>
        copyOfSample('newer-report', (d) => {
          const report = JSON.parse(readFileSync(join(d, 'report.json'), 'utf8'));
          writeFileSync(join(d, 'report.json'), JSON.stringify({ ...report, schemaVersion: 2 }));
        }),
      /report\.json was written by a newer obra-validate \(report schema version 2; this one reads up to 1\)\. Upgrade obra-validate to view it\./,
    ],
    [
      'an event log of a newer obra-validate',
      () =>
        copyOfSample('newer-log', (d) => {
          writeFileSync(
            join(d, 'events.jsonl'),
            `${JSON.stringify({ v: 2, seq: 1, time: 0, type: 'run_begin' })}\n`,
          );
        }),
      /events\.jsonl:1 was written by a newer obra-validate \(event log version 2; this one reads up to 1\)/,
    ],
    [
      'a report.json that is not JSON',
      () => copyOfSample('broken', (d) => writeFileSync(join(d, 'report.json'), '{')),
      /report\.json is not valid JSON .*Rebuild it from the event log: npx obra-validate report /,
    ],
  ])('refuses %s with a UserError (exit 2)', async (_what, make, message) => {
    const dir = make(root);
    const error = await loadRun(dir, root).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toMatch(message);
  });
});
