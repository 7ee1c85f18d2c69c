import type { Command } from 'commander';
import type { CommandContext } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { refuseEmptyOperands } from '../shared-flags.js';

/**
 * `obra-validate check [paths...]`: loads every scenario and the cassettes they play, reports every
 * problem at file:line:col, and runs nothing (exit 0 when all load, 2 when any has a problem).
 */
export function addCheckCommand(program: Command, context: CommandContext): void {
  program
    .command('check')
    .description(
      'load scenarios and their cassettes, check their tool calls, report every problem, run nothing',
    )
    .argument('[paths...]', 'scenario files or folders (default: scenarios/)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ npx obra-validate check                       # every scenario in scenarios/ and its cassette',
        '  $ npx obra-validate check scenarios/fizzbuzz.yaml',
        '',
        'A cassette that a claude-code agent plays also has each tool call checked against the tools that Claude',
        'Code version offers (schema/tools/claude-code-<version>.json): an input key the tool does not take, a',
        'required key missing, a wrong type, a tool it does not have (docs/CASSETTES.md).',
        '',
        'Exit codes: 0 every file loads; 2 a problem (each printed as file:line:col path message).',
      ].join('\n'),
    )
    .action(async (paths: string[]) => {
      refuseEmptyOperands(paths, 'scenario path', 'a scenario file or folder, e.g. scenarios/');
      const { checkFiles } = await import('../../runner/index.js');
      const result = await checkFiles(paths.length > 0 ? paths : ['scenarios/'], { rootDir: context.io.cwd });
      const loaded = `${result.scenarios} scenario${result.scenarios === 1 ? '' : 's'} and ${result.cassettes} cassette${result.cassettes === 1 ? '' : 's'}`;
      for (const note of result.notes) context.io.stdout(`obra-validate check: ${note}\n`);
      if (result.problems.length === 0) {
        context.io.stdout(`obra-validate check: ${loaded} load without a problem; nothing was run.\n`);
        context.setExitCode(ExitCode.Passed);
        return;
      }
      context.io.stderr(`${result.problems.join('\n')}\n`);
      context.io.stderr(`obra-validate check: the problems above (loaded: ${loaded}); nothing was run.\n`);
      context.setExitCode(ExitCode.UsageError);
    });
}
