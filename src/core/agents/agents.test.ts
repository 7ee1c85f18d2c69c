import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseClaudeResult } from './claude-result.js';
import { createAgent } from './create-agent.js';
import { AgentError } from './errors.js';
import type { AgentRequest } from './types.js';

const dir = mkdtempSync(join(tmpdir(), 'obra-agents-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const request = (over: Partial<AgentRequest> = {}): AgentRequest => ({
  prompt: 'Create hello.txt',
  cwd: dir,
  sessionId: '11111111-2222-3333-4444-555555555555',
  resume: false,
  maxTurns: 5,
  task: { id: 1, key: 'hello', title: 'Hello', description: 'Create hello.txt', taskType: 'task' },
  ...over,
});

/** Alive and not a zombie (an exited process whose parent has not reaped it yet is dead). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('command agent', () => {
  it('fills the argv template and returns stdout as text', async () => {
    const agent = createAgent({
      kind: 'command',
      argv: ['sh', '-c', 'echo "did {{prompt}} in {{workspace}} ({{sessionId}})"'],
    });
    const result = await agent.run(request());
    expect(result.text).toBe(`did Create hello.txt in ${dir} (11111111-2222-3333-4444-555555555555)`);
    expect(result.isError).toBe(false);
    expect(result.sessionId).toBeUndefined();
    expect(agent.reportsSessionId).toBe(false);
  });

  it("writes each call's output to its log files, making the log folder at the first call", async () => {
    const logDir = join(dir, 'logs-of-command');
    const agent = createAgent({ kind: 'command', argv: ['sh', '-c', 'echo out-{{prompt}}'], logDir });
    expect(existsSync(logDir)).toBe(false); // made when a call names a log, not when the agent is made
    const first = await agent.run(request({ prompt: 'one', logPrefix: 'call-1' }));
    const second = await agent.run(request({ prompt: 'two', logPrefix: 'call-2' }));
    expect(first.stdoutPath).toBe(join(logDir, 'call-1.stdout.log'));
    expect(second.stdoutPath).toBe(join(logDir, 'call-2.stdout.log'));
    expect(readFileSync(first.stdoutPath!, 'utf8')).toBe('out-one\n');
    expect(readFileSync(second.stdoutPath!, 'utf8')).toBe('out-two\n');
    expect(first.stderrPath).toBeUndefined(); // nothing on stderr: no file
  });

  it('reads a JSON result with session id and usage', async () => {
    const json = JSON.stringify({
      result: 'ok',
      session_id: '{{sessionId}}',
      usage: { input_tokens: 7, output_tokens: 3 },
    });
    const agent = createAgent({ kind: 'command', argv: ['sh', '-c', `echo '${json}'`], result: 'json' });
    const result = await agent.run(request());
    expect(result).toMatchObject({
      text: 'ok',
      sessionId: '11111111-2222-3333-4444-555555555555',
      isError: false,
    });
    expect(result.usage.inputTokens).toBe(7);
  });

  it.each([
    ['a missing binary', ['/nonexistent/agent-binary'], 'json', 'binary_missing'],
    ['garbage instead of JSON', ['sh', '-c', 'echo garbage'], 'json', 'non_json_output'],
    ['a crash without JSON', ['sh', '-c', 'echo boom >&2; exit 137'], 'json', 'exit_nonzero'],
  ] as const)('%s is a typed AgentError (%s)', async (_name, argv, result, kind) => {
    const agent = createAgent({ kind: 'command', argv, result });
    const error = await agent.run(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentError);
    expect((error as AgentError).kind).toBe(kind);
  });

  it.each([
    ['an exit code', ['sh', '-c', 'exit 3'], 'command agent: exit code 3, and stdout held no JSON result'],
    [
      'a SIGKILL',
      ['sh', '-c', 'kill -KILL $$'],
      'command agent: killed by SIGKILL (exit status 137), and stdout held no JSON result',
    ],
  ] as const)('the message says how the process ended: %s', async (_name, argv, message) => {
    const agent = createAgent({ kind: 'command', argv, result: 'json' });
    const error = await agent.run(request()).catch((e: unknown) => e);
    expect((error as AgentError).message).toContain(message);
  });

  it('kills the whole process group at the deadline: nothing is left running', async () => {
    const pidFile = join(dir, 'child.pid');
    const agent = createAgent({
      kind: 'command',
      argv: ['sh', '-c', `sleep 60 & echo $! > ${pidFile}; wait`],
    });
    const error = await agent.run(request({ timeoutMs: 500 })).catch((e: unknown) => e);
    expect((error as AgentError).kind).toBe('timeout');
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    expect(grandchild).toBeGreaterThan(0);
    expect(isAlive(grandchild)).toBe(false);
  });

  it('stops on abort and says so', async () => {
    const agent = createAgent({ kind: 'command', argv: ['sleep', '30'] });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const error = await agent.run(request({ signal: controller.signal })).catch((e: unknown) => e);
    expect((error as AgentError).kind).toBe('aborted');
  });
});

describe('claude-code agent failures (a stand-in claude binary: a shell script)', () => {
  /** A fake `claude` that runs `body` (sh): the agent cannot tell it from the real CLI. */
  function standIn(name: string, body: string): string {
    const path = join(dir, name);
    writeFileSync(path, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
    return path;
  }
  const claude = (binary: string) =>
    createAgent({ kind: 'claude-code', binary, home: join(dir, 'home'), tmpDir: join(dir, 'tmp') });
  const failure = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (e: unknown) => e as AgentError,
    );

  it('a missing binary is binary_missing, naming the binary and the fix', async () => {
    const error = await failure(claude(join(dir, 'no-such-claude')).run(request()));
    expect(error).toBeInstanceOf(AgentError);
    expect(error).toMatchObject({ kind: 'binary_missing' });
    expect(error!.message).toMatch(/no-such-claude.*npm install/);
  });

  it('garbage on stdout with exit 0 is non_json_output with the stdout excerpt', async () => {
    const error = await failure(claude(standIn('garbage', 'echo "this is not json"')).run(request()));
    expect(error).toMatchObject({ kind: 'non_json_output', details: { stdoutExcerpt: 'this is not json' } });
  });

  it('a non-zero exit without a result is exit_nonzero with the stderr excerpt', async () => {
    const binary = standIn('crash', 'echo "boom: out of memory" >&2; exit 137');
    const error = await failure(claude(binary).run(request()));
    expect(error).toMatchObject({ kind: 'exit_nonzero', details: { exitCode: 137 } });
    expect(error!.message).toContain('boom: out of memory');
  });

  it('a hang past the deadline is timeout, and its whole process group is killed', async () => {
    const pidFile = join(dir, 'claude-child.pid');
    const binary = standIn('hang', `sleep 60 & echo $! > ${pidFile}; wait`);
    const error = await failure(claude(binary).run(request({ timeoutMs: 500 })));
    expect(error).toMatchObject({ kind: 'timeout' });
    // SIGKILL was sent to the group; its delivery on a loaded machine may take a moment.
    const child = Number(readFileSync(pidFile, 'utf8'));
    const deadline = Date.now() + 2_000;
    while (isAlive(child) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(isAlive(child)).toBe(false);
  });

  it('the argv carries -p, JSON output, the session id, the turn cap and the model; --resume continues', async () => {
    const argvFile = join(dir, 'argv.txt');
    const binary = standIn(
      'echo-argv',
      `printf '%s\\n' "$@" > ${argvFile}; echo '{"type":"result","subtype":"success","is_error":false,"result":"ok","session_id":"11111111-2222-3333-4444-555555555555","num_turns":1,"usage":{"input_tokens":1,"output_tokens":1}}'`,
    );
    const result = await claude(binary).run(request());
    expect(result.sessionId).toBe('11111111-2222-3333-4444-555555555555');
    const argv = readFileSync(argvFile, 'utf8').trim().split('\n');
    expect(argv.slice(0, 4)).toEqual(['-p', 'Create hello.txt', '--output-format', 'json']);
    expect(argv).toEqual(expect.arrayContaining(['--session-id', '--max-turns', '5', '--model', 'replay']));
    await claude(binary).run(request({ resume: true }));
    const resumed = readFileSync(argvFile, 'utf8').trim().split('\n');
    expect(resumed).toContain('--resume');
    expect(resumed).not.toContain('--session-id');
  });
});

