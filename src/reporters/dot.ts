import { type SummaryFiles, summaryText } from './line.js';
import type { Reporter } from './reporter.js';

/** One character per attempt verdict. */
export const DOT_MARKS: Readonly<Record<string, string>> = {
  passed: '.',
  failed: 'F',
  error: 'E',
  blocked: 'B',
  skipped: 'S',
};

/** Characters per line before a line break (with the count so far). */
const WIDTH = 80;

/**
 * The dot reporter (CI logs): one character per attempt as it ends (`.` passed, `F` failed, `E` could
 * not judge, `B` blocked, `S` skipped), a line break with the count every 80, then the summary.
 */
export function createDotReporter(write: (text: string) => void, summary: SummaryFiles = {}): Reporter {
  let done = 0;
  let total = 0;
  return {
    name: 'dot',
    printsToStdio: true,
    onBegin(event) {
      total = event.scenarios.reduce((n, s) => n + s.attempts, 0);
    },
    onEvent(event) {
      if (event.type !== 'attempt_end') return;
      done++;
      write(DOT_MARKS[event.verdict] ?? '?');
      if (done % WIDTH === 0) write(` ${done}/${total}\n`);
    },
    onEnd(report, { runDir }) {
      write(`${done % WIDTH === 0 ? '' : '\n'}\n${summaryText(report, runDir, summary)}`);
    },
  };
}
