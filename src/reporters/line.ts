import type { RunEvent } from '../events/index.js';
import type { RunReport } from '../report/index.js';
import { summaryText as formatSummary, readinessSummary } from '../ui/index.js';
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
export function createLineReporter(
  write: (text: string) => void,
  summary: SummaryFiles = {},
): Reporter & {
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
      const ran = event.metrics.tasks - (event.metrics.tasksNotRun ?? 0);
      const tasks = ran > 0 ? ` ${event.metrics.tasksCompleted}/${event.metrics.tasks} tasks` : '';
      write(
        `${MARK[event.verdict] ?? '?'} [${done}/${total}] ${event.attemptId} ${event.verdict} in ${seconds(event.durationMs)}${tasks}${reason}\n`,
      );
    },
    onEnd(report, context) {
      write(`\n${summaryText(report, typeof context === 'string' ? context : context.runDir, summary)}`);
    },
  };
}

/** Where the summary's "Reports in" line looks: the files the run's reporters write, and the cwd. */
export interface SummaryFiles {
  files?: (runDir: string) => string[];
  cwd?: string;
}

/**
 * The closing summary of the text reporters: readiness banner, counts, blockers, risks, a performance
 * table, deltas against the baseline, where the files are (src/ui/summary, shared with the live view).
 */
export function summaryText(report: RunReport, runDir: string, options: SummaryFiles = {}): string {
  return formatSummary(
    readinessSummary(report, {
      runDir,
      ...(options.files ? { files: options.files(runDir) } : {}),
      ...(options.cwd ? { cwd: options.cwd } : {}),
    }),
  );
}
