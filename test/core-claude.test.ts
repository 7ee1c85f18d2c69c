import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createAgent,
  createOrchestrator,
  FEEDBACK_HEADER,
  type ModelServer,
  type OrchestratorEvent,
  openStore,
  parseCassette,
  type Store,
  startModelServer,
} from '../src/index.js';
import { claudeUnavailableReason } from '../src/model-server/test-helpers/claude.js';

// The orchestrator core (through the package root) driving the real Claude Code CLI, offline, against
// the embedded model server: a real store file, real workspaces, real processes. Nothing mocked.
const unavailable = claudeUnavailableReason();
if (unavailable)
  console.warn(`skipping the orchestrator tests with the real Claude Code CLI: ${unavailable}`);

const cassette = parseCassette(
  `version: 1
name: core-claude
conversations:
  - name: write
    when: { first_user_contains: "Write Task", has_tools: true }
    capture: { n: "Write Task (\\\\d+)" }
    turns:
      - when: { step: 0 }
        reply:
          tool_calls: [{ name: Write, input: { file_path: "{{cwd}}/out_{{n}}.txt", content: "task {{n}}\\n" } }]
      - when: { step: 1, tool_result_from: Write }
        reply: { text: "Created out_{{n}}.txt with the requested content." }
  - name: unsure-then-fixed
    when: { first_user_contains: ["Greeting Task", "${FEEDBACK_HEADER}"], has_tools: true }
    turns:
      - when: { step: 0 }
        reply:
          tool_calls: [{ name: Write, input: { file_path: "{{cwd}}/greeting.txt", content: "hello\\n" } }]
      - when: { step: 1, tool_result_from: Write }
        reply: { text: "Created greeting.txt containing hello, as the feedback asked." }
  - name: unsure
    when: { first_user_contains: "Greeting Task", first_user_not_contains: "${FEEDBACK_HEADER}", has_tools: true }
    turns:
      - reply: { text: "I'm not sure what to do." }
  - name: long-task
    when: { first_user_contains: "Long Task", has_tools: true }
    turns:
      - when: { step: 0 }
        reply: { tool_calls: [{ name: Bash, input: { command: "echo one > one.txt", description: "one" } }] }
      - when: { step: 1 }
        reply: { tool_calls: [{ name: Bash, input: { command: "echo two > two.txt", description: "two" } }] }
      - when: { step: 2 }
        reply: { tool_calls: [{ name: Bash, input: { command: "echo three > three.txt", description: "three" } }] }
      - when: { step: 3 }
        reply: { text: "Wrote one.txt, two.txt and three.txt." }
  - name: outage
    when: { first_user_contains: "Outage Task", has_tools: true }
    turns:
      - fault: { kind: http_error, status: 500, message: "scripted outage" }
`,
  'core-claude.yaml',
);

let server: ModelServer;
const cleanups: (() => void)[] = [];
beforeAll(async () => {
  server = await startModelServer({ cassettes: [cassette], keepBodies: 200 });
});
afterAll(async () => {
  for (const c of cleanups.splice(0)) c();
  await server?.close();
});

