import { spawn } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliResult, cliPath, makeTempProject, repoRoot, runCli } from './helpers/run-cli.js';

// Issue 28, "Hostile input": bad flag values, files that are not obra-validate's, numbers without
// bounds and rejections that grow faster than the input, through the built CLI. Every rejection is
// exit 2 naming the flag (or file:line:col) and the value, with no stack and nothing written.

const STACK_LINE = /\n\s+at .+:\d+:\d+\)?/;

/** An oracle scenario that passes in about a second: a run would happen if the flags were taken. */
const tiny = `version: 1
name: tiny
agent: { kind: oracle }
solution: { files: { "hello.txt": "hello\\n" } }
tasks:
  - { id: hello, title: Create hello.txt, description: Write hello into hello.txt }
checks:
  - { file: hello.txt, contains: ["hello"] }
`;
const USER_TEXT = 'my own notes: not a baseline\n';

/** Every path below `dir` with its size and modification time: what a command left on disk. */
function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (here: string) => {
    for (const name of readdirSync(here).sort()) {
      const path = join(here, name);
      const info = lstatSync(path);
      out.push(`${relative(dir, path)} ${info.isDirectory() ? 'dir' : `${info.size} ${info.mtimeMs}`}`);
      if (info.isDirectory() && !info.isSymbolicLink()) walk(path);
    }
  };
  walk(dir);
  return out;
}

function expectRejected(result: CliResult, ...mentions: (string | RegExp)[]): void {
  expect(result.exitCode, result.output).toBe(2);
  for (const mention of mentions) {
    if (typeof mention === 'string') expect(result.stderr).toContain(mention);
    else expect(result.stderr).toMatch(mention);
  }
  expect(result.stderr).not.toMatch(STACK_LINE);
  expect(result.stderr).not.toContain('internal error');
  expect(result.stdout).not.toContain('Wrote:');
}

// One project for the whole file: a scenario, a folder, a file of the user's, one finished run.
const project = makeTempProject({
  'scenarios/tiny.yaml': tiny,
  'fixtures/README.md': 'a folder\n',
  'notes.txt': USER_TEXT,
});
afterAll(() => project.cleanup());
let runDir = '';
beforeAll(async () => {
  const result = await runCli(['scenarios/'], { cwd: project.dir });
  expect(result.exitCode, result.output).toBe(0);
  runDir = join('reports', readdirSync(join(project.dir, 'reports')).find((n) => /^\d{8}-/.test(n))!);
}, 60_000);

/** Runs the CLI and asserts it changed nothing in the project. */
async function rejectedWithoutTrace(args: string[], ...mentions: (string | RegExp)[]): Promise<CliResult> {
  const before = snapshot(project.dir);
  const result = await runCli(args, { cwd: project.dir, timeoutMs: 20_000 });
  expectRejected(result, ...mentions);
  expect(snapshot(project.dir), 'nothing written').toEqual(before);
  return result;
}

