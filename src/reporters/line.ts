import type { RunEvent } from '../events/index.js';
import type { RunReport } from '../report/index.js';
import type { Reporter, ReporterEndContext } from './reporter.js';

const MARK: Record<string, string> = {
  passed: '✓',
  failed: '✗',
  error: '!',
  blocked: '-',
  skipped: '·',
  flaky: '~',
};

/** Seconds with one decimal. */
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)}s`;

/**
 * The line reporter (plain text, for a non-TTY terminal): one line per attempt as it ends, then the
 * summary once. Writes through `write`; holds no per-task state.
 */
export function createLineReporter(write: (text: string) => void): Reporter & {
  onEvent(event: RunEvent): void;
  /** Also accepts the run directory as a string (the call run.ts makes until it passes a context). */
  onEnd(report: RunReport, context: ReporterEndContext | string): void;
} {
  let total = 0;
  let done = 0;
  return {
    name: 'line',
    printsToStdio: true,
    onEvent(event) {
      if (event.type === 'run_begin') {
        total = event.scenarios.reduce((n, s) => n + s.attempts, 0);
        done = event.resumed?.finished ?? 0;
        const names = event.scenarios.map((s) => s.name).join(', ');
        const resumed = event.resumed ? ` (resumed: ${done} finished, ${total - done} to run)` : '';
        write(
          `obra-validate ${event.versions['obra-validate'] ?? ''}: run ${event.runId}${resumed}, ${total} attempt${total === 1 ? '' : 's'} of ${names}\n`,
        );
      }
      if (event.type !== 'attempt_end') return;
      done++;
      const reason = event.reason && event.verdict !== 'passed' ? `: ${event.reason}` : '';
      const tasks =
        event.metrics.tasks > 0 ? ` ${event.metrics.tasksCompleted}/${event.metrics.tasks} tasks` : '';
      write(
        `${MARK[event.verdict] ?? '?'} [${done}/${total}] ${event.attemptId} ${event.verdict} in ${seconds(event.durationMs)}${tasks}${reason}\n`,
      );
    },
    onEnd(report, context) {
      write(`\n${summaryText(report, typeof context === 'string' ? context : context.runDir)}`);
    },
  };
}

/** The closing summary: readiness, counts, blockers, regressions, where the files are. */
export function summaryText(report: RunReport, runDir: string): string {
  const s = report.summary;
  const counts = (['passed', 'failed', 'flaky', 'error', 'blocked', 'skipped'] as const)
    .filter((k) => s[k] > 0)
    .map((k) => `${s[k]} ${k}`)
    .join(', ');
  const lines = [
    `Readiness: ${report.readiness.status}${report.interrupted ? ' (interrupted: partial report)' : ''}`,
    `Scenarios: ${counts || 'none'} (${s.attempts} attempt${s.attempts === 1 ? '' : 's'}) in ${seconds(report.durationMs)}`,
  ];
  for (const blocker of report.readiness.blockers.slice(0, 10)) lines.push(`  blocker: ${blocker}`);
  for (const risk of report.readiness.risks.slice(0, 5)) lines.push(`  risk: ${risk}`);
  if (report.baseline) {
    const n = report.baseline.regressions.length;
    lines.push(
      `Baseline ${report.baseline.baselineRunId}: ${n === 0 ? 'no regressions' : `${n} regression${n === 1 ? '' : 's'}`}`,
    );
  }
  lines.push(`Report: ${runDir}/report.json (events: ${runDir}/events.jsonl)`);
  return `${lines.join('\n')}\n`;
}
