import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrchestratorEvent } from '../../core/index.js';
import { CACHE_BYTES, createEventSpool } from '../../runner/event-spool.js';
import type { AttemptContext } from '../context.js';
import { watchIsolation } from '../isolation.js';
import {
  type RealAttempt,
  runRealAttempt,
  withBrokenDatabase,
  withEditedEvents,
  withEditedLaunches,
  withWireLog,
} from '../test-helpers/attempt.js';
import { evaluateInvariants, INVARIANTS } from './index.js';

let run: RealAttempt;
let milestone: RealAttempt;

beforeAll(async () => {
  // alpha: a reply without work gets retry feedback, then the work; beta: error_max_turns, then a resume.
  run = await runRealAttempt({
    agent: 'claude',
    tasks: [
      {
        key: 'alpha',
        title: 'Alpha task',
        description: 'Write alpha.txt with the word alpha',
        steps: [{ text: "I'm not sure what to do." }, { write: { 'alpha.txt': 'alpha' } }],
      },
      {
        key: 'beta',
        title: 'Beta task',
        description: 'Write beta.txt with the word beta',
        steps: [{ subtype: 'error_max_turns', text: '' }, { write: { 'beta.txt': 'beta' } }],
      },
    ],
  });
  milestone = await runRealAttempt({
    agent: 'claude',
    milestone: true,
    tasks: [
      { key: 's1', title: 'Story one', description: 'Write s1.txt', steps: [{ write: { 's1.txt': '1' } }] },
      { key: 's2', title: 'Story two', description: 'Write s2.txt', steps: [{ write: { 's2.txt': '2' } }] },
    ],
  });
});
afterAll(() => {
  run?.cleanup();
  milestone?.cleanup();
});

const resultOf = (ctx: AttemptContext, name: string) => {
  const result = evaluateInvariants(ctx).find((r) => r.id === `invariant:${name}`);
  if (!result) throw new Error(`no result for invariant ${name}`);
  return result;
};

type Events = OrchestratorEvent[];
const calls = (events: Events) =>
  events.filter((e) => e.type === 'agent_call_start' || e.type === 'agent_call_end');
/** Task alpha's decisions replaced by clarify decisions, one per entry, passing the gate or not. */
const withClarifyLoop = (ctx: AttemptContext, passes: boolean[]) =>
  withEditedEvents(ctx, (events) => {
    const template = events.find((e) => e.type === 'decision' && e.taskId === 1)!;
    const loop = passes.map((passesGate, i) => ({
      ...template,
      iteration: i + 1,
      action: 'clarify',
      passesGate,
    }));
    const at = events.indexOf(template);
    return [
      ...events.slice(0, at),
      ...(loop as Events),
      ...events.slice(at).filter((e) => !(e.type === 'decision' && e.taskId === 1)),
    ];
  });
const callEnds = (events: Events) =>
  events.filter(
    (e): e is Extract<OrchestratorEvent, { type: 'agent_call_end' }> => e.type === 'agent_call_end',
  );
const firstSession = (ctx: AttemptContext) =>
  ([...ctx.coreEvents].find((e) => e.type === 'session_start') as { sessionId: string }).sessionId;

describe('evaluateInvariants on clean real runs', () => {
  it.each([
    ['retry feedback and an error_max_turns resume', () => run.ctx, 4],
    ['a milestone sharing one resumed session', () => milestone.ctx, 2],
  ])('%s: every invariant passes', (_name, ctx, callCount) => {
    const results = evaluateInvariants(ctx());
    expect(results.map((r) => r.id)).toEqual(INVARIANTS.map((i) => `invariant:${i.name}`));
    expect(results.filter((r) => r.status !== 'passed')).toEqual([]);
    for (const r of results) expect(r).toMatchObject({ kind: 'invariant', evidence: [] });
    expect(results.find((r) => r.id === 'invariant:one-interaction-per-call')?.actual).toBe(
      `${callCount} agent calls, ${callCount} interactions`,
    );
  });

  it('contract invariants are blockers', () => {
    const severities = Object.fromEntries(evaluateInvariants(run.ctx).map((r) => [r.id, r.severity]));
    expect(severities['invariant:session-created-before-call']).toBe('blocker');
    expect(severities['invariant:usage-totals']).toBe('blocker');
    expect(severities['invariant:no-decision-loop']).toBe('major');
  });
});

