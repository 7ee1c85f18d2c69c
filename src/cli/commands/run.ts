import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { createProcessTracker } from '../../core/index.js';
import { createLineReporter } from '../../reporters/index.js';
import { runValidation } from '../../runner/index.js';
import { UserError } from '../../shared/index.js';
import { type CommandContext, unknownCommandHint } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { positiveInt, regex, shard } from '../parse-flags.js';

interface RunFlags {
  agent?: 'oracle' | 'null';
  scale?: number;
  concurrency?: number;
  repeat?: number;
  grep?: string;
  bail?: boolean;
  shard?: { index: number; total: number };
  reportsDir?: string;
}

/** `obra-validate [paths...]`: the default command, runs scenarios. */
export function addRunCommand(program: Command, context: CommandContext): void {
  program
    .command('run [paths...]', { isDefault: true })
    .description('run the scenarios in the given files or folders (default command; default path: scenarios/)')
    .addOption(new Option('--agent <kind>', 'replace every scenario agent: the reference solution or nothing').choices(['oracle', 'null']))
    .option('--scale <n>', 'tasks per task generator (stress scenarios)', positiveInt('--scale'))
    .option('--concurrency <n>', 'tasks run at once within an attempt', positiveInt('--concurrency'))
    .option('--repeat <n>', "attempts per scenario (overrides each scenario's repeat)", positiveInt('--repeat'))
    .option('--grep <regex>', 'only scenarios whose name, file or tags match', regex('--grep'))
    .option('--bail', 'stop after the first attempt that fails')
    .option('--shard <i/n>', 'run only shard i of n of the attempts', shard)
    .option('--reports-dir <dir>', 'where run directories go', 'reports')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  $ npx obra-validate scenarios/',
        '  $ npx obra-validate scenarios/stress.yaml --scale 1000 --concurrency 8',
        '  $ npx obra-validate scenarios/ --agent oracle      # proves every scenario is passable',
        '',
        'Exit codes: 0 gate passed, 1 gate failed, 2 usage or scenario error, 3 could not judge, 130 interrupted.',
      ].join('\n'),
    )
    .action(async (paths: string[], flags: RunFlags) => {
      const io = context.io;
      const targets = paths.length > 0 ? paths : ['scenarios'];
      for (const path of targets) {
        if (!existsSync(resolve(io.cwd, path))) {
          throw new UserError(
            `no such file or folder: "${path}".${unknownCommandHint(path, program)} Give scenario files or folders, e.g. \`npx obra-validate scenarios/\`.`,
          );
        }
      }
      const controller = new AbortController();
      const tracker = createProcessTracker();
      let interrupts = 0;
      const onSigint = () => {
        interrupts++;
        if (interrupts === 1) {
          io.stderr('\nobra-validate: stopping gracefully (a partial report will be written); press Ctrl+C again to kill.\n');
          controller.abort(new Error('interrupted'));
        } else {
          tracker.killAll('SIGKILL');
          io.stderr('obra-validate: killed.\n');
          process.exit(ExitCode.Interrupted);
        }
      };
      process.on('SIGINT', onSigint);
      process.on('SIGTERM', onSigint);
      const reporter = createLineReporter(io.stdout);
      try {
        const result = await runValidation({
          paths: targets,
          rootDir: io.cwd,
          reportsDir: flags.reportsDir ?? 'reports',
          signal: controller.signal,
          tracker,
          env: io.env,
          onEvent: (event) => reporter.onEvent(event),
          ...(flags.agent ? { agent: flags.agent } : {}),
          ...(flags.scale ? { scale: flags.scale } : {}),
          ...(flags.concurrency ? { concurrency: flags.concurrency } : {}),
          ...(flags.repeat ? { repeat: flags.repeat } : {}),
          ...(flags.grep ? { grep: flags.grep } : {}),
          ...(flags.bail ? { bail: true } : {}),
          ...(flags.shard ? { shard: flags.shard } : {}),
        });
        reporter.onEnd(result.report, result.runDir);
        context.setExitCode(result.exitCode);
      } finally {
        process.off('SIGINT', onSigint);
        process.off('SIGTERM', onSigint);
        tracker.killAll('SIGKILL');
      }
    });
}
