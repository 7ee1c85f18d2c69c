import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { readAllEvents } from '../../events/index.js';
import {
  baselineFromReport,
  compareWithBaseline,
  evaluateGate,
  loadGateConfig,
  mergeEventLogs,
  mergeGate,
  type NamedLog,
  readBaseline,
  withBaseline,
  withGate,
  writeBaseline,
} from '../../report/index.js';
import {
  createMultiplexer,
  createReporters,
  exitCodeWithReporterErrors,
  outputFilesOf,
  type ReporterName,
  replayEvents,
} from '../../reporters/index.js';
import { didYouMean, makeDirs, type OwnedFileKind, UserError, writeFileAtomic } from '../../shared/index.js';
import type { CommandContext } from '../context.js';
import { type GateFlags, gateOverrides, gateText } from '../gate-flags.js';

export interface ReportFlags extends GateFlags {
  reporter: ReporterName[];
  out?: string;
  baseline?: string;
  updateBaseline?: string;
  config?: string;
}

/** The action of `obra-validate report RUN_DIR...`: reads and merges the logs, replays them into the reporters, applies the gate. */
export async function rebuildReports(
  runDirs: string[],
  flags: ReportFlags,
  context: CommandContext,
): Promise<void> {
  const { io } = context;
  const gate = mergeGate(loadGateConfig(io.cwd, flags.config), gateOverrides(flags));
  const baseline = flags.baseline ? readBaseline(resolve(io.cwd, flags.baseline)) : undefined;
  const inputs = runDirs.map((dir) => resolveRunDir(dir, io.cwd));
  const logs: NamedLog[] = [];
  for (const input of inputs) logs.push({ source: input.shown, events: await readAllEvents(input.events) });
  const events = mergeEventLogs(logs);
  const merged = inputs.length > 1;
  const runDir = merged ? mergedDir(events, inputs, flags.out, io.cwd) : inputs[0]!.dir;
  if (merged) {
    const text = events.map((e) => `${JSON.stringify(e)}\n`).join('');
    writeFileAtomic(join(runDir, 'events.jsonl'), text, EVENT_LOG_KIND);
  }
  const output = {
    ...(flags.out !== undefined && !merged ? { outDir: flags.out } : {}),
    env: io.env,
    cwd: io.cwd,
  };
  const reporters = createMultiplexer(createReporters(flags.reporter, { stdout: io.stdout, ...output }));
  // The baseline comparison, then the gate's verdict, attached before the reporters see the report.
  const { report, reporterErrors } = await replayEvents(events, reporters, {
    runDir,
    decorate: (built) => {
      const compared = baseline
        ? withBaseline(built, compareWithBaseline(built, baseline, { timingNoise: gate.timingNoise }))
        : built;
      return withGate(compared, evaluateGate(compared, gate));
    },
  });
  if (flags.updateBaseline) {
    writeBaseline(resolve(io.cwd, flags.updateBaseline), baselineFromReport(report));
    io.stderr(`obra-validate: baseline written to ${flags.updateBaseline}\n`);
  }
  if (!reporters.printsToStdio) {
    const files = outputFilesOf(flags.reporter, output, runDir).map((f) => relative(io.cwd, f) || f);
    io.stdout(`Readiness: ${report.readiness.status}\nWrote: ${files.join(', ')}\n`);
  }
  for (const error of reporterErrors) io.stderr(`obra-validate: ${error.message.split('\n')[0]}\n`);
  const result = report.gate ?? evaluateGate(report, gate);
  io.stderr(gateText(result));
  context.setExitCode(exitCodeWithReporterErrors(result.exitCode, reporterErrors));
}

/** A merged events.jsonl replaces only an event log: its lines start with the format version and seq. */
const EVENT_LOG_KIND: OwnedFileKind = {
  what: 'an events.jsonl written by obra-validate',
  marker: 'lines starting {"v":1,"seq":',
  isOurs: (head) => /^\{"v":\d+,"seq":\d+,/.test(head),
};

interface RunDirInput {
  /** Absolute run directory. */
  dir: string;
  /** Its events.jsonl. */
  events: string;
  /** As the user wrote it (for messages). */
  shown: string;
}

/** A run directory (or its events.jsonl) that exists and holds an event log; else a UserError. */
function resolveRunDir(given: string, cwd: string): RunDirInput {
  const path = resolve(cwd, given);
  if (!existsSync(path)) {
    const parent = dirname(path);
    const siblings = existsSync(parent) ? readdirSync(parent) : [];
    throw new UserError(
      `no such run directory: "${given}" (${path}).${didYouMean(basename(path), siblings)} Give a directory written by obra-validate, e.g. reports/latest or reports/<run-id>.`,
    );
  }
  if (statSync(path).isFile()) {
    if (path.endsWith('.jsonl')) return { dir: dirname(path), events: path, shown: given };
    throw new UserError(
      `"${given}" is a file; give a run directory (or its events.jsonl), e.g. reports/latest.`,
    );
  }
  const events = join(path, 'events.jsonl');
  if (!existsSync(events)) {
    throw new UserError(
      `"${given}" has no events.jsonl, so it is not a run directory written by obra-validate. Give one of the directories under reports/ (e.g. reports/latest).`,
    );
  }
  return { dir: path, events, shown: given };
}

/** Where a merged report goes: --out, else <parent of the first shard>/<merged run id>; never a shard's own directory. */
function mergedDir(
  events: readonly { type: string; runId?: string }[],
  inputs: readonly RunDirInput[],
  out: string | undefined,
  cwd: string,
): string {
  const runId = events.find((e) => e.type === 'run_begin')?.runId ?? 'merged';
  const dir = out === undefined ? join(dirname(inputs[0]!.dir), runId) : resolve(cwd, out);
  const clash = inputs.find((input) => input.dir === dir);
  if (clash) {
    throw new UserError(
      `--out ${out ?? dir} is the run directory of ${clash.shown}: a merged report would overwrite that shard's events.jsonl. Choose another directory.`,
    );
  }
  makeDirs(dir);
  return dir;
}
