import type { RawFinding, RunEvent } from '../events/index.js';
import type { RunReport } from '../report/index.js';
import type { Reporter, ReporterEndContext } from './reporter.js';

type Hook = 'onBegin' | 'onEvent' | 'onEnd';

export interface ReporterMultiplexer {
  readonly reporters: readonly Reporter[];
  /** True when any reporter writes to stdout. */
  readonly printsToStdio: boolean;
  /** Feeds one event to every reporter (onBegin first for run_begin, then onEvent). */
  onEvent(event: RunEvent): void;
  /** Calls every reporter's onEnd (one after the other); returns every reporter_error finding of the run. */
  onEnd(report: RunReport, context: ReporterEndContext): Promise<RawFinding[]>;
  /**
   * The reporter_error findings recorded since the last call, and forgets them: the run writes them
   * into events.jsonl (as `finding` events) before run_end, so report.json lists them.
   */
  takeFindings(): RawFinding[];
}

/** Errors of a file system that refuses a write (full, read-only, no permission): not a harness bug. */
const OUTPUT_IO_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'EIO', 'EFBIG']);

/**
 * Fans every call out to the reporters, isolating their failures: a hook that throws (or rejects)
 * becomes one `reporter_error` finding per reporter and hook (later throws of the same hook are
 * counted, not repeated), and never reaches the caller.
 */
export function createMultiplexer(reporters: readonly Reporter[]): ReporterMultiplexer {
  const failures = new Map<string, { finding: RawFinding; count: number }>();
  let pending: string[] = [];
  const all: string[] = [];
  const fail = (reporter: Reporter, hook: Hook, error: unknown) => {
    const key = `${reporter.name}:${hook}`;
    const known = failures.get(key);
    if (known) {
      known.count++;
      return;
    }
    const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
    const firstLine = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const code = (error as NodeJS.ErrnoException | null)?.code;
    // A write to an open file names no path in its message; writeOutputFile puts it on the error.
    const path = (error as NodeJS.ErrnoException | null)?.path;
    const where = typeof path === 'string' && !firstLine?.includes(path) ? `${path}: ` : '';
    failures.set(key, {
      count: 1,
      finding: {
        kind: 'reporter_error',
        severity: 'major',
        // The disk or the permissions, not a bug: say so, without a stack.
        message:
          code !== undefined && OUTPUT_IO_CODES.has(code)
            ? `reporter ${reporter.name} could not write its output in ${hook}: ${where}${firstLine} (its output is missing or incomplete; free space on the disk or make the output folder writable)`
            : `reporter ${reporter.name} threw in ${hook}: ${firstLine} (a harness bug: its output may be incomplete)\n${detail}`,
        evidence: [],
      },
    });
    pending.push(key);
    all.push(key);
  };
  const finding = (key: string): RawFinding => {
    const { finding: f, count } = failures.get(key)!;
    return count === 1
      ? f
      : { ...f, message: f.message.replace(' (a harness bug', ` ${count} times (a harness bug`) };
  };
  const call = (reporter: Reporter, hook: Hook, run: () => void) => {
    try {
      run();
    } catch (error) {
      fail(reporter, hook, error);
    }
  };
  return {
    reporters,
    printsToStdio: reporters.some((r) => r.printsToStdio === true),
    onEvent(event) {
      if (event.type === 'run_begin') {
        for (const r of reporters) if (r.onBegin) call(r, 'onBegin', () => r.onBegin!(event));
      }
      for (const r of reporters) if (r.onEvent) call(r, 'onEvent', () => r.onEvent!(event));
    },
    async onEnd(report, context) {
      for (const r of reporters) {
        if (!r.onEnd) continue;
        try {
          await r.onEnd(report, context);
        } catch (error) {
          fail(r, 'onEnd', error);
        }
      }
      pending = [];
      return all.map(finding);
    },
    takeFindings() {
      const taken = pending.map(finding);
      pending = [];
      return taken;
    },
  };
}

/**
 * The exit code once reporter errors are known: a run whose gate passed but whose reporters failed
 * exits 3 (could not judge: its outputs are incomplete); any other code stands.
 */
export function exitCodeWithReporterErrors(exitCode: number, reporterErrors: readonly RawFinding[]): number {
  return exitCode === 0 && reporterErrors.length > 0 ? 3 : exitCode;
}
