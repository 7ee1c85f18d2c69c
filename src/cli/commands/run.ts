import { type Command, Option } from 'commander';
import { baselineFileKind, MAX_WORKERS } from '../../report/index.js';
import { parseReporterNames, REPORTER_NAMES } from '../../reporters/index.js';
import { MAX_CONCURRENCY, MAX_REPEAT, MAX_TASKS } from '../../scenario/index.js';
import type { CommandContext } from '../context.js';
import { addGateOptions } from '../gate-flags.js';
import { nonEmpty, regex, shard, wholeNumber } from '../parse-flags.js';
import { outputDir, outputFile } from '../path-flags.js';
import { baselineFlag, configFlag, refuseEmptyOperands, refuseUserOutputFiles } from '../shared-flags.js';
import type { RunFlags } from './run-action.js';

/** `obra-validate [paths...]`: the default command, runs scenarios. */
export function addRunCommand(program: Command, context: CommandContext): void {
  const { cwd } = context.io;
  const command = program
    .command('run [paths...]', { isDefault: true })
    .description(
      'run the scenarios in the given files or folders (default command; default path: scenarios/)',
    )
    .addOption(
      new Option('--agent <kind>', 'replace every scenario agent: the reference solution or nothing').choices(
        ['oracle', 'null'],
      ),
    )
    .option(
      '--scale <n>',
      `tasks per task generator (stress scenarios), 1 to ${MAX_TASKS}: ten times the largest run the project measures`,
      wholeNumber('--scale', 1, MAX_TASKS, 'ten times the 10,000 tasks the project measures'),
    )
    .option(
      '--concurrency <n>',
      `agents run at once within an attempt (tasks calling the agent; a task recording its result frees its slot), and attempts run at once (each after the scenarios it needs); 1 to ${MAX_CONCURRENCY}`,
      wholeNumber('--concurrency', 1, MAX_CONCURRENCY, 'each agent is a process'),
    )
    .option(
      '--workers <n>',
      `attempts run at once, each after the scenarios it needs, 1 to ${MAX_WORKERS} (default: \`workers:\` in obra-validate.config.yaml, else --concurrency, else 1)`,
      wholeNumber('--workers', 1, MAX_WORKERS, 'each attempt runs its own agents and SQLite file'),
    )
    .option(
      '--repeat <n>',
      `attempts per scenario (overrides each scenario's repeat), 1 to ${MAX_REPEAT}`,
      wholeNumber('--repeat', 1, MAX_REPEAT, 'each attempt keeps its own workspace, database and logs'),
    )
    .option('--grep <regex>', 'only scenarios whose name, file or tags match', regex('--grep'))
    .option('--bail', 'stop after the first attempt that fails')
    .option('--no-deps', 'do not block scenarios whose `needs` did not pass')
    .option('--shard <i/n>', 'run only shard i of n of the attempts (n at most 1000)', shard)
    .option(
      '--reports-dir <dir>',
      'where run directories go',
      outputDir('--reports-dir', cwd, 'reports'),
      'reports',
    )
    .option(
      '--reporter <names>',
      `comma-separated reporters: ${REPORTER_NAMES.join(', ')} (default: live on a terminal, line in a pipe, dot when CI is set; plus json, junit, markdown)`,
      (v: string) => parseReporterNames(v),
    )
    .option('--baseline <file>', 'compare with this baseline; regressions fail the gate', baselineFlag(cwd))
    .option(
      '--update-baseline <file>',
      'write this run as the baseline when it ends (a new file, or a baseline obra-validate wrote; checked before the run)',
      outputFile('--update-baseline', cwd, baselineFileKind),
    )
    .option(
      '--config <file>',
      'project config: gate, workers, images (default: obra-validate.config.yaml at the project root)',
      configFlag(cwd),
    );
  addGateOptions(command)
    .option(
      '--resume <run-dir>',
      'continue an interrupted run: keep its finished attempts, run the others, append to its event log',
      nonEmpty('--resume', 'a run directory, e.g. --resume reports/latest'),
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
      refuseEmptyOperands(paths, 'scenario path', 'a scenario file or folder, e.g. scenarios/');
      refuseUserOutputFiles(flags.reporter ?? ['json', 'junit', 'markdown'], {}, context.io);
      const { runScenarios } = await import('./run-action.js');
      await runScenarios({ paths, flags, command, program, context });
    });
}
