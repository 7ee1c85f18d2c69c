import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveClaudeBinary } from '../../core/index.js';
import type { CliIo } from '../io.js';
import { main } from '../main.js';

const repo = new URL('../../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'obra-model-server-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fakeIo(cwd = repo): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (text) => {
      out += text;
    },
    stderr: (text) => {
      err += text;
    },
    cwd,
    env: {},
    isTTY: false,
    out: () => out,
    err: () => err,
  };
}

async function until<T>(probe: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting for the model-server command');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('obra-validate model-server', () => {
  it('serves the cassette at the printed URL until SIGINT, then closes and exits 0', async () => {
    const io = fakeIo();
    const log = join(dir, 'requests.jsonl');
    const listenersBefore = process.listenerCount('SIGINT');
    const exit = main(['model-server', '--cassette', 'fixtures/cassettes/example.yaml', '--log', log], io);
    const url = await until(() => /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(io.out())?.[1]);
    expect(io.out()).toContain(`export ANTHROPIC_BASE_URL=${url} ANTHROPIC_API_KEY=test-key`);
    // The bundled Claude Code CLI by its path: `claude` is not on a consuming project's PATH.
    expect(resolveClaudeBinary()).toContain('node_modules/@anthropic-ai/claude-code/');
    expect(io.out()).toContain(`  ${resolveClaudeBinary()} -p "..." --model replay`);
    const tags = (await (await fetch(`${url}/api/tags`)).json()) as { models: Array<{ name: string }> };
    expect(tags.models.map((m) => m.name)).toContain('replay');
    const reply = await fetch(`${url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'replay',
        messages: [{ role: 'user', content: 'Primary working directory: /ws\nhi' }],
        tools: [{ name: 'Write' }],
      }),
    });
    expect(await reply.json()).toMatchObject({
      content: [{ type: 'text' }, { type: 'tool_use', name: 'Write', input: { file_path: '/ws/hello.txt' } }],
    });
    expect(process.listenerCount('SIGINT')).toBe(listenersBefore + 1);
    process.emit('SIGINT');
    expect(await exit).toBe(0);
    expect(process.listenerCount('SIGINT')).toBe(listenersBefore);
    expect(io.err()).toContain('model server stopped: 2 request(s), 0 miss(es)');
    await expect(fetch(`${url}/api/tags`)).rejects.toThrow();
  });

  it.each([
    [['model-server'], 'model-server needs a cassette: give --cassette FILE'],
    [
      ['model-server', '--cassette', 'fixtures/cassettes/example.yaml', '--port', '70000'],
      '--port must be a whole number from 0 to 65535, in decimal digits (a TCP port; 0 picks a free one); got "70000"',
    ],
    [['model-server', '--cassette', 'fixtures/cassettes/example.yaml', '--port', 'eighty'], 'got "eighty"'],
    [['model-server', '--cassette', 'no/such.yaml'], '--cassette "no/such.yaml" does not exist'],
    [['model-server', '--record', '--out', 'x.yaml'], '--record needs --upstream URL and --out FILE'],
    [
      ['model-server', '--cassette', 'fixtures/cassettes/example.yaml', '--upstream', 'http://x'],
      '--upstream "http://x" is only for record mode',
    ],
  ])('%j exits 2: %s', async (argv, message) => {
    const io = fakeIo();
    expect(await main(argv, io)).toBe(2);
    expect(io.err()).toContain(message);
  });

  it('a broken cassette is reported with file:line:col and exit 2', async () => {
    writeFileSync(
      join(dir, 'broken.yaml'),
      'version: 1\nname: broken\nconversations:\n  - name: c\n    turns:\n      - when: { step: one }\n        reply: { text: hi }\n',
    );
    const io = fakeIo(dir);
    expect(await main(['model-server', '--cassette', 'broken.yaml'], io)).toBe(2);
    expect(io.err()).toContain(
      `${join(dir, 'broken.yaml')}:6:17 conversations[0].turns[0].when.step must be an integer; got "one"`,
    );
  });

  it('--help shows the options and examples', async () => {
    const io = fakeIo();
    expect(await main(['model-server', '--help'], io)).toBe(0);
    expect(io.out()).toContain('--cassette <file>');
    expect(io.out()).toContain('Examples:');
    expect(io.out()).toContain('npx obra-validate model-server --cassette fixtures/cassettes/example.yaml');
  });
});
