import type { ReportGate, RunReport } from './types.js';

/**
 * The gate in a few words for the first line of every banner, or undefined when the gate passed (or
 * the report carries none): `GATE FAILED (exit 1): required scenario hello not in this run (…)`, with
 * `(+2 more)` when more rules broke. An interrupted run says so in its banner already. Pure.
 */
export function gateHeadline(report: Pick<RunReport, 'gate' | 'interrupted'>): string | undefined {
  const gate = report.gate;
  if (!gate || gate.exitCode === 0 || report.interrupted) return undefined;
  const what = gate.exitCode === 3 ? 'GATE COULD NOT JUDGE' : 'GATE FAILED';
  const first = gate.reasons[0] ?? 'see the gate reasons';
  const more = gate.reasons.length > 1 ? ` (+${gate.reasons.length - 1} more)` : '';
  return `${what} (exit ${gate.exitCode}): ${first}${more}`;
}

/** The report with the gate's verdict attached (what reporters show). */
export function withGate<R extends RunReport>(report: R, gate: ReportGate): R {
  return {
    ...report,
    gate: { exitCode: gate.exitCode, reasons: [...gate.reasons], deferred: [...gate.deferred] },
  };
}
