import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Command, Option } from 'commander';
import { createProcessTracker } from '../../core/index.js';
import {
  baselineFromReport,
  loadGateConfig,
  mergeGate,
  readBaseline,
  writeBaseline,
} from '../../report/index.js';
import {
  createReporters,
  defaultReporterNames,
  parseReporterNames,
  REPORTER_NAMES,
  type ReporterName,
} from '../../reporters/index.js';
import { prepareResume, runValidation } from '../../runner/index.js';
import { UserError } from '../../shared/index.js';
import { type CommandContext, unknownCommandHint } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { positiveInt, rate, regex, shard } from '../parse-flags.js';

interface RunFlags {
  agent?: 'oracle' | 'null';
  scale?: number;
  concurrency?: number;
  repeat?: number;
  grep?: string;
  bail?: boolean;
  deps?: boolean;
  shard?: { index: number; total: number };
  reportsDir?: string;
  reporter?: ReporterName[];
  baseline?: string;
  updateBaseline?: string;
  config?: string;
  required?: string[];
  minPassRate?: number;
  maxInfraErrorRate?: number;
  allowFlaky?: boolean;
  allowRegressions?: boolean;
  resume?: string;
}

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
    .action(async (paths: string[], flags: RunFlags, command: Command) => {
      const io = context.io;
      const targets = paths.length > 0 ? paths : ['scenarios'];
      const resumed = flags.resume ? await resumeRun(flags.resume, paths, command, io) : undefined;
      for (const path of resumed ? [] : targets) {
        if (!existsSync(resolve(io.cwd, path))) {
          throw new UserError(
            `no such file or folder: "${path}".${unknownCommandHint(path, program)} Give scenario files or folders, e.g. \`npx obra-validate scenarios/\`.`,
          );
        }
      }
      const gate = mergeGate(loadGateConfig(io.cwd, flags.config), {
        required: flags.required,
        minPassRate: flags.minPassRate,
        maxInfraErrorRate: flags.maxInfraErrorRate,
        allowFlaky: flags.allowFlaky,
        allowRegressions: flags.allowRegressions,
      });
      const baseline = flags.baseline ? readBaseline(resolve(io.cwd, flags.baseline)) : undefined;
      const reporters = createReporters(flags.reporter ?? defaultReporterNames(io.env, io.isTTY), {
        stdout: io.stdout,
        ...(io.isTTY ? { stdoutStream: process.stdout } : {}),
        env: io.env,
        cwd: io.cwd,
      });
      const controller = new AbortController();
      const tracker = createProcessTracker();
      let interrupts = 0;
      const onSigint = () => {
        interrupts++;
        if (interrupts === 1) {
          io.stderr(
            '\nobra-validate: stopping gracefully (a partial report will be written); press Ctrl+C again to kill.\n',
          );
          controller.abort(new Error('interrupted'));
        } else {
          tracker.killAll('SIGKILL');
          io.stderr('obra-validate: killed.\n');
          process.exit(ExitCode.Interrupted);
        }
      };
      process.on('SIGINT', onSigint);
      process.on('SIGTERM', onSigint);
      try {
        const result = await runValidation({
          paths: targets,
          rootDir: io.cwd,
          reportsDir: flags.reportsDir ?? 'reports',
          signal: controller.signal,
          tracker,
          env: io.env,
          reporters,
          gate,
          ...(baseline ? { baseline } : {}),
          ...(flags.agent ? { agent: flags.agent } : {}),
          ...(flags.scale ? { scale: flags.scale } : {}),
          ...(flags.concurrency ? { concurrency: flags.concurrency } : {}),
          ...(flags.repeat ? { repeat: flags.repeat } : {}),
          ...(flags.grep ? { grep: flags.grep } : {}),
          ...(flags.bail ? { bail: true } : {}),
          ...(flags.deps === false ? { ignoreNeeds: true } : {}),
          ...(flags.shard ? { shard: flags.shard } : {}),
          // The run's own scenarios, root, directory and plan flags (no plan flag may be given with --resume).
          ...(resumed ? { ...resumed.options, resume: resumed.state } : {}),
        });
        if (flags.updateBaseline && !result.interrupted) {
          writeBaseline(resolve(io.cwd, flags.updateBaseline), baselineFromReport(result.report));
          io.stderr(`obra-validate: baseline written to ${flags.updateBaseline}\n`);
        }
        for (const error of result.reporterErrors)
          io.stderr(`obra-validate: ${error.message.split('\n')[0]}\n`);
        if (result.gate.reasons.length > 0) {
          io.stderr(
            `Gate (exit ${result.gate.exitCode}):\n${result.gate.reasons.map((r) => `  - ${r}\n`).join('')}`,
          );
        }
        context.setExitCode(result.exitCode);
      } finally {
        for (const reporter of reporters) reporter.dispose?.();
        process.off('SIGINT', onSigint);
        process.off('SIGTERM', onSigint);
        tracker.killAll('SIGKILL');
      }
    });
}

/** Flags that shape a run's plan: a resumed run keeps the ones it started with. */
const PLAN_FLAGS = ['agent', 'scale', 'concurrency', 'repeat', 'grep', 'bail', 'deps', 'shard', 'reportsDir'];

/** `--resume RUN_DIR`: checks the command line, prepares the run directory, says what will run. */
async function resumeRun(runDir: string, paths: string[], command: Command, io: CommandContext['io']) {
  const given = PLAN_FLAGS.filter((name) => command.getOptionValueSource(name) === 'cli');
  if (paths.length > 0 || given.length > 0) {
    const what = [
      ...(paths.length > 0 ? [`scenario paths (${paths.join(' ')})`] : []),
      ...given.map(
        (name) => `--${name === 'deps' ? 'no-deps' : name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`,
      ),
    ];
    throw new UserError(
      `--resume continues a run with the scenarios and flags it started with; do not give ${what.join(', ')}. Run \`npx obra-validate --resume ${runDir}\` alone, or start a new run.`,
    );
  }
  const prepared = await prepareResume(resolve(io.cwd, runDir), runDir);
  io.stderr(
    `obra-validate: resuming run ${prepared.options.runId} in ${prepared.runDir}: ${prepared.state.kept.size} attempt(s) finished and kept${prepared.discarded.length > 0 ? `; unfinished, run again: ${prepared.discarded.join(', ')}` : ''}\n`,
  );
  return prepared;
}
