import type { RunReport } from './types.js';

/** Exit codes of a run (docs/REPORT.md "Exit codes"). */
export const RunExitCode = { Passed: 0, GateFailed: 1, CouldNotJudge: 3, Interrupted: 130 } as const;
export type RunExitCode = (typeof RunExitCode)[keyof typeof RunExitCode];

/** The rules that turn a report into an exit code (`gate:` in obra-validate.config.yaml, or flags). */
export interface GateConfig {
  /** Scenarios that must be part of the run and pass. @default [] */
  required: string[];
  /** Share (0-1) of judged scenarios (passed, failed, flaky) that must pass. @default 1 */
  minPassRate: number;
  /** Largest share (0-1) of scenarios whose verdict is error or blocked. @default 0 */
  maxInfraErrorRate: number;
  /** Count a flaky scenario as passed. @default false */
  allowFlaky: boolean;
  /** Do not fail on regressions against the baseline. @default false */
  allowRegressions: boolean;
  /**
   * Relative noise band for timings compared with a baseline (0.25: 25% slower is still no regression).
   * Raise it when the baseline was recorded on another machine. @default 0.25
   */
  timingNoise: number;
}

/** Overrides of the gate: what a config file or flags set. */
export type GateOverrides = Partial<GateConfig>;

/** The default gate: every judged scenario passes, nothing errors, no flakes, no regressions. */
export const defaultGate: Readonly<GateConfig> = Object.freeze({
  required: [],
  minPassRate: 1,
  maxInfraErrorRate: 0,
  allowFlaky: false,
  allowRegressions: false,
  timingNoise: 0.25,
});

export interface GateResult {
  exitCode: RunExitCode;
  /** Every rule the report breaks, one line each; empty when the gate passed. */
  reasons: string[];
  /**
   * Rules this report cannot judge and leaves to another (one line each): a required scenario whose
   * attempts all ran in other shards is judged when the shards are merged (`obra-validate report`).
   */
  deferred: string[];
}

/**
 * Applies a gate to a report. Interrupted → 130.
 *
 * `required` (docs/REPORT.md "The gate"): a required scenario the run did not load (its file was not
 * among the paths, or --grep left it out) fails the gate, whose reason says which; a required scenario
 * planned in a sharded run whose attempts all ran in other shards is not judged by this shard (it is
 * `deferred`) but by the merged report of the shards. A broken rule (pass rate, flaky, required scenario,
 * regression) → 1. Otherwise, when the harness could not judge (infra error rate above the limit, or no
 * scenario judged at all) → 3. Otherwise 0. A failure outweighs an infrastructure problem.
 */
export function evaluateGate(report: RunReport, gate: GateConfig = defaultGate): GateResult {
  if (report.interrupted) {
    return {
      exitCode: RunExitCode.Interrupted,
      reasons: ['the run was interrupted: the report is partial, run it again to judge'],
      deferred: [],
    };
  }
  const failures: string[] = [];
  const infra: string[] = [];
  const deferred: string[] = [];
  const scenarios = report.scenarios;
  const passes = (v: string) => v === 'passed' || (gate.allowFlaky && v === 'flaky');

  for (const name of gate.required) {
    const s = scenarios.find((x) => x.name === name);
    if (!s) failures.push(`required scenario ${name} not in this run (${leftOutBy(report)})`);
    else if (report.shard && s.attempts.length === 0)
      deferred.push(
        `required scenario ${name} has no attempt in shard ${report.shard.index}/${report.shard.total}: judged when the shards are merged (obra-validate report)`,
      );
    else if (s.verdict === 'error' || s.verdict === 'blocked')
      infra.push(`required scenario ${name} could not be judged (${s.verdict})`);
    else if (!passes(s.verdict)) failures.push(`required scenario ${name} did not pass (${s.verdict})`);
  }
  const judged = scenarios.filter((s) => ['passed', 'failed', 'flaky'].includes(s.verdict));
  const passed = judged.filter((s) => passes(s.verdict));
  if (judged.length > 0 && passed.length / judged.length < gate.minPassRate) {
    const notPassed = judged.filter((s) => !passes(s.verdict)).map((s) => `${s.name} ${s.verdict}`);
    failures.push(
      `pass rate ${rate(passed.length, judged.length)} is below min_pass_rate ${gate.minPassRate}: ${notPassed.join(', ')}`,
    );
  }
  const flaky = scenarios.filter((s) => s.verdict === 'flaky');
  if (!gate.allowFlaky && flaky.length > 0) {
    failures.push(
      `flaky scenarios are not allowed (allow_flaky: false): ${flaky.map((s) => `${s.name} pass@1 ${s.passAt1}`).join(', ')}`,
    );
  }
  const regressions = report.baseline?.regressions ?? [];
  if (!gate.allowRegressions && regressions.length > 0) {
    failures.push(
      ...regressions.map(
        (r) => `regression against baseline ${report.baseline?.baselineRunId}: ${r.message}`,
      ),
    );
  }
  const broken = scenarios.filter((s) => s.verdict === 'error' || s.verdict === 'blocked');
  if (scenarios.length > 0 && broken.length / scenarios.length > gate.maxInfraErrorRate) {
    infra.push(
      `infrastructure error rate ${rate(broken.length, scenarios.length)} is above max_infra_error_rate ${gate.maxInfraErrorRate}: ${broken.map((s) => `${s.name} ${s.verdict}`).join(', ')}`,
    );
  }
  if (judged.length === 0) infra.push('no scenario could be judged (none passed, failed or was flaky)');

  if (failures.length > 0)
    return { exitCode: RunExitCode.GateFailed, reasons: [...failures, ...infra], deferred };
  if (infra.length > 0) return { exitCode: RunExitCode.CouldNotJudge, reasons: infra, deferred };
  return { exitCode: RunExitCode.Passed, reasons: [], deferred };
}

/** Why a required scenario is not in the report: --grep when the run had one, else the paths given. */
function leftOutBy(report: RunReport): string {
  const grep = report.options.grep;
  return typeof grep === 'string'
    ? `--grep ${JSON.stringify(grep)} or the paths given left it out`
    : 'the paths given did not load it: run its file too, or drop it from gate.required';
}

/** The default gate's exit code (what a run without a config file or gate flags exits with). */
export function exitCodeFor(report: RunReport): number {
  return evaluateGate(report, defaultGate).exitCode;
}

function rate(part: number, whole: number): string {
  return `${Math.round((part / whole) * 1000) / 1000} (${part}/${whole})`;
}
