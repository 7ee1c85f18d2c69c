import type { RawFinding, RunEvent } from '../events/index.js';
import { buildReport, type RunReport } from '../report/index.js';
import type { ReporterMultiplexer } from './multiplexer.js';

/**
 * Replays an event log through reporters exactly as a live run calls them: every event in order
 * (onBegin for run_begin), then onEnd with the report built from those events, passed through
 * `decorate` first (to attach a baseline comparison). Returns the report and the reporter errors.
 */
export async function replayEvents(
  events: readonly RunEvent[],
  reporters: ReporterMultiplexer,
  context: { runDir: string; decorate?: (report: RunReport) => RunReport },
): Promise<{ report: RunReport; reporterErrors: RawFinding[] }> {
  for (const event of events) reporters.onEvent(event);
  const built = buildReport(events);
  const report = context.decorate ? context.decorate(built) : built;
  const reporterErrors = await reporters.onEnd(report, { runDir: context.runDir });
  return { report, reporterErrors };
}
