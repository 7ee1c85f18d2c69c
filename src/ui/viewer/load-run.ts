import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve, sep } from 'node:path';
import Database from 'better-sqlite3';
import { checkEventLogVersion, type RunEvent, readAllEvents } from '../../events/index.js';
import { buildReport, REPORT_SCHEMA_VERSION, type RunReport } from '../../report/index.js';
import { didYouMean, errorMessage, UserError } from '../../shared/index.js';
import { type AttemptDetail, attemptDetails } from './run-model.js';

/** Longest excerpt of an agent reply or an evidence file the viewer reads. */
export const EXCERPT_CHARS = 4000;

/** A run directory as the viewer shows it. */
export interface LoadedRun {
  /** Absolute run directory. */
  dir: string;
  report: RunReport;
  /** report.json, or the event log when report.json is missing (a run stopped before writing it). */
  reportSource: 'report.json' | 'events.jsonl';
  /**
   * Per attempt: tasks and iterations from events.jsonl; empty when the run has no event log. Filled in
   * the background when report.json is there (see detailsStatus).
   */
  details: ReadonlyMap<string, AttemptDetail>;
  /** Whether `details` is complete, still being read from events.jsonl, or could not be read. */
  detailsStatus(): { state: 'ready' } | { state: 'loading' } | { state: 'failed'; message: string };
  /**
   * Reads the event log into `details` (the first call starts it; the viewer calls it once its first
   * screen is drawn, so the read does not delay that screen). Settles, never rejects, once `details`
   * is complete or failed.
   */
  loadDetails(): Promise<void>;
  hasEvents: boolean;
  /** The agent's replies of an attempt by interaction id (from its obra.sqlite), or why there are none. */
  replies(attemptId: string): { replies: ReadonlyMap<number, string> } | { missing: string };
  /** The start of an evidence file (a path relative to the run directory), or why it cannot be shown. */
  evidence(path: string): { text: string; truncated: boolean } | { missing: string };
}

/** Why tasks and iterations are not shown yet: the event log is still being read, or could not be. */
export function detailsGap(run: LoadedRun): string | undefined {
  const status = run.detailsStatus();
  if (status.state === 'loading') return 'reading the tasks from events.jsonl…';
  if (status.state === 'failed') return `no task detail: events.jsonl could not be read: ${status.message}`;
  return undefined;
}

/**
 * Reads a run directory for the viewer: report.json (or the report rebuilt from events.jsonl) and the
 * event log for per-iteration detail. A missing directory, one that is not a run directory, and files
 * written by a newer obra-validate are UserErrors (exit 2) saying which and what to do.
 */