describe('issue 28 item 1: every flag value is checked before anything runs (exit 2, flag and value named)', () => {
  it.each([
    ['--config ""', ['scenarios/', '--config', ''], ['--config', '""', 'is empty']],
    ['--config DIR', ['scenarios/', '--config', 'fixtures'], ['--config', 'fixtures', 'is a directory']],
    [
      '--update-baseline DIR (refused before the run, not after it)',
      ['scenarios/', '--update-baseline', 'fixtures'],
      ['--update-baseline', 'fixtures', 'is a directory'],
    ],
    [
      '--scale 2^66',
      ['scenarios/', '--scale', '99999999999999999999'],
      ['--scale', '99999999999999999999', '100000'],
    ],
    [
      '--repeat 2^66',
      ['scenarios/', '--repeat', '99999999999999999999'],
      ['--repeat', '99999999999999999999', '1000'],
    ],
    [
      '--concurrency 2^66',
      ['scenarios/', '--concurrency', '99999999999999999999'],
      ['--concurrency', '99999999999999999999', '64'],
    ],
    ['--scale 1e3', ['scenarios/', '--scale', '1e3'], ['--scale', '"1e3"', 'decimal']],
    ['--workers 0x10', ['scenarios/', '--workers', '0x10'], ['--workers', '"0x10"', 'decimal']],
    ['--repeat 1.5', ['scenarios/', '--repeat', '1.5'], ['--repeat', '"1.5"']],
    ['--shard 1/1e3', ['scenarios/', '--shard', '1/1e3'], ['--shard', '"1/1e3"']],
    ['--resume ""', ['--resume', ''], ['--resume', '""', 'is empty']],
    ['--reports-dir ""', ['scenarios/', '--reports-dir', ''], ['--reports-dir', '""', 'is empty']],
    [
      '--reports-dir FILE',
      ['scenarios/', '--reports-dir', 'notes.txt'],
      ['--reports-dir', 'notes.txt', 'is a file'],
    ],
    ['--grep ""', ['scenarios/', '--grep', ''], ['--grep', '""', 'is empty']],
    ['a scenario path ""', [''], ['""', 'is empty']],
  ] as const)('%s', async (_name, args, mentions) => {
    await rejectedWithoutTrace([...args], ...mentions);
  });

  it('report RUN --out "" writes nothing into the project root', async () => {
    await rejectedWithoutTrace(['report', runDir, '--out', ''], '--out', '""', 'is empty');
  });

  it('report RUN --out FILE is refused before writing anything (no "Wrote:", no crash on EEXIST)', async () => {
    await rejectedWithoutTrace(['report', runDir, '--out', 'notes.txt'], '--out', 'notes.txt', 'is a file');
    expect(readFileSync(join(project.dir, 'notes.txt'), 'utf8')).toBe(USER_TEXT);
  });

  it.each([
    ['--log DIR', ['--log', 'fixtures'], ['--log', 'fixtures', 'is a directory']],
    ['--log ""', ['--log', ''], ['--log', '""', 'is empty']],
    ['--host "" (would listen on every interface)', ['--host', ''], ['--host', '""', 'is empty']],
    ['--port 0x50', ['--port', '0x50'], ['--port', '"0x50"']],
  ] as const)('model-server %s', async (_name, args, mentions) => {
    const cassette = join(repoRoot, 'fixtures', 'cassettes', 'example.yaml');
    await rejectedWithoutTrace(['model-server', '--cassette', cassette, ...args], ...mentions);
  });

  it('model-server --host 0.0.0.0 says on stderr that it listens beyond this machine', async () => {
    const cassette = join(repoRoot, 'fixtures', 'cassettes', 'example.yaml');
    const child = spawn(
      process.execPath,
      [cliPath, 'model-server', '--cassette', cassette, '--host', '0.0.0.0'],
      {
        cwd: project.dir,
        env: { ...process.env, CI: 'true', NO_COLOR: '1' },
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    const exit = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const deadline = Date.now() + 15_000;
    while (!stdout.includes('listening on') && child.exitCode === null && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGINT');
    expect(await exit, stdout + stderr).toBe(0);
    expect(stdout).toContain('listening on http://0.0.0.0:');
    expect(stderr).toMatch(/--host 0\.0\.0\.0 is not a loopback address: .*other machines/);
  });
});

describe("issue 28 item 2: nothing of the user's is overwritten", () => {
  it('--update-baseline FILE holding anything but a baseline is refused before the run; the file is kept', async () => {
    await rejectedWithoutTrace(
      ['scenarios/', '--update-baseline', 'notes.txt'],
      '--update-baseline',
      'notes.txt',
      /not an obra-validate baseline.*Delete it or move it away, or choose another path/,
    );
    expect(readFileSync(join(project.dir, 'notes.txt'), 'utf8')).toBe(USER_TEXT);
  });

  it('report --update-baseline FILE is refused the same way', async () => {
    await rejectedWithoutTrace(
      ['report', runDir, '--update-baseline', 'notes.txt'],
      'notes.txt',
      'not an obra-validate baseline',
    );
  });

  it('--update-baseline LINK is refused: the link target outside stays as it was', async () => {
    const outside = makeTempProject({
      'main.json': readFileSync(join(repoRoot, 'reports/baselines/main.json'), 'utf8'),
    });
    try {
      symlinkSync(join(outside.dir, 'main.json'), join(project.dir, 'link.json'));
      const before = readFileSync(join(outside.dir, 'main.json'), 'utf8');
      await rejectedWithoutTrace(
        ['report', runDir, '--update-baseline', 'link.json'],
        'link.json',
        'symbolic link',
      );
      expect(readFileSync(join(outside.dir, 'main.json'), 'utf8')).toBe(before);
    } finally {
      outside.cleanup();
    }
  });

  it("report --out DIR holding the user's own report.md is refused before anything is written", async () => {
    mkdirSync(join(project.dir, 'docs'), { recursive: true });
    writeFileSync(join(project.dir, 'docs', 'report.md'), USER_TEXT);
    await rejectedWithoutTrace(
      ['report', runDir, '--out', 'docs'],
      'docs/report.md',
      'not a report.md written by obra-validate',
    );
    expect(readFileSync(join(project.dir, 'docs', 'report.md'), 'utf8')).toBe(USER_TEXT);
  });

  it("OBRA_VALIDATE_JUNIT_OUTPUT_FILE naming the user's file is refused before the run", async () => {
    const before = snapshot(project.dir);
    const result = await runCli(['scenarios/'], {
      cwd: project.dir,
      env: { OBRA_VALIDATE_JUNIT_OUTPUT_FILE: 'notes.txt' },
    });
    expectRejected(
      result,
      'OBRA_VALIDATE_JUNIT_OUTPUT_FILE=notes.txt',
      'not a junit.xml written by obra-validate',
    );
    expect(snapshot(project.dir)).toEqual(before);
  });

  it('a baseline obra-validate wrote is replaced, with its marker; one written before the marker is still read', async () => {
    const old = JSON.parse(readFileSync(join(repoRoot, 'reports/baselines/main.json'), 'utf8')) as Record<
      string,
      unknown
    >;
    delete old.format;
    writeFileSync(join(project.dir, 'old.json'), JSON.stringify(old, null, 2));
    const compared = await runCli(['report', runDir, '--baseline', 'old.json', '--out', 'out'], {
      cwd: project.dir,
    });
    expect(compared.exitCode, compared.output).toBe(0);
    expect(JSON.parse(readFileSync(join(project.dir, 'out', 'report.json'), 'utf8'))).toHaveProperty(
      'baseline',
    );
    const first = await runCli(['report', runDir, '--update-baseline', 'base.json', '--out', 'out'], {
      cwd: project.dir,
    });
    expect(first.exitCode, first.output).toBe(0);
    const again = await runCli(['report', runDir, '--update-baseline', 'base.json', '--out', 'out'], {
      cwd: project.dir,
    });
    expect(again.exitCode, again.output).toBe(0);
    const written = readFileSync(join(project.dir, 'base.json'), 'utf8');
    expect(written).toMatch(/^\{\n {2}"format": "obra-validate-baseline",\n {2}"version": 1,/);
    expect(readdirSync(project.dir).filter((n) => n.includes('.tmp'))).toEqual([]);
  });
});

describe('issue 28 item 3: counts and durations have bounds (exit 2 at file:line:col)', () => {
  function scenarioProject(text: string) {
    return makeTempProject({ 'scenarios/s.yaml': text });
  }
  it.each([
    [
      'generate: 2^53 - 1',
      tiny.replace('tasks:\n  - {', 'tasks:\n  - { generate: 9007199254740991 }\n  - {'),
      /s\.yaml:6:\d+ tasks\[0\]\.generate must be <= 100000/,
    ],
    ['repeat: 2^53 - 1', `${tiny}repeat: 9007199254740991\n`, /s\.yaml:9:9 repeat must be <= 1000/],
    [
      'generate: 1000000',
      tiny.replace('tasks:\n  - {', 'tasks:\n  - { generate: 1000000 }\n  - {'),
      /s\.yaml:6:\d+ tasks\[0\]\.generate must be <= 100000/,
    ],
    [
      'budgets.wall: 2147483648',
      `${tiny}budgets: { wall: 2147483648 }\n`,
      /s\.yaml:9:18 budgets\.wall must be from 1 ms to 2147483647 ms/,
    ],
    [
      'budgets.wall: "0ms"',
      `${tiny}budgets: { wall: "0ms" }\n`,
      /s\.yaml:9:18 budgets\.wall must be from 1 ms/,
    ],
  ])('%s', async (_name, text, expected) => {
    const p = scenarioProject(text);
    try {
      const started = Date.now();
      const result = await runCli(['scenarios/'], { cwd: p.dir, timeoutMs: 30_000 });
      expectRejected(result, expected);
      expect(result.stderr).not.toContain('RangeError');
      expect(Date.now() - started, 'refused at once, not after expanding the tasks').toBeLessThan(10_000);
      expect(existsSync(join(p.dir, 'reports')), 'nothing ran').toBe(false);
    } finally {
      p.cleanup();
    }
  });

  it('the longest accepted wall (596h) runs: its timer does not overflow and fire at once', async () => {
    const p = scenarioProject(`${tiny}budgets: { wall: 596h }\n`);
    try {
      const result = await runCli(['scenarios/'], { cwd: p.dir });
      expect(result.exitCode, result.output).toBe(0);
      expect(result.stderr).not.toContain('TimeoutOverflowWarning');
    } finally {
      p.cleanup();
    }
  });
});

describe('issue 28 item 4: rejection takes time linear in the input, and prints a bounded list', () => {
  const keys = Array.from({ length: 20_000 }, (_, i) => `unknown_key_${i}: ${i}\n`).join('');

  it('a scenario with 20,000 unknown top-level keys is refused in seconds with at most 52 lines', async () => {
    const p = makeTempProject({ 'scenarios/s.yaml': `${tiny}${keys}` });
    try {
      const started = Date.now();
      const result = await runCli(['scenarios/'], { cwd: p.dir, timeoutMs: 40_000 });
      const elapsed = Date.now() - started;
      expectRejected(
        result,
        /s\.yaml:9:1 unknown_key_0 is not a known key/,
        /\.\.\. and 19950 more problems/,
      );
      expect(result.stderr.trim().split('\n').length).toBeLessThanOrEqual(52);
      expect(elapsed).toBeLessThan(15_000);
    } finally {
      p.cleanup();
    }
  }, 60_000);

  it('a cassette with 20,000 unknown top-level keys is refused in seconds with at most 52 lines', async () => {
    const p = makeTempProject({ 'c.yaml': `version: 1\nname: c\nconversations: []\n${keys}` });
    try {
      const started = Date.now();
      const result = await runCli(['model-server', '--cassette', 'c.yaml'], {
        cwd: p.dir,
        timeoutMs: 40_000,
      });
      const elapsed = Date.now() - started;
      // 20,001 problems: the empty conversation list is one more.
      expectRejected(
        result,
        /c\.yaml:4:1 unknown_key_0 is not a known key/,
        /\.\.\. and 19951 more problems/,
      );
      expect(result.stderr.trim().split('\n').length).toBeLessThanOrEqual(52);
      expect(elapsed).toBeLessThan(15_000);
    } finally {
      p.cleanup();
    }
  }, 60_000);
});