/** A fresh store file and workspace, the claude-code agent with its own HOME and TMPDIR. */
function setup(titles: string[], maxTurns = 10) {
  const dir = mkdtempSync(join(tmpdir(), 'obra-core-claude-'));
  const workspace = join(dir, 'ws');
  mkdirSync(workspace);
  const store: Store = openStore({ path: join(dir, 'obra.sqlite') });
  cleanups.push(() => {
    store.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const project = store.projects.create({ name: 'core-claude', workingDirectory: workspace });
  const tasks = titles.map((title) =>
    store.tasks.create({ projectId: project.id, title, description: `${title}: do what the title says.` }),
  );
  const agent = createAgent({
    kind: 'claude-code',
    home: join(dir, 'home'),
    tmpDir: join(dir, 'tmp'),
    baseUrl: server.url,
  });
  const events: OrchestratorEvent[] = [];
  const orchestrator = createOrchestrator({
    store,
    agent,
    config: { maxTurns: { task: maxTurns, cap: 20 }, agentTimeoutMs: 60_000 },
    onEvent: (e) => events.push(e),
  });
  return { store, project, tasks, orchestrator, events, workspace };
}

/** Bodies of the Anthropic requests the server received whose first user text mentions `marker`. */
function requestsMentioning(marker: string): string[] {
  return server
    .requests()
    .map((r) => (r as { body?: unknown }).body)
    .filter((b): b is unknown => b !== undefined)
    .map((b) => (typeof b === 'string' ? b : JSON.stringify(b)))
    .filter((b) => b.includes(marker));
}

describe.skipIf(unavailable !== undefined)('executeTask with the real Claude Code CLI (replay)', () => {
  it('a task that writes a file completes in one iteration; its session is the one the CLI used', async () => {
    const { store, tasks, orchestrator, workspace } = setup(['Write Task 1']);
    const result = await orchestrator.executeTask(tasks[0]!.id);
    expect(result.status).toBe('completed');
    expect(result.iterations).toHaveLength(1);
    expect(readFileSync(join(workspace, 'out_1.txt'), 'utf8')).toBe('task 1\n');
    const [session] = store.sessions.listByTask(tasks[0]!.id);
    expect(session).toMatchObject({ status: 'completed', interactionCount: 1 });
    expect(store.interactions.listByTask(tasks[0]!.id)).toEqual([
      expect.objectContaining({ sessionId: session!.id, agentSessionId: session!.id, decision: 'proceed' }),
    ]);
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(store.sessions.listActive()).toEqual([]);
  }, 120_000);

  it('"I\'m not sure" gets feedback that reaches the model in the second request, then completes', async () => {
    const { tasks, orchestrator, workspace, store } = setup(['Greeting Task']);
    const result = await orchestrator.executeTask(tasks[0]!.id);
    expect(result.status).toBe('completed');
    expect(result.iterations.map((i) => i.decision)).toEqual(['retry', 'proceed']);
    expect(existsSync(join(workspace, 'greeting.txt'))).toBe(true);
    // What the model server received, in order: the first iteration's requests without feedback, then
    // the second iteration's carrying it.
    const task = requestsMentioning('Greeting Task');
    const first = task.findIndex((b) => b.includes(FEEDBACK_HEADER));
    expect(first).toBeGreaterThan(0);
    expect(task[0]).not.toContain(FEEDBACK_HEADER);
    expect(task[first]).toContain('no file in the workspace was created, changed or deleted');
    const sessions = store.sessions.listByTask(tasks[0]!.id);
    expect(new Set(sessions.map((s) => s.id)).size).toBe(2);
    expect(store.sessions.listActive()).toEqual([]);
  }, 120_000);

  it('error_max_turns resumes the same Claude session with a higher cap and finishes', async () => {
    const { tasks, orchestrator, events, workspace, store } = setup(['Long Task'], 2);
    const result = await orchestrator.executeTask(tasks[0]!.id);
    expect(result.status).toBe('completed');
    const calls = events.filter(
      (e): e is Extract<OrchestratorEvent, { type: 'agent_call_end' }> => e.type === 'agent_call_end',
    );
    expect(calls).toHaveLength(2);
    const [first, second] = calls;
    expect(first!.argv).toContain('--session-id');
    expect(second!.argv).toContain('--resume');
    expect(second!.argv).not.toContain('--session-id');
    expect(second!.sessionId).toBe(first!.sessionId);
    expect(first!.agentSessionId).toBe(first!.sessionId);
    const cap = (argv: readonly string[]) => Number(argv[argv.indexOf('--max-turns') + 1]);
    expect(cap(first!.argv)).toBe(2);
    expect(cap(second!.argv)).toBeGreaterThan(2);
    for (const file of ['one.txt', 'two.txt', 'three.txt'])
      expect(existsSync(join(workspace, file))).toBe(true);
    // The usage of the call that hit the cap is counted too.
    expect(result.usage.inputTokens).toBeGreaterThanOrEqual(
      first!.usage.inputTokens + second!.usage.inputTokens,
    );
    expect(first!.usage.inputTokens).toBeGreaterThan(0);
    expect(store.sessions.listActive()).toEqual([]);
  }, 120_000);

  it('a 500 from the model is a classified error: the task fails and no session stays active', async () => {
    const { tasks, orchestrator, store, events } = setup(['Outage Task']);
    const result = await orchestrator.executeTask(tasks[0]!.id);
    expect(result.status).toBe('failed');
    expect(store.tasks.get(tasks[0]!.id).status).toBe('failed');
    const errors = events.filter((e) => e.type === 'error');
    expect(errors.length).toBeGreaterThan(0);
    expect(JSON.stringify(errors[0])).toMatch(/api_error|500/);
    expect(store.sessions.listActive()).toEqual([]);
  }, 120_000);

  it('20 tasks at concurrency 4 on one store: all complete, every session consistent and closed', async () => {
    const titles = Array.from({ length: 20 }, (_, i) => `Write Task ${i + 1}`);
    const { store, project, orchestrator, workspace } = setup(titles);
    const result = await orchestrator.runProject(project.id, { concurrency: 4 });
    expect(result.results.filter((r) => r.status === 'completed')).toHaveLength(20);
    expect(result.blocked).toEqual([]);
    for (let i = 1; i <= 20; i++)
      expect(readFileSync(join(workspace, `out_${i}.txt`), 'utf8')).toBe(`task ${i}\n`);
    const interactions = store.tasks
      .listByProject(project.id)
      .flatMap((t) => store.interactions.listByTask(t.id));
    expect(interactions).toHaveLength(20);
    for (const i of interactions) expect(i.agentSessionId).toBe(i.sessionId);
    expect(new Set(interactions.map((i) => i.sessionId)).size).toBe(20);
    expect(store.sessions.listActive()).toEqual([]);
  }, 300_000);
});