describe('oracle and null agents', () => {
  it('the oracle writes the reference solution into the workspace', async () => {
    const agent = createAgent({
      kind: 'oracle',
      solutionFor: (task) => (task.key === 'hello' ? { files: { 'out/hello.txt': 'hi' } } : undefined),
    });
    const result = await agent.run(request());
    expect(readFileSync(join(dir, 'out', 'hello.txt'), 'utf8')).toBe('hi');
    expect(result.sessionId).toBe(request().sessionId);
  });

  it('the oracle refuses a solution path outside the workspace', async () => {
    const agent = createAgent({ kind: 'oracle', solutionFor: () => ({ files: { '../escape.txt': 'x' } }) });
    await expect(agent.run(request())).rejects.toThrow(/outside the workspace/);
  });

  it('the null agent does nothing and echoes the session', async () => {
    writeFileSync(join(dir, 'untouched.txt'), 'same');
    const result = await createAgent({ kind: 'null' }).run(request());
    expect(result.sessionId).toBe(request().sessionId);
    expect(readFileSync(join(dir, 'untouched.txt'), 'utf8')).toBe('same');
  });
});

describe('Claude Code JSON result', () => {
  it.each([
    [
      'success',
      {
        type: 'result',
        subtype: 'success',
        is_error: false,
        result: 'done',
        session_id: 's',
        num_turns: 2,
        terminal_reason: 'completed',
        usage: { input_tokens: 20, output_tokens: 10 },
        total_cost_usd: 0.01,
      },
      { isError: false, text: 'done', sessionId: 's', numTurns: 2 },
    ],
    [
      'max turns (no result field)',
      {
        type: 'result',
        subtype: 'error_max_turns',
        is_error: true,
        num_turns: 2,
        terminal_reason: 'max_turns',
        errors: ['Reached maximum number of turns (1)'],
      },
      { isError: true, subtype: 'error_max_turns', text: 'Reached maximum number of turns (1)' },
    ],
    [
      'API error reported as subtype success',
      {
        type: 'result',
        subtype: 'success',
        is_error: true,
        terminal_reason: 'api_error',
        result: 'API Error: 500',
      },
      { isError: true, terminalReason: 'api_error' },
    ],
  ])('%s', (_name, json, expected) => {
    expect(parseClaudeResult(JSON.stringify(json))).toMatchObject(expected);
  });

  it('finds the result line in stream-json output and refuses garbage', () => {
    const lines = [
      JSON.stringify({ type: 'system', subtype: 'init' }),
      JSON.stringify({ type: 'result', subtype: 'success', result: 'x', session_id: 'a' }),
    ];
    expect(parseClaudeResult(lines.join('\n'))?.text).toBe('x');
    expect(parseClaudeResult('Segmentation fault')).toBeUndefined();
  });
});
