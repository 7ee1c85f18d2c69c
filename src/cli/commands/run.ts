import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../shared/index.js';
import { type CommandContext, unknownCommandHint } from '../context.js';
import { ExitCode } from '../exit-codes.js';

/** `obra-validate [paths...]`: the default command, runs scenarios. */
export function addRunCommand(program: Command, context: CommandContext): void {
  program
    .command('run [paths...]', { isDefault: true })
    .description('run the scenarios in the given files or folders (default command)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ npx obra-validate scenarios/',
        '  $ npx obra-validate scenarios/calculator.yaml',
      ].join('\n'),
    )
    .action((paths: string[]) => {
      for (const path of paths) {
        if (!existsSync(resolve(context.io.cwd, path))) {
          throw new UserError(
            `no such file or folder: "${path}".${unknownCommandHint(path, program)} Give scenario files or folders, e.g. \`npx obra-validate scenarios/\`.`,
          );
        }
      }
      context.io.stderr(
        'obra-validate: there are no runnable scenarios yet: the scenario runner has not landed (see the open issues).\n',
      );
      context.setExitCode(ExitCode.UsageError);
    });
}
