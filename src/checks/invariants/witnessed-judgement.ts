import type { AttemptContext } from '../context.js';
import { plural, quote } from '../text.js';
import type { AttemptWitness, TaskWitness } from '../witness/attempt-witness.js';
import { judgeWitnessed, servedConfidence } from '../witness/reference-judge.js';
import type { IterationView } from '../witness/timeline.js';
import { type Invariant, type Violation, violation } from './types.js';
import { iterationsOfTask, label, witnessOf } from './witness-context.js';

/** An LLM scores confidence, and its requests can be told apart from the agent's. */
const scorerWitnessed = (ctx: AttemptContext) => ctx.scenario.llm.kind !== 'heuristic';

/** What the witnesses say about one judged iteration, or why it cannot be recomputed. */
function witnessedInputs(
  ctx: AttemptContext,
  witness: AttemptWitness,
  task: TaskWitness,
  view: IterationView,
  problems: string[],
):
  | {
      kind: 'inputs';
      changedFiles: string[];
      checks: { passed: boolean }[];
      llm: number | undefined;
      reason?: string;
    }
  | { kind: 'llm-failed' }
  | { kind: 'unknown'; why: string } {
  if (view.changes === undefined)
    return { kind: 'unknown', why: 'its workspace changes cannot be told apart' };
  const changedFiles = view.changes
    .map((c) => c.path)
    .filter((path) => !witness.isIgnored(path) && !witness.isNotWork(path));
  const configured = witness.spec.evidenceChecks.length;
  const commands = view.commands;
  if (commands === undefined) return { kind: 'unknown', why: 'its evidence commands cannot be told apart' };
  const expectedCommands = changedFiles.length === 0 ? configured : 0;
  if (commands.length !== expectedCommands) {
    problems.push(
      `${plural(commands.length, 'evidence command')} ran after it, expected ${expectedCommands} (${plural(configured, 'configured')}, ${plural(changedFiles.length, 'file')} changed)`,
    );
  }
  if (!scorerWitnessed(ctx)) {
    return { kind: 'inputs', changedFiles, checks: commands, llm: undefined };
  }
  const answered = view.scorer.filter((r) => r.status === 200 && r.served !== undefined);
  const served = answered.at(-1);
  const confidence = served ? servedConfidence(served.served!.text) : undefined;
  if (!confidence) return { kind: 'llm-failed' };
  const asked = served!.asked ?? '';
  const reply = view.last.call.printed?.text ?? '';
  const told: [string, string][] = [
    ['the title', task.scenario.title],
    ['the description', task.scenario.description],
    ['the reply', reply.slice(0, 200)],
    ...changedFiles.map((path): [string, string] => [`the changed file ${path}`, path]),
  ];
  for (const [what, text] of told) {
    if (!asked.includes(text))
      problems.push(`the confidence scorer was not told ${what} (${quote(text, 60)})`);
  }
  return {
    kind: 'inputs',
    changedFiles,
    checks: commands,
    llm: confidence.confidence,
    ...(confidence.reason ? { reason: confidence.reason } : {}),
  };
}

const same = (a: number | null, b: number) => a !== null && Math.abs(a - b) <= 1e-9;

/**
 * Each recorded judgement (quality score, gate, confidence, decision, feedback) is the specified pipeline
 * applied to what the witnesses saw: the reply the agent printed, the files the harness saw change, the
 * evidence commands' exits, the confidence the model server served (docs/DETECTION.md, "The judgement as
 * specified"). A call the orchestrator must not judge (an agent error, a turn cap, another session, a
 * failed scorer) has no judgement.
 */
