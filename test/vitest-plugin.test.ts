import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectContainerRuntime } from '../src/runner/index.js';
import { testEngine } from './helpers/containers.js';
import { repoRoot } from './helpers/run-cli.js';
import { makeLinkedProject, spawnVitest } from './helpers/vitest-project.js';

// A user's project with the plugin in vitest.config.ts and obra-validate linked into node_modules:
// the real Vitest CLI is spawned; scenario files become test files run by runValidation.
const oracle = '{ kind: oracle }';
const engine = await testEngine();
const scenario = (name: string, extra: string, agent = oracle) => `version: 1
name: ${name}
agent: ${agent}
workspace: fixtures/hello/start
solution:
  files: { hello.txt: "hello world\\n" }
tasks:
  - { id: hello, title: Create hello.txt, description: Write hello world into hello.txt }
${extra}`;

const files = {
  'vitest.config.ts': `import { defineConfig } from 'vitest/config';
import { obraValidate } from 'obra-validate/vitest';

export default defineConfig({
  plugins: [obraValidate()],
  test: { include: ['test/**/*.test.ts'] },
});
`,
  'test/sum.test.ts': `import { expect, it } from 'vitest';
it('adds', () => expect(1 + 1).toBe(2));
`,
  'fixtures/hello/start/README.md': 'the workspace every attempt starts from\n',
  // The real Claude Code CLI, replaying the cassette of docs/CASSETTES.md on the embedded model server.
  'fixtures/cassettes/example.yaml': readFileSync(join(repoRoot, 'fixtures/cassettes/example.yaml'), 'utf8'),
  'scenarios/hello.yaml': scenario(
    'hello',
    `checks:
  - { task: hello, status: completed }
  - { file: hello.txt, contains: ["Hello from the replay model."] }
`,
    '{ kind: claude-code, model: replay, cassette: fixtures/cassettes/example.yaml }',
  ),
  'scenarios/wrong.yaml': scenario(
    'wrong',
    `repeat: 2
checks:
  - { task: hello, status: completed }
  - { name: says goodbye, file: hello.txt, contains: ["goodbye"] }
`,
  ),
  // Runs in a container where a runtime answers and has a python3 image (scripts/container-image.sh
  // builds one where no registry answers); elsewhere blocked, so its test skips and says why.
  'scenarios/boxed.yaml': scenario(
    'boxed',
    `sandbox: { kind: container, image: "${engine.image}" }
checks:
  - { file: hello.txt, contains: ["hello world"] }
`,
  ),
  'scenarios/missing-tool.yaml': scenario(
    'missing-tool',
    `requires: [obra-validate-no-such-binary]
checks:
  - { file: hello.txt, contains: ["hello world"] }
`,
  ),
};

interface JsonResults {
  numFailedTests: number;
  numPassedTests: number;
  numPendingTests: number;
  testResults: {
    name: string;
    assertionResults: {
      ancestorTitles: string[];
      title: string;
      status: string;
      failureMessages: string[];
    }[];
  }[];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

const runtime = await detectContainerRuntime();

describe('obra-validate/vitest in a project (spawned vitest)', () => {
  const project = makeLinkedProject(files);
  afterAll(() => project.cleanup());

  it('vitest run: a test per attempt; a failing check fails its test with expected and actual; a blocked scenario skips with its reason', async () => {
    const run = spawnVitest(
      ['run', '--reporter=default', '--reporter=json', '--outputFile.json=vitest.json'],
      project.dir,
    );
    const code = await run.exited;
    const output = run.output();
    expect(code, output).toBe(1);
    const results = JSON.parse(readFileSync(join(project.dir, 'vitest.json'), 'utf8')) as JsonResults;
    const tests = Object.fromEntries(
      results.testResults.flatMap((file) =>
        file.assertionResults.map((t) => [
          `${file.name.slice(project.dir.length + 1)} > ${[...t.ancestorTitles, t.title].join(' > ')}`,
          t,
        ]),
      ),
    );
    expect(Object.fromEntries(Object.entries(tests).map(([name, t]) => [name, t.status]))).toEqual({
      'test/sum.test.ts > adds': 'passed',
      'scenarios/hello.yaml > hello > attempt 1': 'passed',
      'scenarios/wrong.yaml > wrong > attempt 1': 'failed',
      'scenarios/wrong.yaml > wrong > attempt 2': 'failed',
      'scenarios/missing-tool.yaml > missing-tool > attempt 1': 'skipped',
      'scenarios/boxed.yaml > boxed > attempt 1': engine.skipReason ? 'skipped' : 'passed',
    });
    const failure = tests['scenarios/wrong.yaml > wrong > attempt 1']!.failureMessages.join('\n');
    expect(failure).toContain('checks[1] failed (major) at scenarios/wrong.yaml:12:5: says goodbye');
    // The default reporter shows the diff of expected and actual, and the code frame of the check.
    expect(output).toContain('Expected: "hello.txt exists, contains "goodbye""');
    expect(output).toContain('Received: "hello.txt does not contain "goodbye""');
    expect(output).toMatch(/❯ checks\[1\] scenarios\/wrong\.yaml:12:5/);
    expect(output).toMatch(/ 12\|\s+- \{ name: says goodbye.*\n\s+\|\s+\^/);
    // Findings and the report path are annotations.
    expect(output).toMatch(
      /notice\s+↳ failed in [\d.]+s: 1\/1 tasks, .*report: reports\/[\w-]+\/report\.json/,
    );
    // The skip says why, at run time.
    expect(output).toContain(
      'missing-tool > attempt 1 skipped: blocked: requires obra-validate-no-such-binary on PATH, not found.',
    );
    if (!runtime.available) {
      expect(output).toContain(
        'boxed > attempt 1 skipped: blocked: sandbox: container (python:3.12-slim-bookworm) needs a container runtime: no container runtime reachable',
      );
    }
    // The same runValidation as the CLI: a run directory per scenario file, with report.json.
    expect(existsSync(join(project.dir, 'reports', 'latest', 'report.json'))).toBe(true);
  }, 180_000);

  it('vitest --ui serves its page while the scenarios run (HTTP 200), then stops', async () => {
    const port = await freePort();
    const ui = spawnVitest(
      ['--ui', '--watch', '--open=false', '--api.host', '127.0.0.1', '--api.port', String(port), 'hello'],
      project.dir,
    );
    try {
      await ui.waitFor(/UI started at (http:\/\/127\.0\.0\.1:\d+\/__vitest__\/)/, 120_000);
      const response = await fetch(`http://127.0.0.1:${port}/__vitest__/`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<title>Vitest</title>');
      await ui.waitFor(/Test Files\s+1 passed/, 120_000);
    } finally {
      await ui.stop();
    }
  }, 300_000);

  it('watch mode reruns a scenario when its YAML or one of its fixtures changes', async () => {
    const watch = spawnVitest(['--watch', 'scenarios/hello.yaml'], project.dir);
    try {
      await watch.waitFor(/Test Files\s+1 passed[\s\S]*Waiting for file changes/, 120_000);
      appendFileSync(join(project.dir, 'fixtures/hello/start/README.md'), 'changed\n');
      await watch.waitFor(/RERUN\s+fixtures\/hello\/start\/README\.md/, 60_000);
      await watch.waitFor(/RERUN[\s\S]*Test Files\s+1 passed[\s\S]*Waiting for file changes/, 120_000);
      appendFileSync(join(project.dir, 'scenarios/hello.yaml'), '# edited\n');
      await watch.waitFor(/RERUN\s+scenarios\/hello\.yaml/, 60_000);
    } finally {
      await watch.stop();
    }
  }, 400_000);
});
