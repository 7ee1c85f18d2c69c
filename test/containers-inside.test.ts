import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LOCAL_IMAGE, testEngine } from './helpers/containers.js';
import { latestReport, verdicts } from './helpers/project.js';
import { makeTempProject, runCli } from './helpers/run-cli.js';

// Proof that `sandbox: container` puts the agent itself in the container, not only the checks: the real
// Claude Code CLI, replaying a cassette, runs one Bash command that writes what its own process sees
// into the workspace. In the container's PID namespace, PID 1 is the container's `sleep infinity`; on
// the host it is the host's init. A command check reads the same inside. (The hostname is no proof:
// the sandbox shares the host's network, and with it, under Docker and Podman, the host's name.)
const engine = await testEngine();
if (engine.skipReason) console.warn(`containers-inside.test.ts: skipped: ${engine.skipReason}`);

const WHEREAMI =
  'cd {{cwd}} && { xargs -0 echo < /proc/1/cmdline; cat /etc/obra-validate-image 2>/dev/null | head -n 1 || echo no-marker; hostname; } > whereami.txt';

const files = {
  'scenarios/whereami.yaml': `version: 1
name: whereami
sandbox: container
agent: { kind: claude-code, model: replay, cassette: fixtures/whereami.cassette.yaml }
orchestrator: { max_iterations: 1 }
workspace: fixtures/start
tasks:
  - { id: look, title: Look around, description: Write whereami.txt with what PID 1 is. }
budgets: { wall: 5m }
checks:
  - { task: look, status: completed }
  - { name: the agent saw the container's PID 1, file: whereami.txt, contains: ["sleep infinity"] }
  - { name: the checks see it too, command: "xargs -0 echo < /proc/1/cmdline", exit: 0, stdout_contains: "sleep infinity" }
`,
  'fixtures/start/README.md': 'An empty workspace.\n',
  'fixtures/whereami.cassette.yaml': `version: 1
name: whereami
conversations:
  - name: agent
    when: { has_tools: true }
    turns:
      - when: { step: 0 }
        reply:
          text: I will write down where I run.
          tool_calls:
            - name: Bash
              input: { command: "${WHEREAMI}", description: where am I }
      - when: { step: 1, tool_result_from: Bash }
        reply: { text: Wrote whereami.txt. }
`,
};

describe.skipIf(engine.skipReason !== '')('the agent in a container (spawned CLI, real Claude Code)', () => {
  const project = makeTempProject({ ...files, 'obra-validate.config.yaml': engine.config });
  afterAll(() => project.cleanup());

  it('sees the container’s PID 1 (sleep infinity), not the host’s, and so do the checks', async () => {
    const result = await runCli(['scenarios/', '--reporter', 'json'], {
      cwd: project.dir,
      timeoutMs: 300_000,
    });
    expect(result.exitCode, result.output).toBe(0);
    const report = latestReport(project.dir);
    expect(verdicts(report)).toEqual({ whereami: 'passed' });
    const [pid1, marker] = readFileSync(
      join(project.dir, 'reports', 'latest', 'attempts', 'whereami-1', 'workspace', 'whereami.txt'),
      'utf8',
    ).split('\n');
    const hostPid1 = readFileSync('/proc/1/cmdline', 'utf8').replaceAll('\0', ' ').trim();
    expect(pid1).toBe('sleep infinity');
    expect(hostPid1).not.toBe('sleep infinity');
    // The local image carries a marker file the host does not have.
    if (engine.config.includes(LOCAL_IMAGE)) expect(marker).toBe('obra-validate image python3');
  }, 300_000);
});
