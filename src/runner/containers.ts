import { existsSync, realpathSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import type { StartedTestContainer } from 'testcontainers';
import { type CommandWrapper, resolveClaudeBinary } from '../core/index.js';
import type { Scenario } from '../scenario/index.js';
import { errorMessage, InfrastructureError } from '../shared/index.js';
import { prepareContainerCleanup, removeAttemptContainers } from './container-cleanup.js';
import { containerExecWrapper } from './container-exec.js';
import { chooseImage } from './container-images.js';
import { containerLabels } from './container-labels.js';
import { findOnPath } from './preflight.js';

/** The containers of one attempt (started only where preflight found a container runtime). */
export interface AttemptContainers {
  /** Base URL of the container Ollama (`llm: { kind: ollama, container: true }`). */
  llmEndpoint?: string;
  /** Runs the agent's and the checks' commands in the sandbox container (`sandbox: container`). */
  wrap?: CommandWrapper;
  /** The claude binary's real path: mounted read-only at that path in the sandbox. */
  claudeBinary?: string;
  /** Stops and removes every container (idempotent). */
  stop(): Promise<void>;
}

export interface ContainerSetup {
  scenario: Scenario;
  /** The run and the attempt: the labels every container carries (container-labels.ts). */
  runId: string;
  attemptId: string;
  /** Local images for the images scenarios name (`images:` in obra-validate.config.yaml). */
  images?: Readonly<Record<string, string>> | undefined;
  rootDir: string;
  attemptDir: string;
  workspace: string;
  env: NodeJS.ProcessEnv;
}

const OLLAMA_PORT = 11434;

/**
 * Starts what the scenario asks for, with testcontainers (imported lazily):
 * - a real Ollama (GenericContainer, port 11434, ready when GET /api/tags answers 200) with the
 *   scenario's model pulled into it;
 * - a sandbox container kept alive with `sleep infinity`: the project root mounted read-only and the
 *   attempt folder read-write at the same paths, the claude package read-only, host networking (the
 *   embedded model server listens on 127.0.0.1), the host's uid:gid. Commands then run in it through
 *   `docker exec` (or `podman exec`).
 * Every container carries the run's labels and is removed when the attempt ends (`stop`), when the
 * harness dies (the reaper) or, failing both, at the next start (the sweep): container-cleanup.ts.
 * Returns undefined when the scenario needs no container. A container that does not start is an
 * InfrastructureError (the attempt is `error`, never `failed`); preflight has already blocked the
 * scenario when no runtime answers or an image can be neither found nor pulled.
 */
export async function startAttemptContainers(setup: ContainerSetup): Promise<AttemptContainers | undefined> {
  const { scenario } = setup;
  const ollama = scenario.llm.kind === 'ollama' ? scenario.llm.container : undefined;
  const sandbox = scenario.sandbox.kind === 'container' ? scenario.sandbox : undefined;
  if (!ollama && !sandbox) return undefined;
  const { GenericContainer, getContainerRuntimeClient, Wait } = await import('testcontainers');
  const labels = containerLabels(setup.runId, setup.attemptId, { host: hostname(), pid: process.pid });
  const started: StartedTestContainer[] = [];
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await Promise.allSettled(started.map((c) => c.stop({ remove: true })));
    // And any container of the attempt testcontainers did not hand back (a start that failed half-way).
    await getContainerRuntimeClient()
      .then((client) => removeAttemptContainers(client, setup.runId, setup.attemptId))
      .catch(() => 0);
  };
  const result: AttemptContainers = { stop };
  try {
    await prepareContainerCleanup(await getContainerRuntimeClient(), setup.env);
    if (ollama && scenario.llm.kind === 'ollama') {
      const container = await new GenericContainer(chooseImage(ollama.image, setup.images).image)
        .withLabels(labels)
        .withExposedPorts(OLLAMA_PORT)
        .withWaitStrategy(Wait.forHttp('/api/tags', OLLAMA_PORT).forStatusCode(200))
        .withStartupTimeout(180_000)
        .start();
      started.push(container);
      const pull = await container.exec(['ollama', 'pull', scenario.llm.model]);
      if (pull.exitCode !== 0) {
        throw new Error(
          `\`ollama pull ${scenario.llm.model}\` exited with ${pull.exitCode}: ${pull.output.trim().slice(-400)} (the container needs network access to the Ollama registry)`,
        );
      }
      result.llmEndpoint = `http://${container.getHost()}:${container.getMappedPort(OLLAMA_PORT)}`;
    }
    if (sandbox) {
      const cli = findOnPath('docker', setup.env) ?? findOnPath('podman', setup.env);
      if (!cli) {
        throw new Error(
          'sandbox: container runs commands with `docker exec` or `podman exec`: install one of those CLIs',
        );
      }
      const claude = resolveClaudeBinary();
      const claudeBinary = existsSync(claude) ? realpathSync(claude) : undefined;
      const mounts = [
        { source: setup.rootDir, target: setup.rootDir, mode: 'ro' as const },
        { source: setup.attemptDir, target: setup.attemptDir, mode: 'rw' as const },
        ...(claudeBinary
          ? [
              {
                source: dirname(dirname(claudeBinary)),
                target: dirname(dirname(claudeBinary)),
                mode: 'ro' as const,
              },
            ]
          : []),
      ];
      let builder = new GenericContainer(chooseImage(sandbox.image, setup.images).image)
        .withLabels(labels)
        .withBindMounts(mounts)
        .withNetworkMode('host')
        .withWorkingDir(setup.workspace)
        .withCommand(['sleep', 'infinity']);
      if (process.getuid && process.getgid)
        builder = builder.withUser(`${process.getuid()}:${process.getgid()}`);
      const container = await builder.start();
      started.push(container);
      result.wrap = containerExecWrapper(cli, container.getId(), setup.env);
      if (claudeBinary) result.claudeBinary = claudeBinary;
    }
    return result;
  } catch (error) {
    await stop();
    throw new InfrastructureError(
      `could not start the containers of scenario ${scenario.name}: ${errorMessage(error)}`,
      'OBRA_CONTAINER',
      { cause: error },
    );
  }
}
