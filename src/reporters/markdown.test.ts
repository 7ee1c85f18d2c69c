import { describe, expect, it } from 'vitest';
import {
  baselineFromReport,
  compareWithBaseline,
  FIX_HINTS,
  type Finding,
  type RunReport,
  withBaseline,
  withGate,
} from '../report/index.js';
import { markdownReport } from './markdown-report.js';
import { mdCode, mdTable, mdText } from './md.js';
import { type FixtureRun, fixtureReport } from './test-helpers/fixtures.js';

const headings = (md: string) => md.split('\n').filter((l) => l.startsWith('## '));

describe('report.md', () => {
  it.each<[FixtureRun, string, string[]]>([
    ['passing', '# ✅ READY: obra-validate run 20261125-080000-pass', ['✓', '✓', '✓', '✓']],
    ['failing', '# ❌ NOT_READY: obra-validate run 20261125-081500-fail', ['✗', '✓', '✗', '✓']],
    ['interrupted', '# ❔ UNKNOWN: obra-validate run 20261125-083000-int', ['✓', '✓', '✓', '✓']],
    ['sharded-full', '# ⚠️ READY_WITH_RISKS: obra-validate run 20261125-090000-full', ['✓', '✓', '✓', '✓']],
  ])('%s: verdict first, then the sections in order, checklist %j', async (name, banner, checklist) => {
    const md = markdownReport(await fixtureReport(name));
    const lines = md.split('\n');
    expect(lines[0]).toBe(banner);
    expect(lines[2]).toMatch(/^> \*\*Verdict: [A-Z_]+\*\*/);
    expect(headings(md).map((h) => h.replace(/ \(\d+\)$/, ''))).toEqual([
      '## Executive summary',
      '## Scenarios',
      '## Findings',
      '## Validation checklist',
      '## Readiness assessment',
    ]);
    const section = md.slice(md.indexOf('## Validation checklist'), md.indexOf('## Readiness assessment'));
    const marks = section
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| --') && !l.startsWith('|  |'))
      .map((l) => l.split(' | ')[0]!.slice(2));
    expect(marks).toEqual(checklist);
  });

  it('a gate that failed is the first line, above a READY readiness', async () => {
    const report = withGate(await fixtureReport('passing'), {
      exitCode: 1,
      reasons: ['required scenario hello not in this run (the paths given did not load it)', 'pass rate low'],
      deferred: [],
    });
    const lines = markdownReport(report).split('\n');
    expect(lines[0]).toBe('# ❌ READY · GATE FAILED (exit 1): obra-validate run 20261125-080000-pass');
    expect(lines[2]).toBe(
      '> **Verdict: READY · GATE FAILED (exit 1): required scenario hello not in this run (the paths given did not load it) (+1 more)**',
    );
    expect(lines).toContain('> - pass rate low');
  });

  it('lists each finding with severity, kind, location, evidence, what it blocks and a fix hint', async () => {
    const md = markdownReport(await fixtureReport('failing'));
    expect(md).toContain('### 2. blocker · `session_not_found`');
    expect(md).toContain('- **Blocks:** stress');
    expect(md).toContain(`- **Fix:** ${FIX_HINTS.session_not_found}`);
    expect(md).toContain(`- **Fix:** ${FIX_HINTS.session_mismatch}`);
    expect(md).toContain('- **Location:** `scenarios/calculator.yaml:17:5`');
    expect(md).toContain('- **Evidence:** `attempts/calculator-2/checks/2.stdout.txt`');
    expect(md).toContain('- **Seen:** 1× (run-level)');
    expect(md).toContain('| stress | 1 | failed | 0.00 | 4.0s | 7/10 | 30000 |');
    expect(md).toContain(
      '| ✗ | Every task gets its own agent session, even one run on its own | session_not_found (1×) |',
    );
    expect(md).toContain('**Status:** NOT_READY');
    expect(md).toContain('**Path to production:**');
    expect(md).not.toContain('## Against baseline');
  });

  it('shows the deltas against a baseline when the report has one', async () => {
    const baseline = baselineFromReport(await fixtureReport('passing'));
    const current = await fixtureReport('failing');
    const md = markdownReport(withBaseline(current, compareWithBaseline(current, baseline)));
    expect(headings(md)).toContain('## Against baseline `20261125-080000-pass`');
    expect(md).toContain('| calculator | verdict | passed | flaky |  | ✗ regression |');
    expect(md).toContain('| calculator | p95TaskMs | 1000 | 1450 | +450 (+45%) | ✗ regression |');
    expect(md).toContain('| stress | totalTokens | 38500 | 30000 | -8500 (-22%) |  |');
    expect(md).toContain('| docs | scenario | — | new |  |  |');
    expect(md).toContain('- **Baseline:** 6 regressions against `20261125-080000-pass`.');
  });

  it('stays bounded: 50 findings in full, the rest counted', async () => {
    const report = await fixtureReport('passing');
    const findings: Finding[] = Array.from({ length: 120 }, (_, i) => ({
      signature: `k|${i}|`,
      kind: i % 2 ? 'timeout' : 'cassette_miss',
      severity: i < 10 ? 'blocker' : 'minor',
      message: `problem ${i}`,
      count: 1,
      attempts: ['calculator#1'],
      scenarios: ['calculator'],
      evidence: [],
      firstSeq: i,
    }));
    const md = markdownReport({ ...report, findings } satisfies RunReport);
    expect(md.match(/^### \d+\. /gm)).toHaveLength(50);
    expect(md).toContain('… and 70 more findings (70 minor): see report.json.');
    expect(md.length).toBeLessThan(40_000);
  });

  it.each([
    'session_not_found',
    'session_mismatch',
    'session_reuse',
    'orphan_session',
    'missing_interaction',
    'completion_without_evidence',
    'swallowed_exception',
    'decision_loop',
    'turn_cap',
    'feedback_dropped',
    'usage_mismatch',
    'cassette_miss',
    'timeout',
    'infrastructure',
    'process_leak',
    'database_corrupt',
  ])('has a one-line fix hint for %s', (kind) => {
    expect(FIX_HINTS[kind]).toMatch(/^[^\n]{20,200}$/);
  });
});

describe('markdown escaping', () => {
  it.each([
    ['a | b', 'a \\| b'],
    ['line\nnext', 'line next'],
    ['<script>x</script> & co', '&lt;script&gt;x&lt;/script&gt; &amp; co'],
    ['\u001b[31mred\u001b[0m\u0007', 'red'],
  ])('mdText(%j) = %j', (input, output) => {
    expect(mdText(input)).toBe(output);
  });

  it('code spans and tables cannot be broken by their content', () => {
    expect(mdCode('a`b | c\nd')).toBe("`a'b \\| c d`");
    expect(mdTable(['A', 'B'], [['1', mdText('x|y')]])).toBe('| A | B |\n| --- | --- |\n| 1 | x\\|y |');
  });
});
