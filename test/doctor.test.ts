import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ContainerRuntime, detectContainerRuntime } from '../src/runner/index.js';
import { copyOfShippedProject } from './helpers/project.js';
import { makeTempProject, runCli } from './helpers/run-cli.js';

// `npx obra-validate doctor` spawned. What it finds depends on the machine, so the expectations about
// the container runtime follow what testcontainers itself finds here (this project's own machines have
// the docker CLI but no engine: the doctor must say so).
let runtime: ContainerRuntime;
beforeAll(async () => {
  runtime = await detectContainerRuntime();
  if (!runtime.available) console.warn(`doctor tests: no container runtime here (${runtime.reason})`);
});

describe('npx obra-validate doctor (spawned)', () => {
  const shipped = copyOfShippedProject();
  const custom = makeTempProject({
    'scenarios/boxed.yaml': `version: 1
name: boxed
agent: { kind: oracle }
sandbox: container
tasks: [{ id: a, title: A }]
`,
    'scenarios/needs-tool.yaml': `version: 1
name: needs-tool
agent: { kind: oracle }
requires: [obra-validate-no-such-binary]
tasks: [{ id: a, title: A }]
`,
  });
  const empty = makeTempProject();
  afterAll(() => {
    shipped.cleanup();
    custom.cleanup();
    empty.cleanup();
  });

  it('in the shipped project: names what is there and what is missing; exit 0 (the default scenarios can run)', async () => {
    const result = await runCli(['doctor'], { cwd: shipped.dir, env: { OLLAMA_HOST: '127.0.0.1:9' } });
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/✓ node +v\d+\.\d+\.\d+ \(obra-validate needs >=20\.19\)/);
    expect(result.stdout).toMatch(/✓ claude +\d+\.\d+\.\d+ \(Claude Code\) at \//);
    expect(result.stdout).toMatch(/✓ python3 +Python 3\./);
    if (runtime.available) {
      expect(result.stdout).toMatch(/✓ container runtime/);
    } else {
      expect(result.stdout).toMatch(/✗ container runtime +no container runtime reachable/);
      expect(result.stdout).toContain('blocks: scenarios with `sandbox: container`');
      expect(result.stdout).toContain('see docs/CONTAINERS.md');
    }
    expect(result.stdout).toMatch(/✗ ollama +not reachable at http:\/\/127\.0\.0\.1:9 /);
    expect(result.stdout).toContain(
      'Scenarios in scenarios/: 13 of 13 can run here (agent-missing, agents-text, agents, calculator, csv-regression, decisions, evidence, project, stopped, store-failure, stress, tuned, turns-and-errors).',
    );
    expect(result.exitCode).toBe(0);
  }, 120_000);

  it('exit 3 when a default scenario cannot run, saying which and why', async () => {
    const result = await runCli(['doctor'], { cwd: custom.dir });
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toMatch(/✗ obra-validate-no-such-binary +not found on PATH/);
    expect(result.stdout).toContain('they are blocked (here: needs-tool)');
    expect(result.stdout).toContain('needs-tool cannot: needs obra-validate-no-such-binary');
    if (!runtime.available) {
      expect(result.stdout).toContain('boxed cannot: needs container runtime');
    }
    expect(result.stdout).toContain('Verdict: the default scenarios cannot all run here (exit 3)');
  }, 120_000);

  it('without scenarios/, a claude binary that cannot run is exit 3', async () => {
    const result = await runCli(['doctor'], {
      cwd: empty.dir,
      env: { OBRA_VALIDATE_CLAUDE_BINARY: '/nonexistent/claude' },
    });
    expect(result.exitCode).toBe(3);
    expect(result.stdout).toMatch(/✗ claude +\/nonexistent\/claude is missing/);
    expect(result.stdout).toContain('No scenarios/ folder here');
  }, 120_000);
});
