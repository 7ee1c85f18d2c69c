import type { Command } from 'commander';
import type { GateOverrides } from '../report/index.js';
import { nameList, rate } from './parse-flags.js';

/** The gate flags of `run` and `report`: each overrides its key of the config's `gate:`. */
export interface GateFlags {
  required?: string[];
  minPassRate?: number;
  maxInfraErrorRate?: number;
  allowFlaky?: boolean;
  allowRegressions?: boolean;
}

export function addGateOptions(command: Command): Command {
  return command
    .option(
      '--required <names>',
      'gate: scenarios that must run and pass (comma-separated)',
      nameList('--required'),
    )
    .option(
      '--min-pass-rate <rate>',
      'gate: share of judged scenarios that must pass (0-1)',
      rate('--min-pass-rate'),
    )
    .option(
      '--max-infra-error-rate <rate>',
      'gate: largest share of scenarios that error or are blocked (0-1)',
      rate('--max-infra-error-rate'),
    )
    .option('--allow-flaky', 'gate: a flaky scenario counts as passed')
    .option('--allow-regressions', 'gate: baseline regressions do not fail the run');
}

export function gateOverrides(flags: GateFlags): GateOverrides {
  return {
    required: flags.required,
    minPassRate: flags.minPassRate,
    maxInfraErrorRate: flags.maxInfraErrorRate,
    allowFlaky: flags.allowFlaky,
    allowRegressions: flags.allowRegressions,
  };
}

/**
 * What the CLI prints on stderr after a run or a report: every rule the gate broke, then what it left
 * to the merged report of the shards; empty when there is neither.
 */
export function gateText(gate: { exitCode: number; reasons: string[]; deferred: string[] }): string {
  const broken =
    gate.reasons.length > 0
      ? `Gate (exit ${gate.exitCode}):\n${gate.reasons.map((r) => `  - ${r}\n`).join('')}`
      : '';
  const later =
    gate.deferred.length > 0
      ? `Gate, not judged here:\n${gate.deferred.map((r) => `  - ${r}\n`).join('')}`
      : '';
  return broken + later;
}
