import { type Command, Option } from 'commander';
import { parseReporterNames, REPORTER_NAMES } from '../../reporters/index.js';
import type { CommandContext } from '../context.js';
import { positiveInt, rate, regex, shard } from '../parse-flags.js';
import type { RunFlags } from './run-action.js';

/** `obra-validate [paths...]`: the default command, runs scenarios. */
export function addRunCommand(program: Command, context: CommandContext): void {
  program
    .command('run [paths...]', { isDefault: true })
    .description(
      'run the scenarios in the given files or folders (default command; default path: scenarios/)',
    )
    .addOption(
      new Option('--agent <kind>', 'replace every scenario agent: the reference solution or nothing').choices(
        ['oracle', 'null'],
      ),
    )
    .option('--scale <n>', 'tasks per task generator (stress scenarios)', positiveInt('--scale'))
    .option('--concurrency <n>', 'tasks run at once within an attempt', positiveInt('--concurrency'))
    .option(
      '--repeat <n>',
      "attempts per scenario (overrides each scenario's repeat)",
      positiveInt('--repeat'),
    )
    .option('--grep <regex>', 'only scenarios whose name, file or tags match', regex('--grep'))
    .option('--bail', 'stop after the first attempt that fails')
    .option('--no-deps', 'do not block scenarios whose `needs` did not pass')
    .option('--shard <i/n>', 'run only shard i of n of the attempts', shard)
    .option('--reports-dir <dir>', 'where run directories go', 'reports')
    .option(
      '--reporter <names>',
      `comma-separated reporters: ${REPORTER_NAMES.join(', ')} (default: live on a terminal, line in a pipe, dot when CI is set; plus json, junit, markdown)`,
      (v: string) => parseReporterNames(v),
    )
    .option('--baseline <file>', 'compare with this baseline; regressions fail the gate')
    .option('--update-baseline <file>', 'write this run as the baseline when it ends')
    .option('--config <file>', 'gate config (default: obra-validate.config.yaml at the project root)')
    .option('--required <names>', 'gate: scenarios that must run and pass (comma-separated)', (v: string) =>
      v
        .split(',')
        .map((n) => n.trim())
        .filter(Boolean),
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
    .option('--allow-regressions', 'gate: baseline regressions do not fail the run')
    .option(
      '--resume <run-dir>',
      'continue an interrupted run: keep its finished attempts, run the others, append to its event log',
    )
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ npx obra-validate scenarios/',
        '  $ npx obra-validate scenarios/stress.yaml --scale 1000 --concurrency 8',
        '  $ npx obra-validate scenarios/ --agent oracle      # proves every scenario is passable',
        '  $ npx obra-validate --resume reports/latest        # finish a run stopped by Ctrl+C',
        '',
        'Exit codes: 0 gate passed, 1 gate failed, 2 usage or scenario error, 3 could not judge, 130 interrupted.',
      ].join('\n'),
    )
    // The runner (and everything it loads) is imported when a run starts, not for --help or --version.
    .action(async (paths: string[], flags: RunFlags, command: Command) => {
      const { runScenarios } = await import('./run-action.js');
      await runScenarios({ paths, flags, command, program, context });
    });
}
