import { READINESS_MARK, textTable, VERDICT_MARK } from '../format.js';
import type { DeltaRow, PerformanceRow, ReadinessSummary } from './readiness-summary.js';

export const PERFORMANCE_HEAD = ['scenario', 'verdict', 'pass@1', 'tasks', 'p50', 'p95', 'time', 'tokens'];
/** Right-aligned (numeric) columns of the performance table. */
export const PERFORMANCE_RIGHT = [2, 3, 4, 5, 6, 7];
export const DELTA_HEAD = ['scenario', 'what', 'baseline', 'now', 'Δ', ''];

export const performanceCells = (r: PerformanceRow): string[] => [
  r.scenario,
  `${VERDICT_MARK[r.verdict]} ${r.verdict}`,
  r.passAt1,
  r.tasks,
  r.p50,
  r.p95,
  r.time,
  r.tokens,
];

export const deltaCells = (r: DeltaRow): string[] => [
  r.scenario,
  r.what,
  r.baseline,
  r.current,
  r.delta,
  r.regression ? '✗ regression' : '',
];

/**
 * The banner line: "✗ Readiness: NOT_READY: blockers must be fixed before production"; when the gate
 * failed, that first: "✗ Readiness: READY · GATE FAILED (exit 1): required scenario hello not in this run".
 */
export const bannerText = (s: ReadinessSummary): string =>
  s.gate
    ? `✗ Readiness: ${s.status} · ${s.gate}`
    : `${READINESS_MARK[s.status]} Readiness: ${s.status}${s.interrupted ? ' (interrupted: partial report)' : ''}: ${s.sentence}`;

/** "Reports in reports/<id>/: report.json, junit.xml, report.md, events.jsonl". */
export const filesText = (s: ReadinessSummary): string =>
  `Reports in ${s.files.dir}${s.files.dir.endsWith('/') ? '' : '/'}: ${s.files.names.join(', ')}`;

/** The readiness summary as plain text (the line and dot reporters), ending with a newline. */
export function summaryText(s: ReadinessSummary): string {
  const lines = [bannerText(s), `Scenarios: ${s.headline}`];
  for (const d of s.gateDeferred) lines.push(`Gate: ${d}`);
  if (s.blockers.length > 0) {
    lines.push('', `Blockers (${s.blockers.length + s.moreBlockers}):`);
    for (const b of s.blockers) lines.push(`  ✗ ${b}`);
    if (s.moreBlockers > 0) lines.push(`  … and ${s.moreBlockers} more (report.md)`);
  }
  if (s.risks.length > 0) {
    lines.push('', `Risks (${s.risks.length + s.moreRisks}):`);
    for (const r of s.risks) lines.push(`  ⚠ ${r}`);
    if (s.moreRisks > 0) lines.push(`  … and ${s.moreRisks} more (report.md)`);
  }
  if (s.performance.length > 0) {
    lines.push('', 'Performance:');
    for (const row of textTable(PERFORMANCE_HEAD, s.performance.map(performanceCells), PERFORMANCE_RIGHT)) {
      lines.push(`  ${row}`);
    }
    if (s.morePerformance > 0) lines.push(`  … and ${s.morePerformance} more scenarios (report.md)`);
  }
  if (s.baseline) {
    const n = s.baseline.regressions;
    lines.push(
      '',
      `Against baseline ${s.baseline.runId}: ${n === 0 ? 'no regressions' : `${n} regression${n === 1 ? '' : 's'}`}`,
    );
    if (s.baseline.rows.length === 0) lines.push('  nothing changed');
    else for (const row of textTable(DELTA_HEAD, s.baseline.rows.map(deltaCells))) lines.push(`  ${row}`);
    if (s.baseline.more > 0) lines.push(`  … and ${s.baseline.more} more changes (report.md)`);
  }
  lines.push('', filesText(s));
  return `${lines.join('\n')}\n`;
}
