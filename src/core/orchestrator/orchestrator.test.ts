import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { createAgent } from '../agents/index.js';
import { type CoreConfigInput, parseCoreConfig } from '../config/index.js';
import { createTrackerPool } from '../evidence/index.js';
import { createLlm, type LlmProvider } from '../llm/index.js';
import { openStore, type Store } from '../store/index.js';
import { assessQuality, validateResponse } from '../validation/index.js';
import type { OrchestratorContext } from './context.js';
import { createOrchestrator } from './create-orchestrator.js';
import type { OrchestratorEvent } from './events.js';
import { FEEDBACK_HEADER } from './prompt.js';
import { runProject } from './run-project.js';

const script = join(dirname(fileURLToPath(import.meta.url)), 'test-helpers', 'scripted-agent.mjs');
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

interface Call {
  sessionId: string;
  resume: boolean;
  maxTurns: number;
  prompt: string;
}

/** A temporary folder with a real store file, a workspace and a project of `taskCount` tasks. */
function tempProject(taskCount: number, description: (n: number) => string) {
  const dir = mkdtempSync(join(tmpdir(), 'obra-orch-'));
  const workspace = join(dir, 'ws');
  mkdirSync(workspace);
  const store: Store = openStore({ path: join(dir, 'obra.sqlite') });
  cleanups.push(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const project = store.projects.create({ name: 'p', workingDirectory: workspace });
  const tasks = Array.from({ length: taskCount }, (_, i) =>
    store.tasks.create({ projectId: project.id, title: `Task ${i + 1}`, description: description(i + 1) }),
  );
  return { dir, workspace, store, project, tasks };
}

/** A real store file, a workspace, and the scripted agent playing `plan`. */
function setup(
  plan: object[],
  taskCount = 1,
  config: CoreConfigInput = {},
  listener?: (event: OrchestratorEvent) => void,
) {
  const { dir, workspace, store, project, tasks } = tempProject(taskCount, (n) => `Write out_${n}.txt`);
  const planFile = join(dir, 'plan.json');
  const logFile = join(dir, 'calls.jsonl');
  writeFileSync(planFile, JSON.stringify(plan));
  const agent = createAgent({
    kind: 'command',
    argv: [
      process.execPath,
      script,
      planFile,
      logFile,
      '{{sessionId}}',
      '{{resume}}',
      '{{maxTurns}}',
      '{{prompt}}',
    ],
    result: 'json',
  });
  const events: OrchestratorEvent[] = [];
  const orchestrator = createOrchestrator({
    store,
    agent,
    config: { maxTurns: { task: 4, cap: 20 }, ...config },
    onEvent: (e) => {
      events.push(e);
      listener?.(e);
    },
  });
  const calls = (): Call[] =>
    readFileSync(logFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Call);
  return { store, project, tasks, orchestrator, events, calls, workspace };
}

const writes = { write: { 'out_{{n}}.txt': 'done' }, text: 'Created the file with the requested content.' };

/**
 * Tasks whose agent (a real shell process) holds a lock directory beside the workspace while it runs
 * and fails when another agent holds it: two agents at once make a task fail.
 */
function setupExclusive(taskCount: number) {
  const { dir, store, project, tasks } = tempProject(taskCount, () => 'Write a file');
  const lock = join(dir, 'agent.lock');
  const agent = createAgent({
    kind: 'command',
    argv: [
      'sh',
      '-c',
      `mkdir "${lock}" || exit 1; echo done > "out-$$.txt"; sleep 0.05; rmdir "${lock}"; echo Created the file.`,
    ],
  });
  const events: OrchestratorEvent[] = [];
  const orchestrator = createOrchestrator({ store, agent, onEvent: (e) => events.push(e) });
  return { store, project, tasks, events, orchestrator };
}

describe('executeTask (standalone, real store, scripted CLI agent)', () => {
  it('refuses a task row (options.task) of another task, before anything runs', async () => {
    const { store, tasks, orchestrator } = setup([writes], 2);
    await expect(
      orchestrator.executeTask(tasks[0]!.id, { task: store.tasks.get(tasks[1]!.id) }),
    ).rejects.toThrow(`executeTask: options.task is task ${tasks[1]!.id}, not task ${tasks[0]!.id}`);
    expect(store.sessions.listByTask(tasks[0]!.id)).toEqual([]); // no session: no agent call
    expect(store.tasks.get(tasks[0]!.id).status).toBe('pending');
  });

  it('completes in one iteration with its own session, created before the call and closed after', async () => {
    const { store, tasks, orchestrator, calls, events } = setup([writes]);
    const task = tasks[0]!;
    const result = await orchestrator.executeTask(task.id);
    expect(result.status).toBe('completed');
    expect(result.iterations).toHaveLength(1);
    const sessions = store.sessions.listByTask(task.id);
    expect(sessions.map((s) => s.status)).toEqual(['completed']);
    expect(result.sessionIds).toEqual([sessions[0]!.id]);
    expect(calls()).toEqual([
      expect.objectContaining({ sessionId: sessions[0]!.id, resume: false, maxTurns: 4 }),
    ]);
    const [interaction] = store.interactions.listByTask(task.id);
    expect(interaction).toMatchObject({
      sessionId: sessions[0]!.id,
      agentSessionId: sessions[0]!.id,
      decision: 'proceed',
      passesGate: true,
    });
    expect(store.sessions.get(sessions[0]!.id)).toMatchObject({
      inputTokens: 100,
      outputTokens: 20,
      turns: 2,
      interactionCount: 1,
    });
    expect(store.tasks.get(task.id).status).toBe('completed');
    expect(store.fileChanges.listByTask(task.id).map((c) => c.path)).toEqual(['out_1.txt']);
    const sessionStart = events.findIndex((e) => e.type === 'session_start');
    const callStart = events.findIndex((e) => e.type === 'agent_call_start');
    expect(sessionStart).toBeGreaterThanOrEqual(0);
    expect(sessionStart).toBeLessThan(callStart);
    expect(store.sessions.listActive()).toEqual([]);
  });

  it('a "not sure" reply gets feedback, and the feedback reaches the next prompt', async () => {
    const { tasks, orchestrator, calls } = setup([{ text: "I'm not sure what to do." }, writes]);
    const result = await orchestrator.executeTask(tasks[0]!.id);
    expect(result.status).toBe('completed');
    expect(result.iterations.map((i) => i.decision)).toEqual(['retry', 'proceed']);
    const [first, second] = calls();
    expect(first!.prompt).not.toContain(FEEDBACK_HEADER);
    expect(second!.prompt).toContain(FEEDBACK_HEADER);
    expect(second!.prompt).toContain('no file in the workspace was created, changed or deleted');
    expect(second!.sessionId).not.toBe(first!.sessionId);
    expect(second!.resume).toBe(false);
  });

  it('a session id that comes back different is a recorded, typed failure; no session stays active', async () => {
    const { store, tasks, orchestrator } = setup([{ ...writes, session: 'other' }]);
    const result = await orchestrator.executeTask(tasks[0]!.id);
    expect(result.status).toBe('failed');
    expect(result.outcome.error?.kind).toBe('session_mismatch');
    expect(store.breakpoints.listByTask(tasks[0]!.id).map((b) => b.kind)).toContain('session_mismatch');
    expect(store.interactions.listByTask(tasks[0]!.id)[0]!.agentSessionId).toBe(
      '00000000-0000-0000-0000-000000000000',
    );
    expect(store.sessions.listActive()).toEqual([]);
  });

  it('error_max_turns resumes the same session with a higher cap, recording the failed call', async () => {
    const { store, tasks, orchestrator, calls } = setup([{ subtype: 'error_max_turns', text: '' }, writes]);
    const result = await orchestrator.executeTask(tasks[0]!.id);
    expect(result.status).toBe('completed');
    const [first, second] = calls();
    expect(first).toMatchObject({ resume: false, maxTurns: 4 });
    expect(second).toMatchObject({ resume: true, maxTurns: 8, sessionId: first!.sessionId });
    const interactions = store.interactions.listByTask(tasks[0]!.id);
    expect(interactions.map((i) => i.errorSubtype)).toEqual(['error_max_turns', null]);
    expect(store.sessions.get(first!.sessionId)).toMatchObject({ interactionCount: 2, inputTokens: 200 });
  });

  it('an agent error fails the task with a classified error and closes the session', async () => {
    const { store, tasks, orchestrator } = setup([
      { isError: true, terminal: 'api_error', text: 'API Error: 500' },
    ]);
    const result = await orchestrator.executeTask(tasks[0]!.id);
    expect(result).toMatchObject({ status: 'failed', outcome: { error: { kind: 'api_error' } } });
    expect(store.tasks.get(tasks[0]!.id).status).toBe('failed');
    expect(store.sessions.listByTask(tasks[0]!.id).map((s) => s.status)).toEqual(['abandoned']);
  });

  it('a stop (abort) kills the agent, marks the task cancelled and abandons the session', async () => {
    const { store, tasks, orchestrator } = setup([{ ...writes, sleepMs: 5000 }]);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    const result = await orchestrator.executeTask(tasks[0]!.id, { signal: controller.signal });
    expect(result.status).toBe('stopped');
    expect(store.tasks.get(tasks[0]!.id).status).toBe('cancelled');
    expect(store.sessions.listActive()).toEqual([]);
  });

  it('an agent past its deadline fails the task (agent_timeout) and leaves no session active', async () => {
    const { store, tasks, orchestrator } = setup([{ ...writes, sleepMs: 5000 }], 1, { agentTimeoutMs: 300 });
    const result = await orchestrator.executeTask(tasks[0]!.id);
    expect(result.status).toBe('failed');
    expect(result.outcome.error).toMatchObject({
      kind: 'agent_timeout',
      message: expect.stringMatching(/no result after \d+ ms; the process group was killed/),
    });
    expect(store.sessions.listActive()).toEqual([]);
    expect(store.sessions.listByTask(tasks[0]!.id).map((s) => s.status)).toEqual(['abandoned']);
  });

  it('an unexpected exception (a listener that throws) propagates, and no session stays active', async () => {
    const { store, tasks, orchestrator } = setup([writes], 1, {}, (event) => {
      if (event.type === 'decision') throw new Error('listener bug');
    });
    await expect(orchestrator.executeTask(tasks[0]!.id)).rejects.toThrow('listener bug');
    expect(store.sessions.listActive()).toEqual([]);
    expect(store.sessions.listByTask(tasks[0]!.id)).toHaveLength(1);
  });

  it('max iterations without proceed ends as max_iterations with a breakpoint', async () => {
    const { store, tasks, orchestrator } = setup([{ text: "I'm not sure what to do." }]);
    const result = await orchestrator.executeTask(tasks[0]!.id, { maxIterations: 2 });
    expect(result.status).toBe('max_iterations');
    expect(store.breakpoints.listByTask(tasks[0]!.id).map((b) => b.kind)).toContain('max_iterations');
    expect(store.sessions.listByTask(tasks[0]!.id)).toHaveLength(2);
  });
});

describe('runProject', () => {
  it('runs 20 tasks at concurrency 4 on one store with every session consistent', async () => {
    const { store, project, orchestrator, calls } = setup([writes], 20);
    const { results, blocked } = await orchestrator.runProject(project.id, { concurrency: 4 });
    expect(results.map((r) => r.status)).toEqual(Array(20).fill('completed'));
    expect(blocked).toEqual([]);
    const ids = calls().map((c) => c.sessionId);
    expect(new Set(ids).size).toBe(20);
    for (const result of results) {
      const metrics = store.sessions.taskSessionMetrics(result.taskId);
      expect(metrics.totals.interactions).toBe(1);
      expect(metrics.sessions[0]!.status).toBe('completed');
    }
    expect(store.sessions.listActive()).toEqual([]);
  });

  it('with keepResults false holds no result, and every task still runs and is recorded', async () => {
    const { store, project, orchestrator, events } = setup([writes], 6);
    const { results, blocked } = await orchestrator.runProject(project.id, {
      concurrency: 2,
      keepResults: false,
    });
    expect(results).toEqual([]);
    expect(blocked).toEqual([]);
    expect(store.tasks.listByProject(project.id).map((t) => t.status)).toEqual(Array(6).fill('completed'));
    expect(events.filter((e) => e.type === 'task_end')).toHaveLength(6);
  });

  it('at concurrency 1 runs one agent at a time; the next task starts while the last one records', async () => {
    const { store, project, tasks, events, orchestrator } = setupExclusive(4);
    const { results } = await orchestrator.runProject(project.id);
    // Each agent takes a lock directory for its whole life and fails if another agent holds it.
    expect(results.map((r) => r.status)).toEqual(Array(4).fill('completed'));
    expect(tasks.map((t) => store.tasks.get(t.id).status)).toEqual(Array(4).fill('completed'));
    const at = (type: string, taskId: number) =>
      events.findIndex((e) => e.type === type && 'taskId' in e && e.taskId === taskId);
    for (const [earlier, later] of [0, 1, 2].map((i) => [tasks[i]!.id, tasks[i + 1]!.id] as const)) {
      // The hand-over: the next task was started before the earlier one wrote its end...
      expect(at('task_start', later)).toBeLessThan(at('task_end', earlier));
      // ...but only once the earlier one's agent call was judged.
      expect(at('task_start', later)).toBeGreaterThan(at('agent_call_start', earlier));
    }
  });

  it('starts no agent after the call an attempt stops on (a budget aborts at agent_call_end)', async () => {
    const { store, project, tasks } = tempProject(3, () => 'Write a file');
    const stop = new AbortController();
    const events: OrchestratorEvent[] = [];
    const agent = createAgent({
      kind: 'command',
      argv: ['sh', '-c', 'echo done > "out-$$.txt"; echo Done.'],
    });
    const orchestrator = createOrchestrator({
      store,
      agent,
      onEvent: (e) => {
        events.push(e);
        if (e.type === 'agent_call_end') stop.abort(new Error('turn budget exceeded'));
      },
    });
    await orchestrator.runProject(project.id, { signal: stop.signal });
    expect(events.filter((e) => e.type === 'agent_call_start')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'task_start').map((e) => 'taskId' in e && e.taskId)).toEqual([
      tasks[0]!.id,
    ]);
    expect(store.tasks.get(tasks[1]!.id).status).toBe('pending');
  });

  it('starts a dependent task only after its dependency wrote its end', async () => {
    const { store, project, tasks, events, orchestrator } = setupExclusive(2);
    store.tasks.update(tasks[1]!.id, { dependencies: [tasks[0]!.id] });
    await orchestrator.runProject(project.id);
    const at = (type: string, taskId: number) =>
      events.findIndex((e) => e.type === type && 'taskId' in e && e.taskId === taskId);
    expect(at('task_start', tasks[1]!.id)).toBeGreaterThan(at('task_end', tasks[0]!.id));
    expect(store.tasks.get(tasks[1]!.id).status).toBe('completed');
  });

  it('says when its workspace tracker walked the tree instead of watching it (evidence_fallback)', async () => {
    const { store, project, events } = setupExclusive(1);
    const agent = createAgent({
      kind: 'command',
      argv: ['sh', '-c', 'echo done > out.txt; echo Created it.'],
    });
    const ctx: OrchestratorContext = {
      store,
      agent,
      llm: undefined,
      config: parseCoreConfig({}), // watch mode asked for...
      emit: (event) => events.push({ ...event, time: Date.now() } as OrchestratorEvent),
      newSessionId: () => crypto.randomUUID(),
      fault: undefined,
      evidence: createTrackerPool({ ignore: [], mode: 'walk' }), // ...and walking done
      commands: {},
    };
    const { results } = await runProject(ctx, project.id);
    expect(results.map((r) => r.status)).toEqual(['completed']);
    expect(events.at(-1)).toMatchObject({
      type: 'evidence_fallback',
      workspace: project.workingDirectory,
      reason: 'walk mode was requested',
    });
    // Asked for walk mode: nothing to say.
    events.length = 0;
    const asked = { ...ctx, config: parseCoreConfig({ evidenceTracking: 'walk' }) };
    store.tasks.create({ projectId: project.id, title: 'Again', description: 'Write a file' });
    await runProject(asked, project.id);
    expect(events.map((e) => e.type)).not.toContain('evidence_fallback');
  });

  it('blocks the dependents of a failed task instead of leaving them pending', async () => {
    const { store, project, tasks, orchestrator } = setup([{ isError: true, terminal: 'api_error' }], 2);
    store.tasks.update(tasks[1]!.id, { dependencies: [tasks[0]!.id] });
    const { blocked } = await orchestrator.runProject(project.id);
    expect(blocked).toEqual([tasks[1]!.id]);
    expect(store.tasks.get(tasks[1]!.id).status).toBe('blocked');
  });
});

