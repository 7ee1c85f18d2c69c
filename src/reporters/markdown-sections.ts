import {
  type Finding,
  fixHintFor,
  gateHeadline,
  type Readiness,
  type RunReport,
  type ScenarioReport,
  validationChecklist,
} from '../report/index.js';
import { mdCode, mdTable, mdText, plural, secondsText } from './md.js';

const BANNER: Record<Readiness, { icon: string; sentence: string }> = {
  READY: { icon: '✅', sentence: 'every scenario passed and nothing needs attention' },
  READY_WITH_RISKS: { icon: '⚠️', sentence: 'no blocker, but risks to review before production' },
  NOT_READY: { icon: '❌', sentence: 'blockers must be fixed before production' },
  UNKNOWN: { icon: '❔', sentence: 'the run could not judge the orchestrator' },
};
const MARK = { pass: '✓', fail: '✗', 'n/a': 'n/a' } as const;

/** The verdict first: the readiness banner. */
export function bannerSection(report: RunReport): string {
  const { icon, sentence } = BANNER[report.readiness.status];
  const interrupted = report.interrupted ? ' The run was interrupted: this report is partial.' : '';
  const gate = gateHeadline(report);
  if (gate) {
    return [
      `# ❌ ${report.readiness.status} · ${mdText(gate.split(':')[0]!)}: obra-validate run ${mdText(report.runId)}`,
      '',
      `> **Verdict: ${report.readiness.status} · ${mdText(gate)}**`,
      ...(report.gate!.reasons.length > 1
        ? ['>', ...report.gate!.reasons.map((r) => `> - ${mdText(r)}`)]
        : []),
      '>',
      `> Readiness: ${sentence}.`,
      ...deferredLines(report),
    ].join('\n');
  }
  return [
    `# ${icon} ${report.readiness.status}: obra-validate run ${mdText(report.runId)}`,
    '',
    `> **Verdict: ${report.readiness.status}**: ${sentence}.${interrupted}`,
    ...deferredLines(report),
  ].join('\n');
}

/** What the gate left to the merged report of the shards. */
function deferredLines(report: RunReport): string[] {
  const deferred = report.gate?.deferred ?? [];
  return deferred.length === 0 ? [] : ['>', ...deferred.map((d) => `> Gate, not judged here: ${mdText(d)}`)];
}

