import { outputFileRefusals, type ReporterName } from '../reporters/index.js';
import { UserError } from '../shared/index.js';
import type { CliIo } from './io.js';
import { existingFile } from './path-flags.js';

/** Flags and checks that `run` and `report` share (src/cli/commands/run.ts, report.ts). */

/** `--baseline FILE`: a file to read. */
export const baselineFlag = (cwd: string) =>
  existingFile(
    '--baseline',
    cwd,
    'a baseline file (JSON)',
    ' (create one from a good run with --update-baseline FILE)',
  );

/** `--config FILE`: a gate config to read. */
export const configFlag = (cwd: string) =>
  existingFile(
    '--config',
    cwd,
    'an obra-validate.config.yaml file',
    ', or leave --config out to use obra-validate.config.yaml at the project root when there is one',
  );

/** Operands (scenario paths, run directories) must not be empty: "" would mean the current folder. */
export function refuseEmptyOperands(values: readonly string[], what: string, example: string): void {
  if (values.some((v) => v.trim() === '')) {
    throw new UserError(`a ${what} "" is empty; give ${example}`);
  }
}

/**
 * Refuses, before anything runs or is written, report files that would land on a file of the user's:
 * in the `--out` folder or at an OBRA_VALIDATE_<NAME>_OUTPUT_FILE (a file obra-validate did not write,
 * a folder, a link). Every refusal is listed.
 */
export function refuseUserOutputFiles(
  names: readonly ReporterName[],
  output: { outDir?: string },
  io: Pick<CliIo, 'cwd' | 'env'>,
): void {
  const refusals = outputFileRefusals(names, { ...output, env: io.env, cwd: io.cwd });
  if (refusals.length > 0) throw new UserError(refusals.join('\n'), 'OBRA_WRITE_REFUSED');
}
