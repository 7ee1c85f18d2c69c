import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import { hostname } from 'node:os';
import { LABEL_OWNER, ownerLabel } from './container-labels.js';

/**
 * The reaper's program (run with `node -e`; argv: the path of testcontainers, the label to remove). It
 * waits for its standard input to end, which happens when the harness process ends, however it ends
 * (the kernel closes the pipe even after a SIGKILL), then removes every container with the label.
 */
const REAPER_PROGRAM = `
const [modulePath, label] = process.argv.slice(1);
let reaping = false;
async function reap() {
  if (reaping) return;
  reaping = true;
  try {
    const { getContainerRuntimeClient } = require(modulePath);
    const docker = (await getContainerRuntimeClient()).container.dockerode;
    const listed = await docker.listContainers({ all: true, filters: { label: [label] } });
    await Promise.allSettled(listed.map((c) => docker.getContainer(c.Id).remove({ force: true, v: true })));
  } finally {
    process.exit(0);
  }
}
process.stdin.on('end', reap);
process.stdin.on('close', reap);
process.stdin.on('error', reap);
process.stdin.resume();
`;

let reaper: ChildProcess | undefined;

/**
 * Starts, once per harness process, a small process that removes this process's containers (label
 * org.obra-validate.owner=<host>/<pid>) when the harness ends: after a SIGKILL, a crash, or a second
 * Ctrl+C that exits at once. It runs in its own session (a SIGKILL of the harness's process group does
 * not reach it) and does not keep the harness alive. At a normal end every container is already gone
 * and it finds nothing. It talks to the engine as the harness does (same environment: DOCKER_HOST).
 */
export function startContainerReaper(env: NodeJS.ProcessEnv): void {
  if (reaper) return;
  const modulePath = createRequire(import.meta.url).resolve('testcontainers');
  const label = `${LABEL_OWNER}=${ownerLabel({ host: hostname(), pid: process.pid })}`;
  reaper = spawn(process.execPath, ['-e', REAPER_PROGRAM, modulePath, label], {
    detached: true,
    stdio: ['pipe', 'ignore', 'ignore'],
    env,
  });
  reaper.on('error', () => {
    // It could not start (no process left to fork): the sweep at the next start is then the guarantee.
  });
  reaper.unref();
  (reaper.stdin as Socket | null)?.unref();
}
