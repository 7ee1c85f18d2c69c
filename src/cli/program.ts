import { Command, CommanderError } from 'commander';
import { packageVersion } from '../shared/index.js';
import { addCheckCommand } from './commands/check.js';
import { addDoctorCommand } from './commands/doctor.js';
import { addInitCommand } from './commands/init.js';
import { addModelServerCommand } from './commands/model-server.js';
import { addReportCommand } from './commands/report.js';
import { addRunCommand } from './commands/run.js';
import { addSchemaCommand } from './commands/schema.js';
import { addViewCommand } from './commands/view.js';
import type { CommandContext } from './context.js';
import { ExitCode } from './exit-codes.js';
import type { CliIo } from './io.js';

/**
 * Builds the commander program. Each command lives in src/cli/commands/<name>.ts and registers itself
 * with an `add<Name>Command(program, context)` function; the actions call the programmatic API.
 */
export function createProgram(context: CommandContext): Command {
  const program = new Command('obra-validate')
    .description('Validate an autonomous coding orchestrator end to end, through YAML scenarios.')
    .version(packageVersion(), '-v, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .enablePositionalOptions();

  addRunCommand(program, context);
  addModelServerCommand(program, context);
  addSchemaCommand(program, context);
  addCheckCommand(program, context);
  addReportCommand(program, context);
  addViewCommand(program, context);
  addInitCommand(program, context);
  addDoctorCommand(program, context);

  configureTree(program, context.io);
  return program;
}

/** Output, error and exit handling applied to every command of the tree. */
function configureTree(command: Command, io: CliIo): void {
  command.exitOverride();
  command.configureOutput({
    writeOut: io.stdout,
    writeErr: io.stderr,
    outputError: (text, write) => write(text),
  });
  for (const sub of command.commands) configureTree(sub, io);
}

/** Maps a CommanderError to an exit code: help and version are success, everything else usage. */
export function exitCodeForCommanderError(error: CommanderError): number {
  if (
    error.code === 'commander.helpDisplayed' ||
    error.code === 'commander.version' ||
    error.code === 'commander.help'
  ) {
    return error.exitCode === 0 ? ExitCode.Passed : ExitCode.UsageError;
  }
  return ExitCode.UsageError;
}

export { CommanderError };
