import { hostname } from 'node:os';
import type { ContainerRuntimeClient } from 'testcontainers';
import { isStale, LABEL_ATTEMPT, LABEL_OWNER, LABEL_RUN } from './container-labels.js';
import { startContainerReaper } from './container-reaper.js';

let prepared: Promise<void> | undefined;

/**
 * Once per harness process, before its first container: removes the containers that harnesses which
 * are gone left on this host (the sweep), then starts the reaper that removes this process's own
 * containers when it dies (container-reaper.ts). Neither needs testcontainers' Ryuk. A sweep that fails
 * is not an error of the run: the engine then fails the container start, which says why.
 */
export function prepareContainerCleanup(
  client: ContainerRuntimeClient,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  prepared ??= (async () => {
    await sweepStaleContainers(client).catch(() => []);
    startContainerReaper(env);
  })();
  return prepared;
}

/** Removes (forced, with their anonymous volumes) the labelled containers whose harness is gone. */
export async function sweepStaleContainers(client: ContainerRuntimeClient): Promise<string[]> {
  const docker = client.container.dockerode;
  const listed = await docker.listContainers({ all: true, filters: { label: [LABEL_OWNER] } });
  const here = { host: hostname(), alive: isAlive };
  const stale = listed.filter((c) => isStale(c.Labels ?? {}, here)).map((c) => c.Id);
  await Promise.allSettled(stale.map((id) => docker.getContainer(id).remove({ force: true, v: true })));
  return stale;
}

/**
 * Removes (forced) every container of one attempt, also one whose start failed half-way (created, never
 * handed back by testcontainers). Returns how many there were.
 */
export async function removeAttemptContainers(
  client: ContainerRuntimeClient,
  runId: string,
  attemptId: string,
): Promise<number> {
  const docker = client.container.dockerode;
  const listed = await docker.listContainers({
    all: true,
    filters: { label: [`${LABEL_RUN}=${runId}`, `${LABEL_ATTEMPT}=${attemptId}`] },
  });
  await Promise.allSettled(listed.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true })));
  return listed.length;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
