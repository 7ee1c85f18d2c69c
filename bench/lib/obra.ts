import { createReadStream, mkdirSync, readlinkSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { cliPath } from './paths.js';
import { expectExit, runTimed, type Timed } from './proc.js';
import { discard } from './trash.js';

export interface ObraRun {
  timed: Timed;
  runDir: string;
  /** The scratch folder the run was made in (ObraRunOptions.workDir). */
  workDir: string;
  eventsBytes: number;
  reportBytes: number;
  /** Lines of events.jsonl that mention SQLITE_BUSY or "database is locked". */
  busyErrors: number;
}

export interface ObraRunOptions {
  /** Scenario file (absolute). */
  scenario: string;
  scale?: number;
  concurrency?: number;
  reporter?: string;
  /** A scratch directory; the run directory goes under <workDir>/reports. */
  workDir: string;
  /**
   * The project root the CLI runs in (scenario paths resolve from it). Default: `<workDir>/project`, a
   * folder holding nothing else: the run watches its project root (the isolation invariants stamp every
   * file in it, before and after), and the scratch folder fills with the bare loops' files and the
   * runs set aside (trash.ts), which no user's project holds.
   */
  cwd?: string;
  rss?: boolean;
  extraArgs?: readonly string[];
  /** Run inside a pseudo-terminal (`script -qec`), without CI set: what a user at a terminal sees. */
  tty?: boolean;
}

/**
 * Runs the built CLI (`node bin/obra-validate.js`) as a CI job would (CI=1: the dot reporter plus the
 * json, junit and markdown files) and fails unless the gate passed.
 */
export async function runObra(options: ObraRunOptions): Promise<ObraRun> {
  const reportsDir = join(options.workDir, 'reports');
  mkdirSync(reportsDir, { recursive: true });
  const cwd = options.cwd ?? join(options.workDir, 'project');
  mkdirSync(cwd, { recursive: true });
  const args = [
    cliPath,
    options.scenario,
    '--reports-dir',
    reportsDir,
    ...(options.scale === undefined ? [] : ['--scale', String(options.scale)]),
    ...(options.concurrency === undefined ? [] : ['--concurrency', String(options.concurrency)]),
    ...(options.reporter === undefined ? [] : ['--reporter', options.reporter]),
    ...(options.extraArgs ?? []),
  ];
  const command = [process.execPath, ...args];
  const { CI: _ci, ...withoutCi } = process.env;
  const timed = expectExit(
    `obra-validate ${args.slice(1).join(' ')}`,
    await runTimed(
      options.tty ? ['script', '-qec', command.map(shellQuote).join(' '), '/dev/null'] : command,
      {
        cwd,
        env: options.tty
          ? { ...withoutCi, TERM: 'xterm-256color' }
          : { ...process.env, CI: '1', FORCE_COLOR: '0', NO_COLOR: '1' },
        ...(options.rss ? { rss: true } : {}),
      },
    ),
  );
  const runDir = resolve(reportsDir, readlinkSync(join(reportsDir, 'latest')));
  const events = join(runDir, 'events.jsonl');
  return {
    timed,
    runDir,
    workDir: options.workDir,
    eventsBytes: statSync(events).size,
    reportBytes: statSync(join(runDir, 'report.json')).size,
    busyErrors: await countMatching(events, /SQLITE_BUSY|database is locked/i),
  };
}

/** Sets a run's directory tree aside until the benchmark ends (trash.ts says why it is not deleted now). */
export function removeRun(run: ObraRun): void {
  discard(run.runDir, run.workDir);
}

async function countMatching(path: string, pattern: RegExp): Promise<number> {
  let count = 0;
  const lines = createInterface({
    input: createReadStream(path, 'utf8'),
    crlfDelay: Number.POSITIVE_INFINITY,
  });
  for await (const line of lines) if (pattern.test(line)) count++;
  return count;
}

function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
