import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  createHostLauncher,
  createProcessTracker,
  defaultLaunchHost,
  type LaunchHostChoice,
  resolveClaudeBinary,
} from '../core/index.js';
import { createEventWriter, type RawFinding, type RunEvent, readEventsFor } from '../events/index.js';
import {
  buildReport,
  compareWithBaseline,
  defaultGate,
  evaluateGate,
  type GateResult,
  type RunReport,
  withBaseline,
  withGate,
} from '../report/index.js';
import { createMultiplexer, exitCodeWithReporterErrors, withJsonReporter } from '../reporters/index.js';
import { formatProblems, loadScenarios, type Scenario } from '../scenario/index.js';
import {
  createRedactor,
  errorMessage,
  InfrastructureError,
  packageVersion,
  UserError,
} from '../shared/index.js';
import { runAttempt } from './attempt.js';
import { agentKindOf } from './build-agent.js';
import { preloadCassettes } from './cassettes.js';
import { containerBlockReason } from './container-preflight.js';
import { scenarioCoreConfig } from './core-config.js';
import type { RunValidationOptions } from './options.js';
import { oracleWithoutSolution } from './oracle-solutions.js';
import { planRun } from './plan.js';
import { missingRequirements, probeVersion } from './preflight.js';
import { keptAttempt, keptCount } from './resume.js';
import { linkLatest, newRunId, startRunDir } from './run-dir.js';

export interface RunValidationResult {
  runId: string;
  runDir: string;
  report: RunReport;
  /** The gate over the report: its exit code (before reporter errors) and reasons. */
  gate: GateResult;
  /** Reporters that threw (those that threw during the run are also findings in events.jsonl). */
  reporterErrors: RawFinding[];
  exitCode: number;
  interrupted: boolean;
}

/**
 * The programmatic API: load scenarios, plan, preflight, run every attempt through the real
 * orchestrator, check, and write events.jsonl, report.json and reports/latest. Bad scenarios throw a
 * UserError listing every problem (nothing runs); an agent CLI that cannot run throws an
 * InfrastructureError; a failing orchestrator is a verdict, never an exception.
 */
