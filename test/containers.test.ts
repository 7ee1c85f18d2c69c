import { afterAll, describe, expect, it } from 'vitest';
import { detectContainerRuntime } from '../src/runner/index.js';
import { copyOfShippedProject, latestReport, verdicts } from './helpers/project.js';
import { runCli } from './helpers/run-cli.js';

// The container examples (scenarios/containers/) through the built CLI. Which tests run depends on
// whether a container runtime answers here; the others skip and say why (this project's own machines
// have the docker CLI but no engine, so there the scenarios must be blocked, never faked).
const runtime = await detectContainerRuntime();
const noRuntime = runtime.available ? '' : `no container runtime here: ${runtime.reason}`;
const pullAllowed = process.env.OBRA_VALIDATE_TEST_OLLAMA_PULL === '1';
if (noRuntime) console.warn(`containers.test.ts: the tests that start containers are skipped: ${noRuntime}`);
if (runtime.available && !pullAllowed) {
  console.warn(
    'containers.test.ts: the Ollama container test is skipped: set OBRA_VALIDATE_TEST_OLLAMA_PULL=1 (it pulls an image and a model)',
  );
}

describe('container scenarios (spawned CLI)', () => {
  const project = copyOfShippedProject();
  afterAll(() => project.cleanup());

  it.skipIf(runtime.available)(
    'without a container runtime, both examples are blocked with the reason and a hint; exit 3',
    async () => {
      const result = await runCli(['scenarios/containers/', '--reporter', 'line,json'], {
        cwd: project.dir,
        timeoutMs: 120_000,
      });
      expect(result.exitCode).toBe(3);
      const report = latestReport(project.dir);
      expect(verdicts(report)).toEqual({
        'calculator-in-container': 'blocked',
        'ollama-in-container': 'blocked',
      });
      const reasons = report.scenarios.map((s) => s.attempts[0]!.reason ?? '');
      expect(reasons[0]).toMatch(
        /^sandbox: container \(python:3\.12-slim-bookworm\) needs a container runtime: no container runtime reachable \(/,
      );
      expect(reasons[1]).toMatch(
        /^llm: \{ kind: ollama, container: true \} \(ollama\/ollama:latest\) needs a container runtime/,
      );
      for (const reason of reasons) expect(reason).toContain('Fix: start Docker');
      expect(result.stdout).toMatch(
        /^- \[1\/2\] calculator-in-container#1 blocked in [\d.]+s: sandbox: container/m,
      );
    },
    120_000,
  );

  it.skipIf(!runtime.available)(
    'with a container runtime, the calculator passes with the agent and its checks in the container',
    async () => {
      const result = await runCli(['scenarios/containers/calculator-in-container.yaml'], {
        cwd: project.dir,
        timeoutMs: 900_000,
      });
      expect(result.exitCode, result.output).toBe(0);
      expect(verdicts(latestReport(project.dir))).toEqual({ 'calculator-in-container': 'passed' });
    },
    900_000,
  );

  it.skipIf(!runtime.available || !pullAllowed)(
    'with a container runtime and network, a real Ollama in a container scores the attempt',
    async () => {
      const result = await runCli(['scenarios/containers/ollama-in-container.yaml'], {
        cwd: project.dir,
        timeoutMs: 1_800_000,
      });
      expect(result.exitCode, result.output).toBe(0);
      expect(verdicts(latestReport(project.dir))).toEqual({ 'ollama-in-container': 'passed' });
    },
    1_800_000,
  );
});
