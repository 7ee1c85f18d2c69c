import { lookup } from 'node:dns/promises';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_IMAGE, NAMED_IMAGE, testEngine } from './helpers/containers.js';
import { copyOfShippedProject, latestReport, verdicts } from './helpers/project.js';
import { makeTempProject, runCli } from './helpers/run-cli.js';

// The container examples (scenarios/containers/) through the built CLI. Where a runtime answers (.ci/run
// sets up Podman with scripts/container-engine.sh) they run for real; where none can be started the
// tests that need one skip and print why, and the examples must then be blocked, never faked.
const engine = await testEngine();
const pullAllowed = process.env.OBRA_VALIDATE_TEST_OLLAMA_PULL === '1';
// Whether a registry could serve ollama/ollama here: where its name does not even resolve (this
// project's machines), the Ollama example must be blocked with the pull's error; elsewhere it would pull
// gigabytes, so it runs only when asked (OBRA_VALIDATE_TEST_OLLAMA_PULL=1).
const registryReachable = await lookup('registry-1.docker.io').then(
  () => true,
  () => false,
);
if (engine.skipReason) {
  console.warn(`containers.test.ts: the tests that start containers are skipped: ${engine.skipReason}`);
} else {
  console.warn(
    'containers.test.ts: the test "without a container runtime" is skipped: a runtime answers here, so the examples run for real instead',
  );
  if (!pullAllowed) {
    console.warn(
      `containers.test.ts: the test of a real Ollama in a container is skipped: ${registryReachable ? 'a registry answers here; set OBRA_VALIDATE_TEST_OLLAMA_PULL=1 to pull ollama/ollama and a model' : 'no registry answers here (registry-1.docker.io does not resolve), and no ollama binary can be installed: the Ollama example is checked to be blocked instead'}`,
    );
  }
}
const canRun = engine.skipReason === '';
const timeoutMs = 300_000;

describe('container scenarios (spawned CLI)', () => {
  const project = copyOfShippedProject(
    canRun && engine.config ? { 'obra-validate.config.yaml': engine.config } : {},
  );
  afterAll(() => project.cleanup());

  it.skipIf(canRun)(
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

  it.skipIf(!canRun || registryReachable)(
    'with a runtime and no registry: the calculator passes in its container; Ollama is blocked with the pull’s error and what it needs; the manifest records the image mapping',
    async () => {
      const result = await runCli(['scenarios/containers/', '--reporter', 'line,json'], {
        cwd: project.dir,
        timeoutMs,
      });
      const report = latestReport(project.dir);
      expect(verdicts(report), result.output).toEqual({
        'calculator-in-container': 'passed',
        'ollama-in-container': 'blocked',
      });
      // Blocked is "could not judge": exit 3, never a failed gate.
      expect(result.exitCode).toBe(3);
      const checks = report.scenarios[0]!.attempts[0]!.checks;
      expect(checks.find((c) => c.title === 'hidden unittest tests pass in the container')?.status).toBe(
        'passed',
      );
      const reason = report.scenarios[1]!.attempts[0]!.reason ?? '';
      expect(reason).toMatch(
        /^llm: \{ kind: ollama, container: true \} \(ollama\/ollama:latest\): image ollama\/ollama:latest is not in the engine and cannot be pulled here \(.+\)\. Fix: no Debian or npm package ships the ollama binary/,
      );
      const manifest = JSON.parse(
        readFileSync(join(project.dir, 'reports', 'latest', 'manifest.json'), 'utf8'),
      );
      if (engine.config) expect(manifest.options.images).toEqual({ [NAMED_IMAGE]: LOCAL_IMAGE });
    },
    timeoutMs,
  );

  it.skipIf(!canRun)(
    'with a runtime: the oracle passes the calculator in its container and the null agent fails it',
    async () => {
      const file = 'scenarios/containers/calculator-in-container.yaml';
      const oracle = await runCli([file, '--agent', 'oracle', '--reporter', 'json'], {
        cwd: project.dir,
        timeoutMs,
      });
      expect(oracle.exitCode, oracle.output).toBe(0);
      expect(verdicts(latestReport(project.dir))).toEqual({ 'calculator-in-container': 'passed' });
      const nothing = await runCli([file, '--agent', 'null', '--reporter', 'json'], {
        cwd: project.dir,
        timeoutMs,
      });
      expect(nothing.exitCode, nothing.output).toBe(1);
      const report = latestReport(project.dir);
      expect(verdicts(report)).toEqual({ 'calculator-in-container': 'failed' });
      const failed = report.scenarios[0]!.attempts[0]!.checks.filter((c) => c.status === 'failed');
      expect(failed.map((c) => c.title)).toContain('hidden unittest tests pass in the container');
    },
    timeoutMs,
  );

  it.skipIf(!canRun)(
    'with a runtime: a local image that is not built blocks the scenario with the command that builds it',
    async () => {
      const missing = makeTempProject({
        'obra-validate.config.yaml': `images:\n  "${NAMED_IMAGE}": localhost/obra-validate/not-built:bookworm\n`,
      });
      try {
        cpSync(join(project.dir, 'scenarios'), join(missing.dir, 'scenarios'), { recursive: true });
        cpSync(join(project.dir, 'fixtures'), join(missing.dir, 'fixtures'), { recursive: true });
        const file = 'scenarios/containers/calculator-in-container.yaml';
        const result = await runCli([file, '--reporter', 'json'], { cwd: missing.dir, timeoutMs });
        expect(result.exitCode, result.output).toBe(3);
        const report = latestReport(missing.dir);
        expect(verdicts(report)).toEqual({ 'calculator-in-container': 'blocked' });
        expect(report.scenarios[0]!.attempts[0]!.reason).toMatch(
          /^sandbox: container \(python:3\.12-slim-bookworm\): image localhost\/obra-validate\/not-built:bookworm \(for python:3\.12-slim-bookworm, mapped by images:\) is not in the engine \(a local image is built, not pulled\)\. Fix: build it here .*`\S*scripts\/container-image\.sh build not-built`/,
        );
      } finally {
        missing.cleanup();
      }
    },
    timeoutMs,
  );

  it.skipIf(!canRun || !pullAllowed)(
    'with a runtime and a registry, a real Ollama in a container scores the attempt',
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