export async function runValidation(options: RunValidationOptions): Promise<RunValidationResult> {
  const rootDir = resolve(options.rootDir ?? process.cwd());
  const env = options.env ?? process.env;
  const { scenarios, problems } = await loadScenarios(options.paths, {
    rootDir,
    ...(options.scale === undefined ? {} : { scale: options.scale }),
  });
  if (problems.length > 0) {
    throw new UserError(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in the scenarios; nothing ran:\n${formatProblems(problems)}`,
      'OBRA_SCENARIO_INVALID',
    );
  }
  const configs = new Map<string, ReturnType<typeof scenarioCoreConfig>>(
    scenarios.map((s) => [s.name, scenarioCoreConfig(s)]),
  );
  const configProblems = [...configs.values()].flatMap((c) => ('problems' in c ? c.problems : []));
  if (configProblems.length > 0) {
    throw new UserError(
      `invalid orchestrator config in the scenarios; nothing ran:\n${configProblems.join('\n')}`,
      'OBRA_SCENARIO_INVALID',
    );
  }
  const plan = planRun(scenarios, {
    ...(options.grep === undefined ? {} : { grep: options.grep }),
    ...(options.repeat === undefined ? {} : { repeat: options.repeat }),
    ...(options.shard ? { shard: options.shard } : {}),
  });
  if (plan.scenarios.length === 0) {
    throw new UserError(
      `no scenario matches --grep ${JSON.stringify(options.grep)} (scenarios: ${scenarios.map((s) => s.name).join(', ')})`,
      'OBRA_NO_SCENARIOS',
    );
  }
  const unsolvable = oracleWithoutSolution(plan.scenarios, options.agent);
  if (unsolvable.length > 0) {
    throw new UserError(
      `the oracle agent has nothing to apply; nothing ran:\n${unsolvable.join('\n')}`,
      'OBRA_ORACLE_NO_SOLUTION',
    );
  }
  await preloadCassettes(plan.scenarios, options.agent);
  const versions = preflightAgents(plan.scenarios, options.agent, env);
  // Native (posix_spawn) when it was built here, else the Node host: chosen before anything is written.
  let launchHost: LaunchHostChoice | undefined;
  if (!options.launcher) {
    try {
      launchHost = defaultLaunchHost(env);
    } catch (error) {
      throw new UserError(errorMessage(error), 'OBRA_LAUNCH_HOST');
    }
  }

  const reportsDir = resolve(rootDir, options.reportsDir ?? 'reports');
  const runId = options.runId ?? newRunId();
  // A resumed run keeps the manifest it started with (resume.ts checked its scenario hashes).
  const starting = startRunDir(
    reportsDir,
    runId,
    options.resume
      ? undefined
      : { runId, versions, scenarios: plan.scenarios, options: publicOptions(options), env },
  );
  const { runDir } = starting;
  let writer: ReturnType<typeof createEventWriter>;
  try {
    writer = createEventWriter(join(runDir, 'events.jsonl'), {
      redact: createRedactor(env),
      // What the report is built from (core events are not part of it): kept as written, so the report
      // needs no second read of the log (a resumed run's earlier events are only in the file: read it).
      keep: (body) => body.type !== 'core',
      ...(options.resume ? { append: true, startSeq: options.resume.lastSeq } : {}),
    });
  } catch (error) {
    starting.abandon();
    throw error;
  }
  const reporters = createMultiplexer(withJsonReporter(options.reporters ?? []));
  const write = (body: Parameters<typeof writer.write>[0]): RunEvent => {
    const event = writer.write(body);
    reporters.onEvent(event);
    options.onEvent?.(event);
    return event;
  };
  const events = { ...writer, write };
  const started = performance.now();
  const signal = options.signal ?? new AbortController().signal;
  const tracker = options.tracker ?? createProcessTracker();
  const runBegin = (): RunEvent =>
    write({
      type: 'run_begin',
      runId,
      startedAt: new Date().toISOString(),
      rootDir,
      options: publicOptions(options),
      versions,
      ...(launchHost ? { launchHost: { kind: launchHost.transport.kind, reason: launchHost.reason } } : {}),
      scenarios: plan.scenarios.map((s) => ({
        name: s.name,
        file: s.relFile,
        attempts: plan.attempts.filter((a) => a.scenario === s).length,
        tasks: s.tasks.length,
        needs: s.needs,
        tags: s.tags,
        concurrency: options.concurrency ?? s.concurrency,
        wallMs: s.budgets.wallMs,
        ...(Object.keys(s.thresholds).length > 0 ? { thresholds: s.thresholds } : {}),
      })),
      ...(options.shard ? { shard: options.shard } : {}),
      ...(options.resume ? { resumed: { finished: keptCount(plan, options.resume) } } : {}),
    });
  try {
    runBegin();
  } catch (error) {
    // Not even run_begin could be written: the run never began, and leaves no directory behind.
    writer.close();
    starting.abandon();
    throw error;
  }
  // Agents are spawned from a small helper process: its forks do not grow with the harness's memory (the
  // live view's React and Ink), and it kills what it runs if the harness dies (docs/PERFORMANCE.md).
  const ownLauncher = options.launcher ? undefined : createHostLauncher(launchHost!.transport);
  const launcher = options.launcher ?? ownLauncher;
  // It boots while the first attempt is set up (store, workspace, tasks).
  ownLauncher?.warm();

  const passedScenarios = new Map<string, boolean>();
  let bailed = false;
  // `workers` attempts run at once (`concurrency` when no workers are given). An attempt asks for a slot
  // once the scenarios it needs are done, and slots are given in the order asked: the attempts that need
  // nothing in plan order, each of the others as soon as what it needs has ended.
  const slots = createSlots(Math.max(1, options.workers ?? options.concurrency ?? 1));
  const scenarioDone = new Map<string, Promise<void>>();
  // The first attempt that throws (an infrastructure error) stops the run: no attempt starts after it,
  // the running ones finish, then it is rethrown.
  let failure: { error: unknown } | undefined;
  try {
    for (const scenario of plan.scenarios) {
      const attempts = plan.attempts.filter((a) => a.scenario === scenario);
      const needed = scenario.needs.map((need) => scenarioDone.get(need)).filter((p) => p !== undefined);
      let blocked: Promise<string | undefined> | undefined;
      const blockedReason = () => {
        blocked ??= Promise.all(needed).then(
          async () =>
            blockReason(scenario, options.ignoreNeeds ? undefined : passedScenarios, plan.scenarios, env) ??
            (await containerBlockReason(scenario, env, { images: options.images, rootDir })),
        );
        return blocked;
      };
      const runs = attempts.map(({ attempt }) =>
        // The scenarios it needs are waited for before a slot is taken, so a waiting attempt never holds
        // a slot another attempt could run in.
        blockedReason()
          .then((reason) =>
            slots(async () => {
              if (failure) throw failure.error;
              const config = configs.get(scenario.name)!;
              const summary =
                keptAttempt(scenario.name, attempt, options.resume) ??
                (await runAttempt({
                  scenario,
                  attempt,
                  config: 'config' in config ? config.config : {},
                  runDir,
                  rootDir,
                  writer: events,
                  tracker,
                  launcher,
                  override: options.agent,
                  concurrency: options.concurrency,
                  env,
                  images: options.images,
                  signal: bailed ? AbortSignal.abort() : signal,
                  ...(reason ? { blockedReason: reason } : {}),
                }));
              if (options.bail && (summary.verdict === 'failed' || summary.verdict === 'error'))
                bailed = true;
              return summary.verdict === 'passed';
            }),
          )
          .catch((error: unknown) => {
            failure ??= { error };
            throw error;
          }),
      );
      scenarioDone.set(
        scenario.name,
        Promise.allSettled(runs).then((settled) => {
          // A scenario with no attempt in this shard is judged in its own shard (see blockReason).
          const passed = settled.map((r) => r.status === 'fulfilled' && r.value);
          if (passed.length > 0) passedScenarios.set(scenario.name, passed.every(Boolean));
        }),
      );
    }
    await Promise.all(scenarioDone.values());
    if (failure) throw failure.error;
  } finally {
    tracker.killAll();
    ownLauncher?.close();
    for (const finding of reporters.takeFindings()) write({ type: 'finding', finding });
    write({
      type: 'run_end',
      durationMs: Math.round(performance.now() - started) + (options.resume?.priorDurationMs ?? 0),
      interrupted: signal.aborted,
    });
    writer.close();
  }
  // Core events (most of the log, ~10 per task) are not part of the report: the writer kept the others;
  // a resumed run reads them from the log, skipping core lines unparsed.
  const built = buildReport(
    options.resume
      ? await readEventsFor(join(runDir, 'events.jsonl'), (e) => e.type !== 'core', { skipType: 'core' })
      : writer.kept(),
  );
  const timingNoise = (options.gate ?? defaultGate).timingNoise;
  const compared = options.baseline
    ? withBaseline(built, compareWithBaseline(built, options.baseline, { timingNoise }))
    : built;
  // The gate is judged before the reporters see the report, so every banner says when it failed.
  const gate = evaluateGate(compared, options.gate ?? defaultGate);
  const report = withGate(compared, gate);
  // The json reporter writes report.json (junit.xml and report.md: their reporters).
  const reporterErrors = await reporters.onEnd(report, { runDir });
  linkLatest(reportsDir, runId);
  const exitCode = exitCodeWithReporterErrors(gate.exitCode, reporterErrors);
  return { runId, runDir, report, gate, reporterErrors, exitCode, interrupted: signal.aborted };
}

/** Why a scenario cannot run: a `needs` that did not pass, or `requires` binaries missing. */
function blockReason(
  scenario: Scenario,
  passed: ReadonlyMap<string, boolean> | undefined,
  planned: readonly Scenario[],
  env: NodeJS.ProcessEnv,
): string | undefined {
  for (const need of passed ? scenario.needs : []) {
    if (!planned.some((s) => s.name === need))
      return `needs scenario "${need}", which is not part of this run`;
    const result = passed?.get(need);
    // Planned, but every attempt of it is in another shard (--shard): its verdict is not known here,
    // so this shard does not block on it; the merged report (obra-validate report) has both verdicts.
    if (result === undefined) continue;
    if (result !== true) return `needs scenario "${need}", which did not pass`;
  }
  return missingRequirements(scenario.requires, env);
}

/** Fails fast, with one message, when an agent CLI the run needs cannot run. Returns tool versions. */
function preflightAgents(
  scenarios: readonly Scenario[],
  override: 'oracle' | 'null' | undefined,
  env: NodeJS.ProcessEnv,
): Record<string, string> {
  const versions: Record<string, string> = { 'obra-validate': packageVersion(), node: process.version };
  if (scenarios.some((s) => agentKindOf(s, override) === 'claude-code')) {
    const binary = env.OBRA_VALIDATE_CLAUDE_BINARY ?? resolveClaudeBinary();
    if (binary !== 'claude' && !existsSync(binary)) {
      throw new InfrastructureError(
        `preflight: the Claude Code CLI is not installed (${binary} is missing). Run \`npm install\`.`,
        'OBRA_PREFLIGHT',
      );
    }
    const probe = probeVersion(binary, env);
    if ('error' in probe) {
      throw new InfrastructureError(
        `preflight: the Claude Code CLI cannot run: ${probe.error}. Run \`npx obra-validate doctor\` for details.`,
        'OBRA_PREFLIGHT',
      );
    }
    versions['claude-code'] = probe.version;
  }
  return versions;
}

function publicOptions(options: RunValidationOptions): Record<string, unknown> {
  const {
    signal: _signal,
    onEvent: _onEvent,
    env: _env,
    tracker: _tracker,
    launcher: _launcher,
    reporters: _reporters,
    baseline: _baseline,
    resume: _resume,
    ...rest
  } = options;
  return rest as Record<string, unknown>;
}

/** Runs at most `limit` jobs at once, started in the order they were given. */
function createSlots(limit: number): <T>(job: () => Promise<T>) => Promise<T> {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async (job) => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await job();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}
