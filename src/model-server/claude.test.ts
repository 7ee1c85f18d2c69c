import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCassette } from './cassette/parse.js';
import { type ModelServer, startModelServer } from './server.js';
import {
  type ClaudeSandbox,
  claudeUnavailableReason,
  createClaudeSandbox,
  runClaude,
} from './test-helpers/claude.js';

/** The real Claude Code CLI (node_modules/.bin/claude) against the model server, offline. */
const unavailable = claudeUnavailableReason();
if (unavailable) console.warn(`skipping the Claude Code CLI tests: ${unavailable}`);

const cassette = parseCassette(
  `version: 1
name: claude-cli
conversations:
  - name: write-bash-edit
    when: { first_user_contains: "Build calc.py" }
    turns:
      - when: { step: 0 }
        reply:
          text: "I'll create calc.py."
          tool_calls:
            - { name: Write, input: { file_path: "{{cwd}}/calc.py", content: "def add(a, b):\\n    return a - b\\n" } }
      - when: { step: 1, tool_result_from: Write }
        reply:
          text: "Let me look at it."
          tool_calls: [{ name: Bash, input: { command: "grep -c return calc.py && echo bash-ran", description: "count returns" } }]
      - when: { step: 2, tool_result_from: Bash, tool_result_contains: "bash-ran" }
        reply:
          text: "Fixing the operator."
          tool_calls:
            - { name: Edit, input: { file_path: "{{cwd}}/calc.py", old_string: "a - b", new_string: "a + b" } }
      - when: { step: 3, tool_result_from: Edit }
        reply: { text: "calc.py adds now." }
      - when: { step: 4, last_user_contains: "Add a docstring" }
        reply:
          text: "Adding a docstring."
          tool_calls:
            - { name: Edit, input: { file_path: "{{cwd}}/calc.py", old_string: "def add(a, b):\\n", new_string: "def add(a, b):\\n    \\"\\"\\"Sum.\\"\\"\\"\\n" } }
      - when: { step: 5, tool_result_from: Edit }
        reply: { text: "Docstring added." }
  - name: loops-forever
    when: { first_user_contains: "Keep going" }
    turns:
      - reply:
          tool_calls: [{ name: Bash, input: { command: "echo again" } }]
  - name: outage
    when: { first_user_contains: "Fail please" }
    turns:
      - fault: { kind: http_error, status: 500, message: "scripted failure" }
`,
  'claude-cli.yaml',
);

let server: ModelServer;
const sandboxes: ClaudeSandbox[] = [];
const sandbox = () => {
  const created = createClaudeSandbox();
  sandboxes.push(created);
  return created;
};

beforeAll(async () => {
  server = await startModelServer({ cassettes: [cassette] });
});
afterAll(async () => {
  await server.close();
  for (const s of sandboxes) s.cleanup();
});

describe.skipIf(unavailable !== undefined)('the real Claude Code CLI against the model server', () => {
  const box = unavailable ? undefined : sandbox();
  const sessionId = randomUUID();

  it('writes with Write, runs Bash, edits with Edit, ends; the session id comes back', async () => {
    const run = await runClaude({
      baseUrl: server.url,
      sandbox: box!,
      prompt: 'Build calc.py with add',
      maxTurns: 6,
      sessionId,
    });
    expect(run.result, run.stderr).toMatchObject({
      type: 'result',
      subtype: 'success',
      is_error: false,
      result: 'calc.py adds now.',
      session_id: sessionId,
      terminal_reason: 'completed',
    });
    expect(run.exitCode).toBe(0);
    expect(readFileSync(join(box!.workspace, 'calc.py'), 'utf8')).toBe('def add(a, b):\n    return a + b\n');
    const played = server.requests().filter((e) => e.sessionId === sessionId);
    expect(played.map((e) => (e.outcome.kind === 'turn' ? e.outcome.turn : e.outcome.kind))).toEqual([
      0, 1, 2, 3,
    ]);
  });

  it('--resume continues the same conversation: the server sees the earlier messages', async () => {
    const run = await runClaude({
      baseUrl: server.url,
      sandbox: box!,
      prompt: 'Add a docstring',
      maxTurns: 4,
      sessionId,
      resume: true,
    });
    expect(run.result, run.stderr).toMatchObject({
      subtype: 'success',
      is_error: false,
      result: 'Docstring added.',
      session_id: sessionId,
    });
    expect(readFileSync(join(box!.workspace, 'calc.py'), 'utf8')).toBe(
      'def add(a, b):\n    """Sum."""\n    return a + b\n',
    );
    const resumed = server.requests().filter((e) => e.sessionId === sessionId && e.step === 4);
    expect(resumed).toHaveLength(1);
    const body = JSON.stringify(resumed[0]?.body);
    for (const earlier of [
      'Build calc.py with add',
      "I'll create calc.py.",
      'Fixing the operator.',
      'calc.py adds now.',
      'Add a docstring',
    ]) {
      expect(body).toContain(earlier);
    }
  });

  it('--max-turns 1 while the script keeps calling tools ends with error_max_turns', async () => {
    const run = await runClaude({
      baseUrl: server.url,
      sandbox: sandbox(),
      prompt: 'Keep going',
      maxTurns: 1,
      sessionId: randomUUID(),
    });
    expect(run.exitCode).toBe(1);
    expect(run.result, run.stderr).toMatchObject({
      subtype: 'error_max_turns',
      is_error: true,
      terminal_reason: 'max_turns',
    });
  });

  it('a 500 fault turn gives is_error with terminal_reason api_error (subtype still says success)', async () => {
    const run = await runClaude({
      baseUrl: server.url,
      sandbox: sandbox(),
      prompt: 'Fail please',
      maxTurns: 3,
      sessionId: randomUUID(),
    });
    expect(run.exitCode).toBe(1);
    expect(run.result, run.stderr).toMatchObject({
      is_error: true,
      terminal_reason: 'api_error',
      api_error_status: 500,
    });
    expect(String(run.result?.result)).toContain('scripted failure');
  });

  it('an unscripted prompt is a miss: an API error for the CLI, one miss record for the harness', async () => {
    const before = server.misses().length;
    const id = randomUUID();
    const run = await runClaude({
      baseUrl: server.url,
      sandbox: sandbox(),
      prompt: 'Something unscripted',
      maxTurns: 3,
      sessionId: id,
    });
    expect(run.result, run.stderr).toMatchObject({ is_error: true, api_error_status: 400 });
    expect(String(run.result?.result)).toContain('no cassette turn matches');
    expect(server.misses().length).toBe(before + 1);
    const miss = server.misses().at(-1)!;
    expect(miss.reason).toContain('Something unscripted');
    // Claude Code re-sends a 400 with fewer betas (6 requests with 2.1.328): one record counts them.
    const sent = server.requests().filter((e) => e.sessionId === id && e.outcome.kind === 'miss').length;
    expect(miss.repeats).toBe(sent);
  });
});
