import { describeMachineFault, InfrastructureError, UserError } from '../shared/index.js';
import { ExitCode } from './exit-codes.js';
import { type CliIo, processIo } from './io.js';
import { CommanderError, createProgram, exitCodeForCommanderError } from './program.js';

/**
 * Entry point of the `obra-validate` binary. Returns the exit code instead of exiting, so tests and the
 * launcher (bin/obra-validate.js) decide what to do with it.
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = ExitCode.Passed;
  const program = createProgram({ io, setExitCode: (code) => (exitCode = code) });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return reportError(error, io);
  }
}

/**
 * Known failure classes print their message only; so does a machine fault (exit 3); anything else is a
 * harness bug with its stack.
 */
export function reportError(error: unknown, io: CliIo): number {
  if (error instanceof CommanderError) return exitCodeForCommanderError(error);
  if (error instanceof UserError) {
    io.stderr(`obra-validate: ${error.message}\n`);
    return ExitCode.UsageError;
  }
  if (error instanceof InfrastructureError) {
    io.stderr(`obra-validate: could not judge: ${error.message}\n`);
    return ExitCode.CouldNotJudge;
  }
  // A full or read-only disk, permissions, no file descriptors: the machine, wherever it surfaced.
  const fault = describeMachineFault(error);
  if (fault) {
    io.stderr(`obra-validate: could not judge: ${fault}\n`);
    return ExitCode.CouldNotJudge;
  }
  const detail = error instanceof Error ? (error.stack ?? error.message) : String(error);
  io.stderr(
    `obra-validate: internal error (a bug in obra-validate; please report it with this output):\n${detail}\n`,
  );
  return ExitCode.CouldNotJudge;
}
