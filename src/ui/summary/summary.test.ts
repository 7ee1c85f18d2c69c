import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAllEvents } from '../../events/index.js';
import { buildReport, type RunReport, withGate } from '../../report/index.js';
import { repoRoot, sampleRunDir } from '../test-helpers/runs.js';
import { readinessSummary } from './readiness-summary.js';
import { summaryText } from './summary-text.js';

const logReport = async (name: string) =>
  buildReport(await readAllEvents(join(repoRoot, 'fixtures', 'event-logs', name, 'events.jsonl')));
const sampleReport = () => JSON.parse(readFileSync(join(sampleRunDir, 'report.json'), 'utf8')) as RunReport;
const runDir = '/p/reports/r1';

describe('readiness summary (text reporters)', () => {
  it.each<[string, () => Promise<RunReport> | RunReport, (string | RegExp)[]]>([
    [
      'passing',
      () => logReport('passing'),
      [
        '✓ Readiness: READY: every scenario passed and nothing needs attention\n',
        /^Scenarios: 3 passed \(4 attempts\) in /m,
        /^ {2}scenario +verdict +pass@1 +tasks +p50 +p95 +time +tokens$/m,
        /^ {2}calculator +✓ passed +100% +2\/2 /m,
      ],
    ],
    [
      'failing',
      () => logReport('failing'),
      [
        '✗ Readiness: NOT_READY: blockers must be fixed before production\n',
        'Scenarios: 1 failed, 1 flaky, 1 error, 1 blocked (5 attempts)',
        /^Blockers \(\d+\):\n {2}✗ scenario stress failed: the orchestrator threw an unclassified exception$/m,
        /^Risks \(\d+\):\n {2}⚠ scenario calculator is flaky/m,
        /^ {2}docs +- blocked +n\/a +0\/0 +– +– +0ms +0$/m,
      ],
    ],
    [
      'interrupted',
      () => logReport('interrupted'),
      ['? Readiness: UNKNOWN (interrupted: partial report): the run was interrupted: the report is partial'],
    ],
    [
      'sample (recorded, with a baseline)',
      sampleReport,
      [
        'Against baseline 20261125-103431-9865: 1 regression\n  scenario ',
        // Regressions first.
        /Δ\n {2}calculator +totalTokens +8000 +8630 +\+630 \(\+8%\) +✗ regression\n/,
        /^ {2}calculator-strict +scenario +– +failed +new$/m,
        /^ {2}stress +p50TaskMs +3\.3s +1\.9s +-1\.4s \(-42%\)$/m,
      ],
    ],
  ])('%s run', async (_name, report, expected) => {
    const text = summaryText(readinessSummary(await report(), { runDir }));
    for (const e of expected) {
      if (typeof e === 'string') expect(text).toContain(e);
      else expect(text).toMatch(e);
    }
    expect(text.endsWith(`\nReports in ${runDir}/: report.json, events.jsonl\n`)).toBe(true);
  });

  it('a gate that failed comes first in the banner, a READY run included', async () => {
    const report = withGate(await logReport('passing'), {
      exitCode: 1,
      reasons: ['required scenario hello not in this run (the paths given did not load it)'],
      deferred: [],
    });
    const text = summaryText(readinessSummary(report, { runDir }));
    expect(text.split('\n')[0]).toBe(
      '✗ Readiness: READY · GATE FAILED (exit 1): required scenario hello not in this run (the paths given did not load it)',
    );
  });

  it('a shard names what its gate left to the merge', async () => {
    const deferred = 'required scenario hello has no attempt in shard 1/2: judged when the shards are merged';
    const report = withGate(await logReport('passing'), { exitCode: 0, reasons: [], deferred: [deferred] });
    const text = summaryText(readinessSummary(report, { runDir }));
    expect(text.split('\n')[0]).toBe('✓ Readiness: READY: every scenario passed and nothing needs attention');
    expect(text).toContain(`Gate: ${deferred}\n`);
  });

  it('says where every file went, relative to the working directory', () => {
    const s = readinessSummary(sampleReport(), {
      runDir,
      cwd: '/p',
      files: [`${runDir}/report.json`, '/p/ci/junit.xml', '/elsewhere/report.md', `${runDir}/events.jsonl`],
    });
    expect(s.files).toEqual({
      dir: 'reports/r1',
      names: ['report.json', 'ci/junit.xml', '/elsewhere/report.md', 'events.jsonl'],
    });
  });

  it('stays bounded: long lists are cut and the rest counted', async () => {
    const report = await logReport('failing');
    const many = {
      ...report,
      readiness: {
        ...report.readiness,
        blockers: Array.from({ length: 40 }, (_, i) => `blocker ${i}`),
        risks: Array.from({ length: 40 }, (_, i) => `risk ${i}`),
      },
      scenarios: Array.from({ length: 30 }, (_, i) => ({ ...report.scenarios[0]!, name: `s${i}` })),
    };
    const text = summaryText(readinessSummary(many, { runDir, limits: { blockers: 3, risks: 2 } }));
    expect(text).toContain(
      'Blockers (40):\n  ✗ blocker 0\n  ✗ blocker 1\n  ✗ blocker 2\n  … and 37 more (report.md)',
    );
    expect(text).toContain('Risks (40):\n  ⚠ risk 0\n  ⚠ risk 1\n  … and 38 more (report.md)');
    expect(text).toContain('  … and 10 more scenarios (report.md)');
    expect(text.split('\n').length).toBeLessThan(45);
  });
});