export async function loadRun(given: string, cwd: string): Promise<LoadedRun> {
  const dir = resolve(cwd, given);
  if (!existsSync(dir)) {
    const parent = dirname(dir);
    const siblings = existsSync(parent) ? readdirSync(parent) : [];
    throw new UserError(
      `no such run directory: "${given}" (${dir}).${didYouMean(basename(dir), siblings)} Run scenarios first (\`npx obra-validate scenarios/\` writes reports/latest), or give a directory under reports/.`,
      'OBRA_VIEW_NO_RUN',
    );
  }
  if (!statSync(dir).isDirectory()) {
    throw new UserError(
      `"${given}" is a file; give a run directory, e.g. reports/latest or reports/<run-id>.`,
    );
  }
  const reportPath = join(dir, 'report.json');
  const eventsPath = join(dir, 'events.jsonl');
  const hasReport = existsSync(reportPath);
  const hasEvents = existsSync(eventsPath);
  if (!hasReport && !hasEvents) {
    throw new UserError(
      `"${given}" holds neither report.json nor events.jsonl, so it is not a run directory written by obra-validate. Give one of the directories under reports/ (e.g. reports/latest).`,
    );
  }
  // The first screen needs report.json only: with it, the event log (25 MB for a 10,000-task run) is
  // read after the viewer is up, and only its version is checked now. Without it, the report is built
  // from the log, so the log is read first.
  const details = new Map<string, AttemptDetail>();
  const fill = (events: readonly RunEvent[]) => {
    for (const [id, detail] of attemptDetails(events)) details.set(id, detail);
  };
  let status: ReturnType<LoadedRun['detailsStatus']> = { state: 'ready' };
  let report: RunReport;
  let loadDetails = () => Promise.resolve();
  if (hasReport) {
    report = readReport(reportPath);
    if (hasEvents) {
      checkEventLogVersion(eventsPath);
      status = { state: 'loading' };
      let loading: Promise<void> | undefined;
      loadDetails = () => {
        loading ??= readAllEvents(eventsPath).then(
          (events) => {
            fill(events);
            status = { state: 'ready' };
          },
          (error: unknown) => {
            status = { state: 'failed', message: errorMessage(error) };
          },
        );
        return loading;
      };
    }
  } else {
    const events = await readAllEvents(eventsPath);
    report = buildReport(events);
    fill(events);
  }
  const databases = new Map<string, ReturnType<LoadedRun['replies']>>();
  return {
    dir,
    report,
    reportSource: hasReport ? 'report.json' : 'events.jsonl',
    details,
    detailsStatus: () => status,
    loadDetails: () => loadDetails(),
    hasEvents,
    replies(attemptId) {
      let known = databases.get(attemptId);
      if (!known) {
        known = readReplies(dir, details.get(attemptId)?.database);
        // Until the event log is read, the attempt's database is not known yet: ask again later.
        if (status.state !== 'loading') databases.set(attemptId, known);
      }
      return known;
    },
    evidence: (path) => readEvidence(dir, path),
  };
}

function readReport(path: string): RunReport {
  let report: RunReport;
  try {
    report = JSON.parse(readFileSync(path, 'utf8')) as RunReport;
  } catch (error) {
    throw new UserError(
      `${path} is not valid JSON (${errorMessage(error)}). Rebuild it from the event log: npx obra-validate report ${dirname(path)}`,
    );
  }
  if (typeof report.schemaVersion !== 'number' || report.schemaVersion > REPORT_SCHEMA_VERSION) {
    throw new UserError(
      `${path} was written by a newer obra-validate (report schema version ${String(report.schemaVersion)}; this one reads up to ${REPORT_SCHEMA_VERSION}). Upgrade obra-validate to view it.`,
      'OBRA_VIEW_TOO_NEW',
    );
  }
  return report;
}

/** Replies (cut to EXCERPT_CHARS) by interaction id, read once from the attempt's SQLite file. */
function readReplies(dir: string, database: string | undefined): ReturnType<LoadedRun['replies']> {
  if (database === undefined) return { missing: 'the event log does not name the attempt database' };
  const path = join(dir, database);
  if (!existsSync(path)) return { missing: `${database} is not in the run directory` };
  let db: Database.Database | undefined;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const rows = db
      .prepare('SELECT id, substr(response, 1, ?) AS response FROM interactions ORDER BY id')
      .all(EXCERPT_CHARS) as { id: number; response: string | null }[];
    return { replies: new Map(rows.map((r) => [r.id, r.response ?? ''])) };
  } catch (error) {
    return { missing: `${database} could not be read: ${errorMessage(error)}` };
  } finally {
    db?.close();
  }
}

/** The first EXCERPT_CHARS of an evidence file inside the run directory. */
function readEvidence(dir: string, path: string): ReturnType<LoadedRun['evidence']> {
  const full = resolve(dir, path);
  if (full !== dir && !full.startsWith(dir + sep)) return { missing: 'outside the run directory' };
  if (!existsSync(full)) return { missing: 'not in the run directory' };
  const stat = statSync(full);
  if (stat.isDirectory()) return { text: `${readdirSync(full).join('\n')}\n`, truncated: false };
  const fd = openSync(full, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(stat.size, EXCERPT_CHARS));
    const read = readSync(fd, buffer, 0, buffer.length, 0);
    const text = buffer.subarray(0, read).toString('utf8');
    if (text.includes('\u0000')) return { missing: `a binary file (${stat.size} bytes)` };
    return { text, truncated: stat.size > read };
  } finally {
    closeSync(fd);
  }
}
