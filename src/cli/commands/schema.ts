import type { Command } from 'commander';
import type { CommandContext } from '../context.js';

/** `obra-validate schema`: prints the JSON Schema of scenario files (the one in schema/scenario.schema.json). */
export function addSchemaCommand(program: Command, context: CommandContext): void {
  program
    .command('schema')
    .description('print the JSON Schema of scenario files (for editors and other tools)')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ npx obra-validate schema > scenario.schema.json',
        '',
        'Shipped scenarios point editors at the copy in the package with their first line:',
        '  # yaml-language-server: $schema=../schema/scenario.schema.json',
      ].join('\n'),
    )
    .action(async () => {
      const { scenarioJsonSchemaText } = await import('../../scenario/index.js');
      context.io.stdout(scenarioJsonSchemaText());
    });
}
