import type { createProcessTracker, ProcessLauncher } from '../core/index.js';
import type { AttemptVerdict, RunEvent } from '../events/index.js';
import type { Baseline, GateConfig } from '../report/index.js';
import type { Reporter } from '../reporters/index.js';

/** Options of runValidation: the programmatic API the CLI and the Vitest plugin share. */
export interface RunValidationOptions {
  /** Scenario files or folders (a folder: its *.yaml files, not recursive). */
  paths: string[];
  /** Project root: scenario paths (cassettes, fixtures) resolve from here. @default process.cwd() */
  rootDir?: string;
  /** Where run directories are written. @default <rootDir>/reports */
  reportsDir?: string;
  /** Replace every scenario's agent: the reference solution (oracle) or nothing at all (null). */
  agent?: 'oracle' | 'null';
  /** Task count for every task generator (stress scenarios). */
  scale?: number;
  /**
   * Tasks run at once within an attempt (overrides each scenario's `concurrency`), and, unless `workers`
   * is given, attempts run at once (each after the scenarios it `needs`).
   */
  concurrency?: number;
  /**
   * Attempts run at once (each after the scenarios it `needs`; each has its own agents, workspace and
   * SQLite file). @default `concurrency` when given, else 1
   */
  workers?: number;
  /** Only scenarios whose name, file or tags match this regular expression. */
  grep?: string;
  /** Run scenarios even when a scenario they `need` did not pass (or is not part of the run). */
  ignoreNeeds?: boolean;
  /**
   * Local images for the images scenarios name, e.g. { "python:3.12-slim-bookworm":
   * "localhost/obra-validate/python3:bookworm" } (`images:` in obra-validate.config.yaml; recorded in
   * manifest.json with the other options). See docs/CONTAINERS.md.
   */
  images?: Readonly<Record<string, string>>;
  /** Stop after the first attempt that does not pass. */
  bail?: boolean;
  /** Run only this shard of the attempts, e.g. { index: 1, total: 3 }. */
  shard?: { index: number; total: number };
  /** Overrides every scenario's `repeat`. */
  repeat?: number;
  /** First abort: stop gracefully and write a partial report marked interrupted. */
  signal?: AbortSignal;
  /** Reporters of the run (createReporters(names, ...)); a json reporter is added when missing. @default [json] */
  reporters?: Reporter[];
  /** Compare with this baseline: the comparison is attached to the report; regressions fail the gate. */
  baseline?: Baseline;
  /** The gate that turns the report into the exit code. @default defaultGate */
  gate?: GateConfig;
  /** Every event, as it is written to events.jsonl (after the reporters saw it). */
  onEvent?: (event: RunEvent) => void;
  /** @default a time-based id */
  runId?: string;
  /** Environment the agents inherit. @default process.env */
  env?: NodeJS.ProcessEnv;
  /** Every process group the run starts is registered here (a second Ctrl+C kills them all). */
  tracker?: ReturnType<typeof createProcessTracker>;
  /**
   * What starts the agents' processes. @default a launch host for the run (createHostLauncher): a small
   * helper process the agents are spawned from, ended with the run
   */
  launcher?: ProcessLauncher;
  /**
   * Continue an interrupted run (prepareResume in resume.ts gives this and the run's own options):
   * its finished attempts are kept, the others run, and events are appended to its events.jsonl.
   */
  resume?: ResumeState;
}

/** What runValidation needs to continue an interrupted run (built by prepareResume in resume.ts). */
export interface ResumeState {
  /** Finished attempts (by attempt id) and their verdicts: kept as they are, not run again. */
  kept: ReadonlyMap<string, AttemptVerdict>;
  /** The last sequence number in events.jsonl: the resumed run appends after it. */
  lastSeq: number;
  /** Wall time the run already spent (its last run_end), added to the resumed run's. */
  priorDurationMs: number;
}
