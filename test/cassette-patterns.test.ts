import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cliPath, makeTempProject, runCli } from './helpers/run-cli.js';

// Issue 28, item 5: `capture: { n: "(a+)+$" }` loaded without complaint, and a 29-character user text
// then blocked every request of the model server, `GET /api/version` included, for 68 s.

const cassette = (pattern: string) => `version: 1
name: hostile
conversations:
  - name: captured
    capture: { n: ${JSON.stringify(pattern)} }
    turns:
      - reply: { text: "captured {{n}}" }
  - name: fallback
    turns:
      - reply: { text: "no capture" }
`;

const request = (text: string) => ({
  model: 'replay',
  max_tokens: 100,
  messages: [{ role: 'user', content: text }],
});

/** Starts `obra-validate model-server` and resolves with its URL once it listens. */
function startServer(cwd: string, file: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, 'model-server', '--cassette', file], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk;
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (url) resolve({ child, url });
    });
    child.stderr.on('data', (chunk: Buffer) => (err += chunk));
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`model-server exited ${code} before listening: ${err}`)));
  });
}

let running: ChildProcess | undefined;
afterEach(() => {
  running?.kill('SIGKILL');
  running = undefined;
});

describe('a cassette cannot stall the model server (spawned CLI)', () => {
  it('answers the 29-character request against capture (a+)+$ well under a second, and every other route meanwhile', async () => {
    const p = makeTempProject({ 'c.yaml': cassette('(a+)+$') });
    try {
      const { child, url } = await startServer(p.dir, 'c.yaml');
      running = child;
      const started = performance.now();
      // Sent together: on a backtracking engine the first blocks the server's only thread, and the
      // version request waits behind it.
      const [reply, version] = await Promise.all([
        fetch(`${url}/v1/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(request('aaaaaaaaaaaaaaaaaaaaaaaaaaaab')),
          signal: AbortSignal.timeout(15_000),
        }),
        fetch(`${url}/api/version`, { signal: AbortSignal.timeout(15_000) }),
      ]);
      const elapsed = performance.now() - started;
      expect(reply.status).toBe(200);
      // (a+)+$ does not match a text ending in b: the next conversation answers.
      expect(await reply.json()).toMatchObject({ content: [{ type: 'text', text: 'no capture' }] });
      expect(version.status).toBe(200);
      expect(elapsed).toBeLessThan(1_000);
      // The same pattern still captures where it matches.
      const captured = await fetch(`${url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request('baaa')),
        signal: AbortSignal.timeout(15_000),
      });
      expect(await captured.json()).toMatchObject({ content: [{ type: 'text', text: 'captured aaa' }] });
    } finally {
      p.cleanup();
    }
  }, 60_000);

  it.each([
    [
      'a{99999999}',
      'c.yaml:5:16 conversations[0].capture.n is not an RE2 pattern (invalid repeat count: `{99999999}`); capture patterns use RE2 syntax, which matches in linear time; a repeat count is at most 1000; got "a{99999999}"',
    ],
    [
      '',
      'c.yaml:5:16 conversations[0].capture.n is an empty pattern: it matches every text and captures nothing; give a pattern with a group, e.g. "Task (\\\\d+)"; got ""',
    ],
    [
      '(\\w+){30}',
      'c.yaml:5:16 conversations[0].capture.n compiles to 122 RE2 instructions, over the 100 a capture pattern may have',
    ],
  ])('model-server refuses capture %j at load with its position, exit 2', async (pattern, message) => {
    const p = makeTempProject({ 'c.yaml': cassette(pattern) });
    try {
      const result = await runCli(['model-server', '--cassette', 'c.yaml'], {
        cwd: p.dir,
        timeoutMs: 30_000,
      });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(message);
      expect(result.stdout).not.toContain('listening');
    } finally {
      p.cleanup();
    }
  });

  it('a run whose scenario plays such a cassette stops before anything runs (exit 2, no run directory)', async () => {
    const p = makeTempProject({
      'fixtures/c.yaml': cassette('a{99999999}'),
      'scenarios/s.yaml': `version: 1
name: s
agent: { kind: claude-code, model: replay, cassette: fixtures/c.yaml }
tasks: [{ id: t, title: T, description: Do it }]
checks: [{ task: t, status: completed }]
`,
    });
    try {
      const result = await runCli(['scenarios/'], { cwd: p.dir, timeoutMs: 60_000 });
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain(
        'fixtures/c.yaml:5:16 conversations[0].capture.n is not an RE2 pattern (invalid repeat count',
      );
      expect(existsSync(join(p.dir, 'reports'))).toBe(false);
    } finally {
      p.cleanup();
    }
  }, 90_000);
});