/**
 * The six contract bugs the Python original shipped with (DESIGN.md section 1), each shown impossible
 * here: at compile time (`@ts-expect-error` fails `npm run typecheck` the day the wrong shape compiles)
 * and at run time through the real store and a real agent process.
 */
describe("the original's six contract bugs cannot happen in this core", () => {
  it('1. QualityResult is read through its declared fields (no `.gate` boolean / `passes_gate` mix-up)', async () => {
    const quality = assessQuality({
      validation: { valid: true, problems: [] },
      changes: [{ path: 'a.txt', changeType: 'created', hashAfter: 'x' }],
      requireEvidence: true,
      replyText: 'Created a.txt.',
      threshold: 0.7,
    });
    // @ts-expect-error the original read `passes_gate`; no such field exists here
    expect(quality.passes_gate).toBeUndefined();
    expect(Object.keys(quality).sort()).toEqual(['gate', 'issues', 'overallScore', 'passesGate']);
    expect(typeof quality.passesGate).toBe('boolean');
    // What the orchestrator persists is what the quality controller returned.
    const { store, tasks, orchestrator } = setup([writes]);
    await orchestrator.executeTask(tasks[0]!.id);
    const [interaction] = store.interactions.listByTask(tasks[0]!.id);
    expect(interaction).toMatchObject({ passesGate: true, qualityScore: expect.any(Number) });
  });

  it('2. a standalone task (no milestone, no earlier session) gets its own session row before the call', async () => {
    const { store, tasks, orchestrator, events } = setup([writes]);
    expect(store.sessions.listByTask(tasks[0]!.id)).toEqual([]);
    const result = await orchestrator.executeTask(tasks[0]!.id);
    expect(result.status).toBe('completed');
    const kinds = events.map((e) => e.type);
    expect(kinds.indexOf('session_start')).toBeLessThan(kinds.indexOf('agent_call_start'));
    // Usage accounting updated that very row (the original: "Session not found").
    expect(store.sessions.get(result.sessionIds[0]!)).toMatchObject({
      inputTokens: 100,
      interactionCount: 1,
    });
  });

  it('3. every LLM provider has every method of the interface the core calls', () => {
    const providers: LlmProvider[] = [
      createLlm({ kind: 'heuristic' }),
      createLlm({ kind: 'ollama', model: 'm', endpoint: 'http://127.0.0.1:9' }),
      createLlm({ kind: 'openai', model: 'm', endpoint: 'http://127.0.0.1:9/v1' }),
    ];
    for (const provider of providers) {
      expect(typeof provider.generate).toBe('function');
      expect(typeof provider.health).toBe('function');
      // @ts-expect-error the original called a method its LLM interface did not have
      expect(provider.send_prompt).toBeUndefined();
    }
  });

  it('4. the response validator returns a structured verdict, never a bare boolean', () => {
    const validation = validateResponse(
      {
        text: 'done',
        sessionId: 's',
        usage: { inputTokens: 1, outputTokens: 1, cacheCreationTokens: 0, cacheReadTokens: 0, costUsd: 0 },
        numTurns: 1,
        isError: false,
        errorSubtype: undefined,
        terminalReason: 'completed',
        exitCode: 0,
        durationMs: 1,
        argv: ['agent'],
        stdoutPath: undefined,
        stderrPath: undefined,
      },
      { expectedSessionId: 's', reportsSessionId: true },
    );
    expect(validation).toEqual({ valid: true, problems: [] });
    // The compiler refuses a bool for the validation; forced through, it fails loudly, never passes.
    expect(() =>
      // @ts-expect-error the original passed a bool where the quality controller expected a dict
      assessQuality({ validation: true, changes: [], requireEvidence: true, replyText: '', threshold: 0.7 }),
    ).toThrow(TypeError);
  });

  it('5. no session id is ever reused: each iteration opens a new one, a continuation resumes', async () => {
    const { tasks, orchestrator, calls } = setup([
      { text: "I'm not sure what to do." },
      { subtype: 'error_max_turns', text: '' },
      writes,
    ]);
    await orchestrator.executeTask(tasks[0]!.id);
    const [first, second, third] = calls();
    expect(second!.sessionId).not.toBe(first!.sessionId);
    expect(second!.resume).toBe(false);
    expect(third).toMatchObject({ sessionId: second!.sessionId, resume: true });
  });

  it('6. turn caps are generous by default and raised on error_max_turns (30 / 50 / 100, cap 150)', () => {
    const config = parseCoreConfig({});
    expect(config.maxTurns).toMatchObject({ task: 30, story: 50, epic: 100, cap: 150 });
    expect(() => parseCoreConfig({ maxTurns: { task: 0 } })).toThrow(/maxTurns\.task/);
  });
});

