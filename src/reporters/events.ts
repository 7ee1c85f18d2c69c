import type { Reporter } from './reporter.js';

/**
 * The event log reporter. events.jsonl is always written by the run itself (it is the source of
 * truth, written before any reporter sees an event), so this reporter copies nothing: it prints
 * where the log is and how many events it holds, for `obra-validate report` and other tools.
 */
export function createEventsReporter(write: (text: string) => void): Reporter {
  let count = 0;
  return {
    name: 'events',
    printsToStdio: true,
    onEvent() {
      count++;
    },
    onEnd(_report, { runDir }) {
      write(`Events: ${runDir}/events.jsonl (${count} event${count === 1 ? '' : 's'})\n`);
    },
  };
}
