import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { refuseEmptyOperands } from '../shared-flags.js';

/** `obra-validate init [dir]`: adds the example scenario and its setup to a project; never overwrites. */
export function addInitCommand(program: Command, context: CommandContext): void {
  program
    .command('init [dir]')
    .description(
      'add scenarios/ with an example scenario, its cassette and fixtures, the gate config, a CI workflow, reports/.gitignore and the Vitest config to a project (never overwrites a file)',
    )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ npx obra-validate init            # in the project root',
        '  $ npx obra-validate scenarios/      # the example passes right away',
        '',
        'Files that already exist are skipped and listed; an existing vitest.config is left alone and the',
        'lines to add are printed.',
      ].join('\n'),
    )
    .action(async (dir: string | undefined) => {
      refuseEmptyOperands(dir === undefined ? [] : [dir], 'folder', 'the project folder, e.g. `init .`');
      const { formatInitResult, initProject } = await import('../../init/index.js');
      const result = initProject(resolve(context.io.cwd, dir ?? '.'));
      context.io.stdout(formatInitResult(result));
    });
}
