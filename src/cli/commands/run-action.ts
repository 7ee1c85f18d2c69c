import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createProcessTracker } from '../../core/index.js';
import {
  baselineFromReport,
  loadProjectConfig,
  mergeGate,
  readBaseline,
  writeBaseline,
} from '../../report/index.js';
import { createReporters, defaultReporterNames, type ReporterName } from '../../reporters/index.js';
import { prepareResume, runValidation } from '../../runner/index.js';
import { UserError } from '../../shared/index.js';
import { type CommandContext, unknownCommandHint } from '../context.js';
import { ExitCode } from '../exit-codes.js';
import { type GateFlags, gateOverrides, gateText } from '../gate-flags.js';

export interface RunFlags extends GateFlags {
  agent?: 'oracle' | 'null';
  scale?: number;
  concurrency?: number;
  workers?: number;
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
  resume?: string;
}

export interface RunInvocation {
  paths: string[];
  flags: RunFlags;
  /** The run command (where each flag came from). */
  command: Command;
  /** The whole program (for "did you mean" a command). */
  program: Command;
  context: CommandContext;
}

/** The action of `obra-validate [paths...]`: runs the scenarios, Ctrl+C handling, baseline, exit code. */
export async function runScenarios({
  paths,
  flags,
  command,
  program,
  context,
}: RunInvocation): Promise<void> {
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
  const config = loadProjectConfig(io.cwd, flags.config);
  const gate = mergeGate(config.gate, gateOverrides(flags));
  const workers = flags.workers ?? config.workers;
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
      ...(workers ? { workers } : {}),
      ...(config.images ? { images: config.images } : {}),
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
    for (const error of result.reporterErrors) io.stderr(`obra-validate: ${error.message.split('\n')[0]}\n`);
    io.stderr(gateText(result.gate));
    context.setExitCode(result.exitCode);
  } finally {
    for (const reporter of reporters) reporter.dispose?.();
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
    tracker.killAll('SIGKILL');
  }
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
