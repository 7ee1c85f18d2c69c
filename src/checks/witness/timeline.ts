import type { AttemptWitness, CallRecord, TaskWitness } from './attempt-witness.js';
import {
  type CallEnd,
  callEnd,
  iterationsOf,
  netChanges,
  overlapped,
  reportsSessionId,
} from './call-outcome.js';
import type { WireRequest } from './wire-log.js';
import type { WitnessedCommand } from './witnessed-calls.js';
import type { WitnessedChange } from './workspace-walk.js';

/** A call of a task with how it ended, as witnessed. */
export interface TimedCall extends CallRecord {
  outcome: CallEnd;
}

/** One iteration of a task as the witnesses saw it. */
export interface IterationView {
  /** 1-based, counted from the witnessed calls. */
  number: number;
  /** Its calls: one, or more when the agent hit its turn cap and the call was resumed. */
  calls: TimedCall[];
  last: TimedCall;
  /** The files the iteration's calls changed; undefined when it cannot be told (another agent ran meanwhile, or the walks stopped). */
  changes: WitnessedChange[] | undefined;
  /** Evidence commands run after its last call (before the task's next call); undefined when it cannot be told. */
  commands: WitnessedCommand[] | undefined;
  /** The confidence scorer's requests after its last call (before the task's next call). */
  scorer: WireRequest[];
}

export interface TimelineOptions {
  agentKind: string;
  agent: { kind: string; result?: string };
  stopped: boolean;
}

/** A task's witnessed calls, each with its end, grouped into iterations with their windows. Pure. */
export function timelineOf(
  witness: AttemptWitness,
  task: TaskWitness,
  options: TimelineOptions,
): IterationView[] {
  const echo = reportsSessionId(options.agentKind, options.agent);
  const timed: TimedCall[] = task.calls.map((record) => ({
    ...record,
    outcome: callEnd(record.call, { spec: witness.spec, reportsSessionId: echo, stopped: options.stopped }),
  }));
  const own = timed.map((t) => t.call);
  const groups = iterationsOf(timed.map((t) => ({ ...t, end: t.outcome }))).map((group) =>
    group.map(({ end: _end, ...rest }) => rest as TimedCall),
  );
  // With one task at a time, the evidence commands after a call are its own.
  const sequential = witness.sources.concurrency === 1;
  const views: IterationView[] = [];
  for (const [index, calls] of groups.entries()) {
    const first = calls[0]!;
    const last = calls.at(-1)!;
    const next = groups[index + 1]?.[0];
    // The harness walked the workspace at the end of the launch before this one: its window starts there.
    const windowFrom = witness.launches.find((l) => l.seq === first.call.seq - 1)?.end ?? first.call.start;
    const clean = !overlapped(witness.calls, own, windowFrom, last.call.end);
    // The core counts an iteration's evidence from just before its first call: its own calls' changes.
    const launches = witness.launches.filter((l) => calls.some((c) => c.call.seq === l.seq));
    const complete = launches.every((l) => l.changes !== undefined);
    // Until the task's next call; for its last one, until any next agent call (another task's).
    const until = next
      ? next.call.start
      : Math.min(
          ...witness.calls.filter((c) => c.seq > last.call.seq).map((c) => c.start),
          Number.POSITIVE_INFINITY,
        );
    views.push({
      number: index + 1,
      calls,
      last,
      // With tasks at once, an iteration's evidence holds whatever the workspace's other agents changed
      // after its mark: only one task at a time can be compared call by call.
      changes:
        sequential && clean && complete ? netChanges(launches.flatMap((l) => l.changes ?? [])) : undefined,
      commands: sequential
        ? witness.commands.filter((c) => c.start >= last.call.end && c.end <= until)
        : undefined,
      scorer: task.scorer.filter((r) => r.time >= last.call.end && r.time <= until),
    });
  }
  return views;
}