export function summarySection(report: RunReport): string {
  const s = report.summary;
  const counts = (['passed', 'failed', 'flaky', 'error', 'blocked', 'skipped'] as const)
    .filter((k) => s[k] > 0)
    .map((k) => `${s[k]} ${k}`)
    .join(', ');
  const attempts = report.scenarios.flatMap((sc) => sc.attempts);
  const judged = attempts.filter((a) => a.verdict === 'passed' || a.verdict === 'failed');
  const passed = judged.filter((a) => a.verdict === 'passed').length;
  const severities = (['blocker', 'major', 'minor'] as const)
    .map((sev) => [sev, report.findings.filter((f) => f.severity === sev).length] as const)
    .filter(([, n]) => n > 0)
    .map(([sev, n]) => `${n} ${sev}`);
  const versions = Object.entries(report.versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const lines = [
    '## Executive summary',
    '',
    `- **Scenarios:** ${plural(s.scenarios, 'scenario')}: ${counts || 'none'}.`,
    `- **Attempts:** ${s.attempts}; ${judged.length > 0 ? `${passed} of ${judged.length} judged attempts passed (pass@1 ${(passed / judged.length).toFixed(2)})` : 'none judged'}.`,
    `- **Findings:** ${report.findings.length === 0 ? 'none' : `${report.findings.length} (${severities.join(', ')})`}.`,
  ];
  if (report.baseline) {
    const n = report.baseline.regressions.length;
    lines.push(
      `- **Baseline:** ${n === 0 ? 'no regressions' : plural(n, 'regression')} against ${mdCode(report.baseline.baselineRunId)}.`,
    );
  }
  for (const blocker of report.readiness.blockers.slice(0, 5))
    lines.push(`- **Blocker:** ${mdText(blocker)}`);
  lines.push(
    `- **Run:** ${mdCode(report.runId)}${report.shard ? ` (shard ${report.shard.index}/${report.shard.total})` : ''}, started ${report.startedAt}, ${secondsText(report.durationMs)}; ${mdText(versions)}.`,
  );
  return lines.join('\n');
}

const sum = (s: ScenarioReport, pick: (a: ScenarioReport['attempts'][number]) => number) =>
  s.attempts.reduce((n, a) => n + pick(a), 0);

/** One row per scenario, then each scenario's attempts (at most `maxAttempts` rows each). */
export function scenariosSection(report: RunReport, maxAttempts = 20): string {
  const rows = report.scenarios.map((s) => [
    mdText(s.name),
    String(s.attempts.length),
    s.verdict,
    s.passAt1 === null ? 'n/a' : s.passAt1.toFixed(2),
    secondsText(sum(s, (a) => a.durationMs)),
    `${sum(s, (a) => a.metrics.tasksCompleted)}/${sum(s, (a) => a.metrics.tasks)}`,
    String(sum(s, (a) => a.metrics.totalTokens)),
  ]);
  const parts = [
    '## Scenarios',
    '',
    mdTable(['Scenario', 'Attempts', 'Verdict', 'pass@1', 'Time', 'Tasks', 'Tokens'], rows),
  ];
  for (const s of report.scenarios) {
    parts.push('', `### ${mdText(s.name)} (${mdCode(s.file)}): ${s.verdict}`, '');
    if (s.attempts.length === 0) {
      parts.push('No attempt ran.');
      continue;
    }
    const attemptRows = s.attempts
      .slice(0, maxAttempts)
      .map((a) => [
        String(a.attempt),
        a.verdict,
        secondsText(a.durationMs),
        `${a.metrics.tasksCompleted}/${a.metrics.tasks}`,
        String(a.metrics.iterations),
        String(a.metrics.totalTokens),
        a.reason ? mdText(a.reason) : '',
      ]);
    parts.push(
      mdTable(['Attempt', 'Verdict', 'Time', 'Tasks', 'Iterations', 'Tokens', 'Reason'], attemptRows),
    );
    if (s.attempts.length > maxAttempts) {
      parts.push('', `… and ${plural(s.attempts.length - maxAttempts, 'more attempt')} (see report.json).`);
    }
  }
  return parts.join('\n');
}

/** Every finding (at most `max` in full, the rest counted), with its fix hint when the class is known. */
export function findingsSection(report: RunReport, max = 50): string {
  if (report.findings.length === 0) return '## Findings\n\nNone.';
  const parts = [`## Findings (${report.findings.length})`];
  for (const [i, f] of report.findings.slice(0, max).entries()) parts.push('', findingText(f, i + 1));
  const rest = report.findings.length - max;
  if (rest > 0) {
    const bySeverity = (['blocker', 'major', 'minor'] as const)
      .map((sev) => [sev, report.findings.slice(max).filter((f) => f.severity === sev).length] as const)
      .filter(([, n]) => n > 0)
      .map(([sev, n]) => `${n} ${sev}`);
    parts.push('', `… and ${plural(rest, 'more finding')} (${bySeverity.join(', ')}): see report.json.`);
  }
  return parts.join('\n');
}

function findingText(f: Finding, n: number): string {
  const lines = [`### ${n}. ${f.severity} · ${mdCode(f.kind)}`, '', mdText(f.message), ''];
  if (f.location)
    lines.push(`- **Location:** ${mdCode(`${f.location.file}:${f.location.line}:${f.location.col}`)}`);
  lines.push(
    `- **Seen:** ${f.count}×${f.attempts.length > 0 ? ` in ${f.attempts.map(mdCode).join(', ')}` : ' (run-level)'}`,
  );
  if (f.scenarios.length > 0) {
    lines.push(
      `- **${f.severity === 'blocker' ? 'Blocks' : 'Affects'}:** ${f.scenarios.map(mdText).join(', ')}`,
    );
  }
  if (f.evidence.length > 0) lines.push(`- **Evidence:** ${f.evidence.map(mdCode).join(', ')}`);
  const hint = fixHintFor(f.kind, f.attempts);
  if (hint) lines.push(`- **Fix:** ${mdText(hint)}`);
  return lines.join('\n');
}

/** The validation checklist answered from the findings and invariant results. */
export function checklistSection(report: RunReport): string {
  const rows = validationChecklist(report).map((c) => [MARK[c.status], mdText(c.question), mdText(c.basis)]);
  return ['## Validation checklist', '', mdTable(['', 'Check', 'Basis'], rows)].join('\n');
}

/** Deltas against the baseline: verdict changes and every metric that moved (at most `max` rows). */
export function baselineSection(report: RunReport, max = 50): string {
  const b = report.baseline;
  if (!b) return '';
  const rows: string[][] = [];
  for (const s of b.scenarios) {
    if (s.status !== 'compared') {
      rows.push([mdText(s.name), 'scenario', s.status === 'new' ? '—' : 'present', s.status, '', '']);
      continue;
    }
    if (s.verdict.baseline !== s.verdict.current) {
      const regression = b.regressions.some((r) => r.scenario === s.name && r.kind === 'verdict');
      rows.push([
        mdText(s.name),
        'verdict',
        `${s.verdict.baseline}`,
        `${s.verdict.current}`,
        '',
        regression ? '✗ regression' : '',
      ]);
    }
    for (const m of s.metrics.filter((d) => d.delta !== 0)) {
      const delta = `${m.delta > 0 ? '+' : ''}${m.delta}${m.ratio === null ? '' : ` (${m.ratio > 0 ? '+' : ''}${Math.round(m.ratio * 100)}%)`}`;
      rows.push([
        mdText(s.name),
        m.metric,
        String(m.baseline),
        String(m.current),
        delta,
        m.regression ? '✗ regression' : '',
      ]);
    }
  }
  const head = [
    `## Against baseline ${mdCode(b.baselineRunId)}`,
    '',
    `Baseline taken ${b.baselineCreatedAt}; timings regress beyond ${Math.round(b.timingNoise * 100)}% and ${b.minTimingDeltaMs} ms; tokens, iterations and errors on any increase. ${b.regressions.length === 0 ? 'No regressions.' : `${plural(b.regressions.length, 'regression')}.`}`,
  ];
  if (rows.length === 0) return [...head, '', 'Nothing changed.'].join('\n');
  const table = mdTable(['Scenario', 'What', 'Baseline', 'Now', 'Δ', ''], rows.slice(0, max));
  const more =
    rows.length > max ? `\n\n… and ${plural(rows.length - max, 'more change')} (see report.json).` : '';
  return [...head, '', table].join('\n') + more;
}

/** Status, blockers, risks and the path to production. */
export function readinessSection(report: RunReport, max = 20): string {
  const r = report.readiness;
  const list = (title: string, items: readonly string[]) => {
    if (items.length === 0) return [`**${title}:** none.`];
    const shown = items.slice(0, max).map((item) => `- ${mdText(item)}`);
    if (items.length > max) shown.push(`- … and ${items.length - max} more (see report.json)`);
    return [`**${title}:**`, '', ...shown];
  };
  return [
    '## Readiness assessment',
    '',
    `**Status:** ${r.status}`,
    '',
    ...list('Blockers', r.blockers),
    '',
    ...list('Risks', r.risks),
    '',
    ...list('Path to production', r.pathToProduction),
  ].join('\n');
}