describe('runMilestone', () => {
  it('runs its stories in one conversation: --session-id once, then --resume of the same id', async () => {
    const { store, project, orchestrator, calls } = setup([writes], 0);
    const milestone = store.milestones.create({ projectId: project.id, name: 'm1' });
    const stories = [1, 2, 3].map((n) =>
      store.tasks.create({
        projectId: project.id,
        milestoneId: milestone.id,
        taskType: 'story',
        title: `Task ${n}`,
        description: `Write out_${n}.txt`,
      }),
    );
    const result = await orchestrator.runMilestone(milestone.id);
    expect(result.results.map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
    const made = calls();
    expect(made).toHaveLength(3);
    expect(new Set(made.map((c) => c.sessionId))).toEqual(new Set([result.sessionId]));
    expect(made.map((c) => c.resume)).toEqual([false, true, true]);
    expect(store.sessions.listActive()).toEqual([]);
    for (const story of stories) expect(store.tasks.get(story.id).status).toBe('completed');
  });
});

describe('runProject with milestones', () => {
  it('runs a milestone as one unit in one conversation, and blocks the stories after one that failed', async () => {
    // Call 1 (the standalone task, priority 9) writes; call 2 (the milestone's first story) fails.
    const { store, project, tasks, orchestrator, calls } = setup(
      [writes, { isError: true, terminal: 'api_error' }],
      1,
    );
    store.tasks.update(tasks[0]!.id, { priority: 9 });
    const milestone = store.milestones.create({ projectId: project.id, name: 'm1' });
    const stories = [2, 3, 4].map((n) =>
      store.tasks.create({
        projectId: project.id,
        milestoneId: milestone.id,
        taskType: 'story',
        title: `Task ${n}`,
        description: `Write out_${n}.txt`,
      }),
    );
    const { blocked } = await orchestrator.runProject(project.id);
    expect(calls().map((c) => c.prompt.split('\n')[0])).toEqual(['Task: Task 1', 'Task: Task 2']);
    expect(stories.map((s) => store.tasks.get(s.id).status)).toEqual(['failed', 'blocked', 'blocked']);
    expect(blocked).toEqual([stories[1]!.id, stories[2]!.id]);
    expect(store.tasks.get(stories[1]!.id).result).toEqual({
      status: 'blocked',
      reason: `milestone ${milestone.id} stopped before this task: an earlier task of it did not complete`,
    });
    expect(store.milestones.get(milestone.id).status).toBe('active');
    const milestoneSession = store.sessions
      .listByProject(project.id)
      .find((s) => s.milestoneId === milestone.id);
    expect(milestoneSession).toMatchObject({ status: 'abandoned', taskId: null });
    expect(store.sessions.listActive()).toEqual([]);
  });

  it('completes a milestone whose stories all complete, with completed_at', async () => {
    const { store, project, orchestrator } = setup([writes], 0);
    const milestone = store.milestones.create({ projectId: project.id, name: 'm1' });
    for (const n of [1, 2]) {
      store.tasks.create({
        projectId: project.id,
        milestoneId: milestone.id,
        taskType: 'story',
        title: `Task ${n}`,
        description: `Write out_${n}.txt`,
      });
    }
    await orchestrator.runProject(project.id);
    const done = store.milestones.get(milestone.id);
    expect(done.status).toBe('completed');
    expect(done.completedAt).not.toBeNull();
  });
});

describe('a store that refuses every write', () => {
  it('ends the task on store_unavailable: task_end is emitted, the first error is thrown, nothing hangs', async () => {
    const { store, project, orchestrator, events } = setup([writes], 1);
    const { default: Database } = await import('better-sqlite3');
    store.db.pragma('busy_timeout = 50');
    const other = new Database(store.path);
    cleanups.push(() => other.close());
    let locked = false;
    const lockOnCall = (e: OrchestratorEvent) => {
      if (e.type === 'agent_call_start' && !locked) {
        other.exec('BEGIN IMMEDIATE');
        locked = true;
      }
    };
    const watching = createOrchestrator({
      store,
      agent: createAgent({ kind: 'null' }),
      onEvent: (e) => {
        events.push(e);
        lockOnCall(e);
      },
    });
    await expect(watching.runProject(project.id)).rejects.toThrow(/locked|busy/i);
    const end = events.find((e) => e.type === 'task_end');
    expect(end).toMatchObject({ status: 'failed', error: { kind: 'store_unavailable' } });
    expect(events.some((e) => e.type === 'error' && /failed too/.test(e.error.message))).toBe(true);
    other.exec('ROLLBACK');
    void orchestrator;
  });
});

describe('evidence checks (config.evidenceChecks): work shown by commands when no file changed', () => {
  const says = { text: 'The existing code already does this; I verified it.' };
  const decisions = (events: OrchestratorEvent[]) =>
    events.filter((e): e is Extract<OrchestratorEvent, { type: 'decision' }> => e.type === 'decision');

  it('completes a task that changed no file when every evidence check exits 0', async () => {
    const { store, tasks, orchestrator, events } = setup([says], 1, {
      evidenceChecks: [{ name: 'tests pass', argv: ['sh', '-c', 'exit 0'] }],
    });
    const result = await orchestrator.executeTask(tasks[0]!.id);
    expect(result.status).toBe('completed');
    expect(result.iterations).toHaveLength(1);
    const [decision] = decisions(events);
    expect(decision).toMatchObject({
      action: 'proceed',
      changedFiles: [],
      evidenceChecks: [{ name: 'tests pass', passed: true, detail: 'exit 0' }],
    });
    expect(store.fileChanges.listByTask(tasks[0]!.id)).toEqual([]);
  });

  it('retries with the failed check in the feedback, and runs no check once files changed', async () => {
    const { tasks, orchestrator, events, calls } = setup([says, writes], 1, {
      evidenceChecks: [{ argv: ['sh', '-c', 'echo 2 tests failed >&2; exit 1'] }],
    });
    const result = await orchestrator.executeTask(tasks[0]!.id);
    expect(result.status).toBe('completed');
    const [first, second] = decisions(events);
    expect(first).toMatchObject({
      action: 'retry',
      reason: 'no evidence of work: nothing changed in the workspace and the evidence checks did not pass',
      evidenceChecks: [
        { name: 'sh -c echo 2 tests failed >&2; exit 1', passed: false, detail: 'exit 1: 2 tests failed' },
      ],
    });
    expect(calls()[1]!.prompt).toContain(
      'evidence check "sh -c echo 2 tests failed >&2; exit 1" failed: exit 1: 2 tests failed',
    );
    expect(second).toMatchObject({ action: 'proceed', changedFiles: ['out_1.txt'] });
    expect(second).not.toHaveProperty('evidenceChecks');
  });

  it('fails a check that does not exit in time (its process group killed) or cannot start', async () => {
    const { tasks, orchestrator, events } = setup([says], 1, {
      maxIterations: 1,
      evidenceChecks: [
        { name: 'hangs', argv: ['sh', '-c', 'sleep 30'], timeoutMs: 300 },
        { name: 'missing', argv: ['obra-no-such-binary'] },
      ],
    });
    const result = await orchestrator.executeTask(tasks[0]!.id);
    expect(result.status).toBe('max_iterations');
    expect(decisions(events)[0]!.evidenceChecks).toEqual([
      { name: 'hangs', passed: false, detail: 'no exit after 300 ms; its process group was killed' },
      { name: 'missing', passed: false, detail: expect.stringMatching(/^could not start: .*ENOENT/) },
    ]);
  });

  it('rejects an evidence check without a command, naming the key', () => {
    expect(() => parseCoreConfig({ evidenceChecks: [{ argv: [] }] })).toThrow(/evidenceChecks\.0\.argv/);
  });
});
