import type { Command } from 'commander';
import { didYouMean } from '../shared/index.js';
import type { CliIo } from './io.js';

/** Context shared by the command actions: where to write, and the exit code they decide. */
export interface CommandContext {
  io: CliIo;
  setExitCode: (code: number) => void;
}

/** Names of a program's commands and aliases. */
export function commandNames(program: Command): string[] {
  return program.commands.flatMap((c) => [c.name(), ...c.aliases()]);
}

/** " Did you mean "view"?" when an operand looks like a mistyped command, else "". */
export function unknownCommandHint(operand: string, program: Command): string {
  return didYouMean(operand, commandNames(program));
}