/** Each row breaks a clean run the way one of the original's bugs would and names the invariant that must catch it. */
const broken: {
  name: string;
  invariant: string;
  findingKind: string;
  message: RegExp;
  breakIt: (ctx: AttemptContext) => AttemptContext;
}[] = [
  {
    name: 'the session row of a call was never created (deleted)',
    invariant: 'session-created-before-call',
    findingKind: 'session_not_found',
    message: /used session .* which has no sessions row/,
    breakIt: (ctx) =>
      withBrokenDatabase(ctx, 'no-session', `DELETE FROM sessions WHERE id = '${firstSession(ctx)}'`),
  },
  {
    name: 'the session is opened only after the call',
    invariant: 'session-created-before-call',
    findingKind: 'session_not_found',
    message: /before its session_start/,
    breakIt: (ctx) =>
      withEditedEvents(ctx, (events) => {
        const start = events.findIndex((e) => e.type === 'session_start');
        const [moved] = events.splice(start, 1);
        const call = events.findIndex((e) => e.type === 'agent_call_end');
        events.splice(call + 1, 0, moved!);
        return events;
      }),
  },
  {
    name: 'the agent echoed another session id',
    invariant: 'agent-session-echoed',
    findingKind: 'session_mismatch',
    message: /reported session 00000000-.* but the call was given/,
    breakIt: (ctx) =>
      withBrokenDatabase(
        ctx,
        'other-echo',
        "UPDATE interactions SET agent_session_id = '00000000-0000-0000-0000-000000000000' WHERE id = 2",
      ),
  },
  {
    name: 'claude-code reported no session id',
    invariant: 'agent-session-echoed',
    findingKind: 'session_mismatch',
    message: /the claude-code agent reported no session id/,
    breakIt: (ctx) =>
      withBrokenDatabase(ctx, 'null-echo', 'UPDATE interactions SET agent_session_id = NULL WHERE id = 1'),
  },
  {
    name: 'a new call reuses the session id of an earlier task',
    invariant: 'no-session-reuse',
    findingKind: 'session_reuse',
    message: /started session .* as new \(--session-id\), but task alpha .* already used it/,
    breakIt: (ctx) =>
      withEditedEvents(ctx, (events) => {
        const used = firstSession(ctx);
        const beta = ctx.tasks.find((t) => t.key === 'beta')!.taskId;
        for (const e of calls(events))
          if ('taskId' in e && e.taskId === beta) Object.assign(e, { sessionId: used });
        return events;
      }),
  },
  {
    name: 'a resume of a session no call started',
    invariant: 'no-session-reuse',
    findingKind: 'session_reuse',
    message: /resumed session .* which no earlier call started/,
    breakIt: (ctx) =>
      withEditedEvents(ctx, (events) => {
        const first = events.find((e) => e.type === 'agent_call_start');
        Object.assign(first!, { resume: true });
        return events;
      }),
  },
  {
    name: 'a session left active',
    invariant: 'no-active-session',
    findingKind: 'orphan_session',
    message: /session .* of task alpha \(#1\) is still 'active'/,
    breakIt: (ctx) =>
      withBrokenDatabase(
        ctx,
        'active',
        `UPDATE sessions SET status = 'active', ended_at = NULL WHERE id = '${firstSession(ctx)}'`,
      ),
  },
  {
    name: 'an agent call without its interaction row',
    invariant: 'one-interaction-per-call',
    findingKind: 'missing_interaction',
    message: /4 agent calls but 3 interaction rows/,
    breakIt: (ctx) => withBrokenDatabase(ctx, 'no-interaction', 'DELETE FROM interactions WHERE id = 2'),
  },
  {
    name: 'a session whose tokens do not add up',
    invariant: 'usage-totals',
    findingKind: 'usage_mismatch',
    message: /input_tokens is 101, but its interactions add up to 100/,
    breakIt: (ctx) =>
      withBrokenDatabase(
        ctx,
        'tokens',
        `UPDATE sessions SET input_tokens = input_tokens + 1 WHERE id = '${firstSession(ctx)}'`,
      ),
  },
  {
    name: 'a session whose interaction count does not add up',
    invariant: 'usage-totals',
    findingKind: 'usage_mismatch',
    message: /interaction_count is 5, but its interactions add up to 1/,
    breakIt: (ctx) =>
      withBrokenDatabase(
        ctx,
        'count',
        `UPDATE sessions SET interaction_count = 5 WHERE id = '${firstSession(ctx)}'`,
      ),
  },
  {
    name: 'a completed task without evidence nor proceed',
    invariant: 'task-status-consistent',
    findingKind: 'completion_without_evidence',
    message: /task beta \(#2\) is completed with no file change recorded and its last decision is retry/,
    breakIt: (ctx) =>
      withEditedEvents(
        withBrokenDatabase(ctx, 'no-evidence', 'DELETE FROM file_changes WHERE task_id = 2'),
        (events) => {
          for (const e of events) if (e.type === 'decision' && e.taskId === 2) e.action = 'retry';
          return events;
        },
      ),
  },
  {
    name: 'a task left running after a full attempt',
    invariant: 'task-status-consistent',
    findingKind: 'task_left_pending',
    message: /task alpha \(#1\) is left 'running'/,
    breakIt: (ctx) => withBrokenDatabase(ctx, 'running', "UPDATE tasks SET status = 'running' WHERE id = 1"),
  },
  {
    name: 'a task ended in an unexpected exception',
    invariant: 'no-unclassified-exception',
    findingKind: 'swallowed_exception',
    message: /task beta \(#2\) ended with an unexpected exception: QualityResult has no attribute gate/,
    breakIt: (ctx) =>
      withEditedEvents(ctx, (events) => {
        const end = events.findLast((e) => e.type === 'task_end');
        Object.assign(end!, {
          status: 'failed',
          error: { kind: 'unexpected', message: 'QualityResult has no attribute gate' },
        });
        return events;
      }),
  },
  {
    name: 'an error event without a kind',
    invariant: 'no-unclassified-exception',
    findingKind: 'swallowed_exception',
    message: /the error event of task alpha \(#1\) iteration 1 has no kind \(got ""\)/,
    breakIt: (ctx) =>
      withEditedEvents(ctx, (events) => [
        ...events,
        { type: 'error', time: Date.now(), taskId: 1, iteration: 1, error: { kind: '', message: 'boom' } },
      ]),
  },
  {
    name: 'argv passes another --max-turns than computed',
    invariant: 'max-turns-as-computed',
    findingKind: 'turn_cap',
    message: /computed maxTurns 4 but its argv passes --max-turns 1/,
    breakIt: (ctx) =>
      withEditedEvents(ctx, (events) => {
        const argv = callEnds(events)[0]!.argv;
        argv[argv.indexOf('--max-turns') + 1] = '1';
        return events;
      }),
  },
  {
    name: 'a resume after error_max_turns without a higher cap',
    invariant: 'max-turns-as-computed',
    findingKind: 'turn_cap',
    message: /after error_max_turns at 4 turns with a cap of 4; the cap must go up/,
    breakIt: (ctx) =>
      withEditedEvents(ctx, (events) => {
        const resumed = callEnds(events).find((e) => e.resume)!;
        resumed.maxTurns = 4;
        resumed.argv[resumed.argv.indexOf('--max-turns') + 1] = '4';
        return events;
      }),
  },
  {
    name: 'the feedback of iteration 1 dropped from the prompt of iteration 2',
    invariant: 'prompt-carries-task',
    findingKind: 'feedback_dropped',
    message:
      /the prompt of task alpha \(#1\) iteration 2 lacks the feedback of iteration 1 "The previous attempt/,
    breakIt: (ctx) =>
      withEditedEvents(ctx, (events) => {
        const second = events.find((e) => e.type === 'iteration_start' && e.iteration === 2);
        if (second?.type === 'iteration_start')
          second.prompt = second.prompt.split('Feedback from earlier')[0]!;
        return events;
      }),
  },
  {
    name: 'a prompt without the task description',
    invariant: 'prompt-carries-task',
    findingKind: 'feedback_dropped',
    message: /iteration 1 lacks the description "Write beta.txt/,
    breakIt: (ctx) =>
      withEditedEvents(ctx, (events) => {
        for (const e of events) {
          if (e.type === 'iteration_start' && e.taskId === 2)
            e.prompt = e.prompt.replace('Write beta.txt', '');
        }
        return events;
      }),
  },
  {
    name: 'a dangling foreign key',
    invariant: 'sqlite-integrity',
    findingKind: 'database_corrupt',
    message: /foreign key broken: interactions row \d+ references a missing sessions row/,
    breakIt: (ctx) => withBrokenDatabase(ctx, 'fk', `DELETE FROM sessions WHERE id = '${firstSession(ctx)}'`),
  },
  {
    name: 'a database file that is not a database',
    invariant: 'sqlite-integrity',
    findingKind: 'database_corrupt',
    message: /is not a database/,
    breakIt: (ctx) => {
      const database = join(ctx.attemptDir, 'garbage.sqlite');
      writeFileSync(database, 'this is not a SQLite file, it is only text '.repeat(200));
      return { ...ctx, database };
    },
  },
  {
    name: 'a process left running',
    invariant: 'no-process-left',
    findingKind: 'process_leak',
    message: /1 process group was still alive/,
    breakIt: (ctx) => ({ ...ctx, leftoverProcesses: 1 }),
  },
  {
    name: 'a clarify loop on work that passes the gate',
    invariant: 'no-decision-loop',
    findingKind: 'decision_loop',
    message: /task alpha \(#1\) asked to clarify 3 times in a row/,
    breakIt: (ctx) =>
      withEditedEvents(ctx, (events) => {
        const template = events.find((e) => e.type === 'decision' && e.taskId === 1)!;
        const loop = [1, 2, 3].map((iteration) => ({
          ...template,
          iteration,
          action: 'clarify',
          passesGate: true,
        }));
        const at = events.indexOf(template);
        return [
          ...events.slice(0, at),
          ...(loop as Events),
          ...events.slice(at).filter((e) => !(e.type === 'decision' && e.taskId === 1)),
        ];
      }),
  },
  {
    name: 'a task that ended at a turn cap it could not raise',
    invariant: 'max-turns-as-computed',
    findingKind: 'turn_cap',
    message: /task beta \(#2\) ended at the turn cap \(--max-turns \d+, not raised further\)/,
    breakIt: (ctx) =>
      withEditedEvents(ctx, (events) => {
        const end = events.findLast((e) => e.type === 'task_end' && e.taskId === 2);
        Object.assign(end!, {
          status: 'failed',
          error: { kind: 'error_max_turns', message: 'the agent hit --max-turns 8' },
        });
        return events;
      }),
  },
  {
    name: 'the gate read through a field QualityResult does not have (undefined in the decision)',
    invariant: 'judgement-complete',
    findingKind: 'quality_mismatch',
    message: /the decision of task alpha \(#1\) iteration 1 \(retry\) has passesGate is undefined/,
    breakIt: (ctx) =>
      withEditedEvents(ctx, (events) => {
        const decision = events.find((e) => e.type === 'decision' && e.taskId === 1);
        delete (decision as { passesGate?: boolean }).passesGate;
        return events;
      }),
  },
  {
    name: 'a judged interaction persisted without its gate verdict',
    invariant: 'judgement-complete',
    findingKind: 'quality_mismatch',
    message: /interaction 1 \(task alpha \(#1\) iteration 1\) has decision retry but no quality_score/,
    breakIt: (ctx) =>
      withBrokenDatabase(ctx, 'no-gate', 'UPDATE interactions SET passes_gate = NULL WHERE id = 1'),
  },
  {
    name: 'a bool stored where the task result object is expected',
    invariant: 'task-result-recorded',
    findingKind: 'type_mismatch',
    message: /task alpha \(#1\) is completed but its result is a boolean \(true\)/,
    breakIt: (ctx) => withBrokenDatabase(ctx, 'bool-result', "UPDATE tasks SET result = 'true' WHERE id = 1"),
  },
  {
    name: 'a file written into the project, outside the workspace and the run directory',
    invariant: 'nothing-written-outside',
    findingKind: 'outside_write',
    message:
      /2 files outside the workspace and the run directory were written: notes\/escaped\.txt \(created\), README\.md \(modified\)/,
    breakIt: (ctx) => {
      const root = watchedProject(ctx, 'outside');
      const isolation = watchIsolation({
        rootDir: root,
        reportsDir: join(root, 'reports'),
        protectedPaths: [],
      });
      mkdirSync(join(root, 'notes'));
      writeFileSync(join(root, 'notes', 'escaped.txt'), 'written by the agent');
      writeFileSync(join(root, 'README.md'), 'changed');
      writeFileSync(join(root, 'reports', 'run-1.txt'), 'the run directory may be written');
      return { ...ctx, isolation };
    },
  },
  {
    name: 'the golden file edited by the agent',
    invariant: 'protected-paths-unchanged',
    findingKind: 'protected_path_tampered',
    message: /protected file fixtures\/golden\/out\.txt was modified during the attempt/,
    breakIt: (ctx) => {
      const root = watchedProject(ctx, 'protected');
      const golden = join(root, 'fixtures', 'golden');
      const isolation = watchIsolation({
        rootDir: root,
        reportsDir: join(root, 'reports'),
        protectedPaths: [golden],
      });
      writeFileSync(join(golden, 'out.txt'), 'the output the agent happens to print');
      return { ...ctx, isolation };
    },
  },
  // Each record compared with what the harness saw outside the core.
  {
    name: 'a witnessed call whose interaction row is missing',
    invariant: 'calls-witnessed',
    findingKind: 'missing_interaction',
    message: /launch 1 .* has no interaction row/,
    breakIt: (ctx) => withBrokenDatabase(ctx, 'w-no-row', 'DELETE FROM interactions WHERE id = 1'),
  },
  {
    name: 'an interaction row for a call nobody made',
    invariant: 'calls-witnessed',
    findingKind: 'unwitnessed_interaction',
    message: /the harness never saw made/,
    breakIt: (ctx) =>
      withBrokenDatabase(
        ctx,
        'w-extra-row',
        "INSERT INTO interactions (project_id, task_id, session_id, iteration, prompt, response, input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens, turns, cost_usd, duration_ms, is_error, created_at) SELECT project_id, task_id, 'ghost', iteration, prompt, response, 0, 0, 0, 0, 0, 0, 0, 0, created_at FROM interactions WHERE id = 1",
      ),
  },
  {
    name: 'cache read and cache creation tokens swapped',
    invariant: 'interactions-match-witness',
    findingKind: 'record_mismatch',
    message: /cache_creation_tokens is "7", witnessed "5"/,
    breakIt: (ctx) =>
      withBrokenDatabase(
        ctx,
        'w-swapped',
        'UPDATE interactions SET cache_creation_tokens = cache_read_tokens, cache_read_tokens = cache_creation_tokens',
      ),
  },
  {
    name: 'a reply stored cut short',
    invariant: 'interactions-match-witness',
    findingKind: 'record_mismatch',
    message: /response is .* witnessed/,
    breakIt: (ctx) =>
      withBrokenDatabase(ctx, 'w-cut', 'UPDATE interactions SET response = substr(response, 1, 5)'),
  },
  {
    name: 'a session closed as abandoned although its call was judged',
    invariant: 'sessions-match-witness',
    findingKind: 'session_record',
    message: /it is abandoned, expected completed/,
    breakIt: (ctx) =>
      withBrokenDatabase(
        ctx,
        'w-abandoned',
        "UPDATE sessions SET status = 'abandoned', reason = 'x' WHERE id = (SELECT session_id FROM interactions WHERE decision = 'proceed' LIMIT 1)",
      ),
  },
  {
    name: 'a session whose cost is not what its calls printed',
    invariant: 'sessions-match-witness',
    findingKind: 'session_record',
    message: /cost_usd is .*its calls printed/,
    breakIt: (ctx) => withBrokenDatabase(ctx, 'w-cost', 'UPDATE sessions SET cost_usd = cost_usd * 2'),
  },
  {
    name: 'a confidence that is not the specified pipeline over the call',
    invariant: 'judgement-recomputed',
    findingKind: 'judgement_mismatch',
    message: /confidence is .* specified/,
    breakIt: (ctx) =>
      withBrokenDatabase(
        ctx,
        'w-confidence',
        "UPDATE interactions SET confidence = confidence - 0.01 WHERE decision = 'proceed'",
      ),
  },
  {
    name: 'a retry recorded as proceed',
    invariant: 'judgement-recomputed',
    findingKind: 'judgement_mismatch',
    message: /decision is proceed, specified retry/,
    breakIt: (ctx) =>
      withBrokenDatabase(
        ctx,
        'w-decision',
        "UPDATE interactions SET decision = 'proceed' WHERE decision = 'retry'",
      ),
  },
  {
    name: 'feedback recorded that never reached the agent',
    invariant: 'feedback-reaches-the-model',
    findingKind: 'feedback_dropped',
    message: /lacks the feedback of iteration 1/,
    breakIt: (ctx) =>
      withBrokenDatabase(
        ctx,
        'w-feedback',
        "UPDATE interactions SET feedback = 'words the agent never saw' WHERE decision = 'retry'",
      ),
  },
  {
    name: 'a file change the harness did not see',
    invariant: 'file-changes-match-workspace',
    findingKind: 'evidence_mismatch',
    message: /records .* the harness saw/,
    breakIt: (ctx) =>
      withBrokenDatabase(ctx, 'w-evidence', "UPDATE file_changes SET hash_after = 'abc' WHERE id = 1"),
  },
  {
    name: 'a task stored with another priority than the scenario gives',
    invariant: 'tasks-match-scenario',
    findingKind: 'task_record',
    message: /priority is 6, the scenario gives 5/,
    breakIt: (ctx) => withBrokenDatabase(ctx, 'w-priority', 'UPDATE tasks SET priority = 6 WHERE id = 1'),
  },
  {
    name: 'a task whose result counts other iterations than ran',
    invariant: 'tasks-match-scenario',
    findingKind: 'task_record',
    message: /result.iterations is 1, it ran 2/,
    breakIt: (ctx) =>
      withBrokenDatabase(
        ctx,
        'w-iterations',
        "UPDATE tasks SET result = json_set(result, '$.iterations', 1) WHERE id = 1",
      ),
  },
  {
    name: 'two agent calls at once at concurrency 1',
    invariant: 'schedule-as-configured',
    findingKind: 'schedule',
    message: /2 agent calls ran at once/,
    breakIt: (ctx) =>
      withEditedLaunches(ctx, 'w-overlap', (launches) => {
        launches[1]!.start = launches[0]!.start;
        return launches;
      }),
  },
  {
    name: 'a turn cap that is not the configured one',
    invariant: 'turn-caps-as-configured',
    findingKind: 'turn_cap',
    message: /got --max-turns 4, the configuration gives 5/,
    breakIt: (ctx) => ({
      ...ctx,
      witness: {
        ...ctx.witness,
        config: { ...ctx.witness.config, maxTurns: { task: 5, story: 5, cap: 20 } },
      },
    }),
  },
  {
    name: 'a milestone left active after its stories completed',
    invariant: 'milestones-match-scenario',
    findingKind: 'milestone_record',
    message: /status is active, its tasks make it completed/,
    // The milestone run (the other rows break the plain one).
    breakIt: () =>
      withBrokenDatabase(
        milestone.ctx,
        'w-milestone',
        "UPDATE milestones SET status = 'active', completed_at = NULL",
      ),
  },
  {
    name: 'a turn cap hit without the breakpoint',
    invariant: 'breakpoints-recomputed',
    findingKind: 'breakpoint_record',
    message: /its calls call for \[turn_cap\/low\]/,
    breakIt: (ctx) =>
      withBrokenDatabase(ctx, 'w-breakpoints', "DELETE FROM breakpoint_events WHERE kind = 'turn_cap'"),
  },
  {
    name: 'the project row in another working directory',
    invariant: 'project-matches-scenario',
    findingKind: 'project_record',
    message: /working_directory is \/elsewhere/,
    breakIt: (ctx) =>
      withBrokenDatabase(ctx, 'w-project', "UPDATE projects SET working_directory = '/elsewhere'"),
  },
  {
    name: 'a request on the wire in a session no call was given',
    invariant: 'wire-matches-calls',
    findingKind: 'wire_mismatch',
    message: /carried session stray-session, which no witnessed call was given/,
    breakIt: (ctx) =>
      withWireLog(ctx, 'w-stray', (lines) => [
        ...lines,
        { ...lines[0]!, seq: 99, sessionId: 'stray-session' },
      ]),
  },
  {
    name: 'the prompt on the command line is not what the model was asked',
    invariant: 'wire-matches-calls',
    findingKind: 'wire_mismatch',
    message: /the model was not asked the prompt on its command line/,
    breakIt: (ctx) =>
      withWireLog(ctx, 'w-asked', (lines) => lines.map((l) => ({ ...l, asked: 'something else' }))),
  },
  {
    name: "a task_end whose usage is not its calls' sum",
    invariant: 'events-match-records',
    findingKind: 'event_mismatch',
    message: /the task_end of task alpha \(#1\): usage.inputTokens is 0/,
    breakIt: (ctx) =>
      withEditedEvents(ctx, (events) => {
        const end = events.find((e) => e.type === 'task_end' && e.taskId === 1);
        if (end?.type === 'task_end') end.usage = { ...end.usage, inputTokens: 0 };
        return events;
      }),
  },
  {
    name: 'an iteration_end that does not say its decision',
    invariant: 'events-match-records',
    findingKind: 'event_mismatch',
    message: /the iteration_end of task alpha \(#1\) iteration 1 says error, its decision was retry/,
    breakIt: (ctx) =>
      withEditedEvents(ctx, (events) => {
        const end = events.find((e) => e.type === 'iteration_end' && e.taskId === 1);
        if (end?.type === 'iteration_end') end.action = 'error';
        return events;
      }),
  },
  {
    name: 'a log that is not what the agent printed',
    invariant: 'agent-logs-match-witness',
    findingKind: 'log_mismatch',
    message:
      /task alpha \(#1\) iteration 1 call 1: stdout log holds \d+ characters, the agent printed \d+ characters/,
    breakIt: (ctx) =>
      withEditedLaunches(ctx, 'w-log', (launches) => {
        const first = launches.find((l) => l.role === 'agent')!;
        first.stdout = `${first.stdout}\nprinted but never logged`;
        first.stdoutBytes = Buffer.byteLength(first.stdout);
        return launches;
      }),
  },
  {
    name: 'a row the store cannot read back (a decision outside its enum)',
    invariant: 'store-reads-match-file',
    findingKind: 'store_read',
    message: /interactions.get\(1\) threw: .*maybe/,
    breakIt: (ctx) =>
      withBrokenDatabase(
        ctx,
        'w-read',
        "PRAGMA ignore_check_constraints = ON; UPDATE interactions SET decision = 'maybe' WHERE id = 1",
      ),
  },
  {
    name: 'a file that does not keep what the store writes (a trigger rewrites a resolution)',
    invariant: 'store-contracts',
    findingKind: 'store_contract',
    message: /a breakpoint is resolved once, then no longer unresolved: .*resolution tampered/,
    breakIt: (ctx) =>
      withBrokenDatabase(
        ctx,
        'w-contract',
        "CREATE TRIGGER tamper AFTER UPDATE OF resolution ON breakpoint_events BEGIN UPDATE breakpoint_events SET resolution = 'tampered' WHERE id = NEW.id; END",
      ),
  },
];

/** A small project (README, reports/, fixtures/golden/out.txt) inside the attempt folder, for a watcher. */
function watchedProject(ctx: AttemptContext, name: string): string {
  const root = join(ctx.attemptDir, `project-${name}`);
  mkdirSync(join(root, 'reports'), { recursive: true });
  mkdirSync(join(root, 'fixtures', 'golden'), { recursive: true });
  writeFileSync(join(root, 'README.md'), 'readme');
  writeFileSync(join(root, 'fixtures', 'golden', 'out.txt'), 'golden');
  return root;
}

describe('evaluateInvariants on runs broken like the original bugs', () => {
  it.each(broken)(
    '$name → $invariant fails ($findingKind)',
    ({ invariant, findingKind, message, breakIt }) => {
      const result = resultOf(breakIt(run.ctx), invariant);
      expect(result).toMatchObject({ status: 'failed', findingKind, kind: 'invariant' });
      expect(result.message).toMatch(message);
      expect(result.actual).toMatch(/violation/);
    },
  );

  it('every invariant is broken by at least one row above', () => {
    expect(new Set(broken.map((b) => b.invariant))).toEqual(new Set(INVARIANTS.map((i) => i.name)));
  });

  it('a database that is not a database: the other database invariants cannot be judged (error)', () => {
    const ctx = broken.find((b) => b.name.includes('not a database'))!.breakIt(run.ctx);
    const results = evaluateInvariants(ctx);
    const usage = results.find((r) => r.id === 'invariant:usage-totals')!;
    expect(usage).toMatchObject({ status: 'error' });
    expect(usage.message).toMatch(/could not open the attempt database .* the invariant cannot be judged/);
    expect(results.find((r) => r.id === 'invariant:no-session-reuse')?.status).toBe('passed');
  });
});

describe('what the invariants allow', () => {
  it.each([
    [
      'a command agent that cannot echo a session id (null)',
      'agent-session-echoed',
      (ctx: AttemptContext) => ({
        ...withBrokenDatabase(ctx, 'cmd-null', 'UPDATE interactions SET agent_session_id = NULL'),
        agentKind: 'command' as const,
      }),
    ],
    [
      'a call that failed before the agent produced a result (agent_timeout)',
      'agent-session-echoed',
      (ctx: AttemptContext) =>
        withBrokenDatabase(
          ctx,
          'timeout-null',
          "UPDATE interactions SET agent_session_id = NULL, error_subtype = 'agent_timeout', is_error = 1 WHERE id = 1",
        ),
    ],
    [
      'a task left running when the attempt was stopped by a budget',
      'task-status-consistent',
      (ctx: AttemptContext) => ({
        ...withBrokenDatabase(ctx, 'stopped', "UPDATE tasks SET status = 'running' WHERE id = 1"),
        stopped: true,
      }),
    ],
    [
      'a completed task with a final proceed but no file change',
      'task-status-consistent',
      (ctx: AttemptContext) => withBrokenDatabase(ctx, 'proceed', 'DELETE FROM file_changes'),
    ],
    [
      'a claude-code argv check does not apply to a command agent',
      'max-turns-as-computed',
      (ctx: AttemptContext) => ({
        ...withEditedEvents(ctx, (events) => {
          for (const e of callEnds(events)) e.argv = ['my-agent', 'prompt'];
          return events;
        }),
        agentKind: 'command' as const,
      }),
    ],
    [
      'three clarify decisions of which one failed the gate',
      'no-decision-loop',
      (ctx: AttemptContext) => withClarifyLoop(ctx, [true, false, true]),
    ],
    [
      // Its last run has one clarify: the loop was in a run that is over (without the reset, four).
      'a clarify loop in a run the task then started over (task_start again, one clarify)',
      'no-decision-loop',
      (ctx: AttemptContext) =>
        withEditedEvents(withClarifyLoop(ctx, [true, true, true]), (events) => {
          const start = events.find((e) => e.type === 'task_start' && e.taskId === 1)!;
          const clarify = events.find((e) => e.type === 'decision' && e.taskId === 1)!;
          return [...events, { ...start }, { ...clarify, iteration: 1 }];
        }),
    ],
  ])('%s passes %s', (_name, invariant, make) => {
    expect(resultOf(make(run.ctx), invariant)).toMatchObject({ status: 'passed' });
  });
});

describe('what the invariants say, exactly', () => {
  it('the turn cap a task ended at is the cap of its last call', () => {
    const ctx = withEditedEvents(run.ctx, (events) => {
      const end = events.findLast((e) => e.type === 'task_end' && e.taskId === 2);
      Object.assign(end!, { status: 'failed', error: { kind: 'error_max_turns', message: 'capped' } });
      return events;
    });
    const caps = callEnds(ctx.coreEvents as Events)
      .filter((e) => e.taskId === 2)
      .map((e) => e.maxTurns);
    expect(new Set(caps).size).toBeGreaterThan(1); // the first call's cap is not the last's
    expect(resultOf(ctx, 'max-turns-as-computed').message).toContain(
      `task beta (#2) ended at the turn cap (--max-turns ${caps.at(-1)}, not raised further)`,
    );
  });

  it('names the agent calls whose interaction row is missing', () => {
    const ctx = withBrokenDatabase(run.ctx, 'no-interaction-listed', 'DELETE FROM interactions WHERE id = 2');
    const call = callEnds(ctx.coreEvents as Events).find((e) => e.interactionId === 2)!;
    const result = resultOf(ctx, 'one-interaction-per-call');
    expect(result.actual).toContain(
      `agent calls without their interaction row: interaction 2 (task ${call.taskId === 1 ? 'alpha (#1)' : 'beta (#2)'} iteration ${call.iteration})`,
    );
  });

  it("gives the same results from a spool larger than its cache as from the events' list", () => {
    // Lines of a type no invariant asks for, past CACHE_BYTES: the spool streams every pick.
    const padding = { type: 'padding', text: 'x'.repeat(64 * 1024) } as unknown as OrchestratorEvent;
    const cases = [run.ctx, withClarifyLoop(run.ctx, [true, true, true]), withClarifyLoop(run.ctx, [true])];
    for (const [n, ctx] of cases.entries()) {
      const spool = createEventSpool<OrchestratorEvent>(join(run.ctx.attemptDir, `large-spool-${n}.jsonl`));
      try {
        for (let i = 0; i <= CACHE_BYTES / (64 * 1024); i++) spool.push(padding);
        for (const event of ctx.coreEvents) spool.push(event);
        const withoutTimes = (results: ReturnType<typeof evaluateInvariants>) =>
          results.map(({ durationMs: _, ...result }) => result);
        expect(withoutTimes(evaluateInvariants({ ...ctx, coreEvents: spool.events() }))).toEqual(
          withoutTimes(evaluateInvariants(ctx)),
        );
      } finally {
        spool.dispose();
      }
    }
  });
});