export const judgementRecomputed: Invariant = {
  name: 'judgement-recomputed',
  title: 'every judgement is the specified pipeline over the witnessed call',
  expected:
    'quality_score, passes_gate, confidence and decision equal the pipeline recomputed from the printed reply, the witnessed changes and evidence commands and the served confidence; no judgement where none is due',
  findingKind: 'judgement_mismatch',
  severity: 'blocker',
  usesDatabase: true,
  check(ctx, db) {
    const witness = witnessOf(ctx, db);
    const violations: Violation[] = [];
    let judged = 0;
    const unknown: string[] = [];
    for (const [taskId, task] of witness.byTask) {
      for (const view of iterationsOfTask(ctx, witness, task)) {
        const row = view.last.row;
        if (!row) continue;
        const where = `interaction ${row.id} (${label(task, taskId)} iteration ${view.number})`;
        const problems: string[] = [];
        const decided = row.decision !== null;
        if (view.last.outcome.kind !== 'judged') {
          if (decided)
            problems.push(
              `has decision ${row.decision}, but its call ended ${view.last.outcome.kind} and is not judged`,
            );
          if (view.scorer.length > 0)
            problems.push('the confidence scorer was asked about a call that is not judged');
        } else {
          const inputs = witnessedInputs(ctx, witness, task, view, problems);
          if (inputs.kind === 'unknown') unknown.push(`${where}: ${inputs.why}`);
          else if (inputs.kind === 'llm-failed') {
            if (decided)
              problems.push(`has decision ${row.decision}, but the confidence scorer served no confidence`);
          } else {
            judged++;
            const expected = judgeWitnessed({
              text: view.last.call.printed?.text ?? '',
              sessionEchoed: true,
              changedFiles: inputs.changedFiles,
              evidenceChecks: inputs.checks,
              llmConfidence: inputs.llm,
              spec: witness.spec,
            });
            if (!same(row.quality_score, expected.qualityScore))
              problems.push(`quality_score is ${row.quality_score}, specified ${expected.qualityScore}`);
            if (row.passes_gate !== (expected.passesGate ? 1 : 0))
              problems.push(`passes_gate is ${row.passes_gate}, specified ${expected.passesGate ? 1 : 0}`);
            if (!same(row.confidence, expected.confidence))
              problems.push(`confidence is ${row.confidence}, specified ${expected.confidence}`);
            if (row.decision !== expected.decision)
              problems.push(`decision is ${row.decision}, specified ${expected.decision}`);
            const wantsFeedback = expected.decision === 'retry' || expected.decision === 'clarify';
            if (wantsFeedback && !row.feedback) problems.push(`a ${expected.decision} has no feedback`);
            if (!wantsFeedback && row.feedback !== null)
              problems.push(`a ${expected.decision} carries feedback`);
            if (expected.decision === 'clarify' && inputs.reason && !row.feedback?.includes(inputs.reason)) {
              problems.push(`its feedback leaves out the reviewer's reason ${quote(inputs.reason, 60)}`);
            }
          }
        }
        if (problems.length > 0)
          violations.push(violation('judgement_mismatch', `${where}: ${problems.join('; ')}`));
      }
    }
    const note =
      unknown.length > 0 ? ` (${plural(unknown.length, 'judgement')} not recomputed: ${unknown[0]})` : '';
    return { checked: `${plural(judged, 'judgement')} recomputed from the witnesses${note}`, violations };
  },
};

/**
 * What the orchestrator recorded as feedback reaches the agent word for word: the prompt of every
 * iteration after the first carries the recorded feedback of each earlier iteration, both on the
 * agent's command line and in what the model server was asked; every prompt carries the task's title,
 * description and working directory (a turn-cap continuation: its title).
 */
export const feedbackReachesTheModel: Invariant = {
  name: 'feedback-reaches-the-model',
  title: 'recorded feedback reaches the model word for word',
  expected:
    "each iteration's prompt (command line and wire) carries the task, its working directory and every earlier iteration's recorded feedback",
  findingKind: 'feedback_dropped',
  severity: 'blocker',
  usesDatabase: true,
  check(ctx, db) {
    const witness = witnessOf(ctx, db);
    const violations: Violation[] = [];
    let prompts = 0;
    for (const [taskId, task] of witness.byTask) {
      const feedback: { iteration: number; text: string }[] = [];
      for (const view of iterationsOfTask(ctx, witness, task)) {
        view.calls.forEach((timed, i) => {
          const call = timed.call;
          if (call.prompt === undefined) return;
          prompts++;
          const onWire = call.wire.find((r) => r.asked !== undefined)?.asked;
          const texts: [string, string | undefined][] = [
            ['its command line', call.prompt],
            ['the model', onWire],
          ];
          const wanted: [string, string][] =
            i === 0
              ? [
                  ['the title', task.scenario.title],
                  ['the description', task.scenario.description],
                  ['the working directory', call.cwd],
                  ...feedback.map((f): [string, string] => [
                    `the feedback of iteration ${f.iteration}`,
                    f.text,
                  ]),
                ]
              : [['the title', task.scenario.title]];
          for (const [where, text] of texts) {
            if (text === undefined) continue;
            const missing = wanted
              .filter(([, part]) => part !== '' && !text.includes(part))
              .map(([what]) => what);
            if (missing.length > 0) {
              violations.push(
                violation(
                  'feedback_dropped',
                  `the prompt ${where} got for ${label(task, taskId)} iteration ${view.number} lacks ${missing.join(', ')}`,
                ),
              );
            }
          }
        });
        const recorded = view.last.row?.feedback;
        if (recorded) feedback.push({ iteration: view.number, text: recorded });
      }
    }
    return { checked: `${plural(prompts, 'prompt')} on the command line and the wire`, violations };
  },
};
