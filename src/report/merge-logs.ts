import type { PlannedScenario, RunEvent } from '../events/index.js';
import { UserError } from '../shared/index.js';
import { latestAttemptEvents } from './resumed-log.js';

type RunBegin = Extract<RunEvent, { type: 'run_begin' }>;

/** An event log and where it came from (for messages). */
export interface NamedLog {
  source: string;
  events: readonly RunEvent[];
}

/**
 * One event log from the logs of several shards of a run, so buildReport folds it into one report.
 * The merged run_begin is the first shard's with the run id + "-merged", the earliest start, every
 * planned scenario (attempt counts summed) and no shard; attempts are ordered as a single run would
 * have run them (planned scenario order, then attempt number); run-level findings follow; run_end
 * lasts as long as the longest shard and is interrupted when any shard was. Sequence numbers are
 * renumbered. One log is returned unchanged. Throws a UserError when the logs cannot be one run.
 */
export function mergeEventLogs(logs: readonly NamedLog[]): RunEvent[] {
  if (logs.length === 1) return [...logs[0]!.events];
  if (logs.length === 0) throw new UserError('no event log to merge: give at least one run directory');
  const begins = logs.map((log) => beginOf(log));
  checkShards(logs, begins);

  const planned: PlannedScenario[] = [];
  for (const begin of begins) {
    for (const s of begin.scenarios) {
      const known = planned.find((p) => p.name === s.name);
      if (known) known.attempts += s.attempts;
      else planned.push({ ...s, needs: [...s.needs], tags: [...s.tags] });
    }
  }
  const blocks = new Map<string, { scenario: string; attempt: number; events: RunEvent[]; source: string }>();
  const runFindings: RunEvent[] = [];
  for (const log of logs) {
    // A resumed shard repeats the attempts it ran again: keep their last run only.
    for (const event of latestAttemptEvents(log.events)) {
      if (event.type === 'run_begin' || event.type === 'run_end') continue;
      if (event.type === 'finding' && event.attemptId === undefined) {
        runFindings.push(event);
        continue;
      }
      const attemptId = event.attemptId!;
      let block = blocks.get(attemptId);
      if (event.type === 'attempt_begin') {
        if (block) {
          throw new UserError(
            `attempt ${attemptId} is in both ${block.source} and ${log.source}: these are not shards of one run (or one was given twice). Give each shard's run directory once.`,
          );
        }
        block = { scenario: event.scenario, attempt: event.attempt, events: [], source: log.source };
        blocks.set(attemptId, block);
      }
      // Events of an attempt whose begin was lost (a torn log) are dropped, as buildReport would.
      block?.events.push(event);
    }
  }
  const order = (name: string) => {
    const i = planned.findIndex((p) => p.name === name);
    return i === -1 ? planned.length : i;
  };
  const attemptEvents = [...blocks.values()]
    .sort((a, b) => order(a.scenario) - order(b.scenario) || a.attempt - b.attempt)
    .flatMap((b) => b.events);

  const first = begins[0]!;
  const { shard: _shard, ...options } = first.options;
  const { shard: _firstShard, ...beginRest } = first;
  const begin: RunBegin = {
    ...beginRest,
    runId: `${first.runId}-merged`,
    startedAt: begins.map((b) => b.startedAt).sort()[0]!,
    options,
    scenarios: planned,
  };
  const ends = logs.map((log) => log.events.findLast((e) => e.type === 'run_end'));
  const lastTime = Math.max(...logs.flatMap((log) => log.events.map((e) => e.time)));
  const end: RunEvent = {
    v: first.v,
    seq: 0,
    time: lastTime,
    type: 'run_end',
    durationMs: Math.max(...ends.map((e) => (e?.type === 'run_end' ? e.durationMs : 0))),
    interrupted: ends.some((e) => e?.type !== 'run_end' || e.interrupted),
  };
  return [begin, ...attemptEvents, ...runFindings, end].map((event, i) => ({ ...event, seq: i + 1 }));
}

function beginOf(log: NamedLog): RunBegin {
  const begin = log.events.find((e): e is RunBegin => e.type === 'run_begin');
  if (!begin) {
    throw new UserError(
      `${log.source} has no run_begin event: it is not an obra-validate event log (or it was cut before the run began).`,
    );
  }
  return begin;
}

/** Shards of one run: equal totals, each index once. Logs without shard info are accepted as they are. */
function checkShards(logs: readonly NamedLog[], begins: readonly RunBegin[]): void {
  const seen = new Map<number, string>();
  for (const [i, begin] of begins.entries()) {
    const shard = begin.shard;
    if (!shard) continue;
    const source = logs[i]!.source;
    const firstTotal = begins.find((b) => b.shard)?.shard?.total;
    if (shard.total !== firstTotal) {
      throw new UserError(
        `${source} is shard ${shard.index}/${shard.total} but an earlier log is a shard of ${firstTotal}: merge shards of one run only.`,
      );
    }
    const other = seen.get(shard.index);
    if (other !== undefined) {
      throw new UserError(
        `${other} and ${source} are both shard ${shard.index}/${shard.total}: give each shard once.`,
      );
    }
    seen.set(shard.index, source);
  }
}
