import type { Command } from 'commander';
import type { CommandContext } from '../context.js';

/** `obra-validate doctor`: what this machine offers and what each missing piece blocks. */
export function addDoctorCommand(program: Command, context: CommandContext): void {
  program
    .command('doctor')
    .description(
      'check what can run here (node, claude, python3, a container runtime, Ollama) and what each missing piece blocks',
    )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ npx obra-validate doctor',
        '  $ OLLAMA_HOST=10.0.0.5:11434 npx obra-validate doctor',
        '',
        'Exit codes: 0 the default scenarios (scenarios/*.yaml) can run here, 3 they cannot.',
      ].join('\n'),
    )
    .action(async () => {
      const { runDoctor } = await import('../../doctor/index.js');
      const result = await runDoctor({ cwd: context.io.cwd, env: context.io.env });
      context.io.stdout(result.text);
      context.setExitCode(result.exitCode);
    });
}
