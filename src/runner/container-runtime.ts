import { relative } from 'node:path';
import { errorMessage, packagePath } from '../shared/index.js';
import { findOnPath } from './preflight.js';

/** Whether a container engine answers (not merely whether a client binary is installed). */
export type ContainerRuntime =
  | { available: true; description: string }
  | { available: false; reason: string; hint: string };

let cached: Promise<ContainerRuntime> | undefined;

/**
 * Asks testcontainers (imported lazily: it is large, and only container scenarios need it) for a
 * working container runtime: a reachable Docker or Podman socket (DOCKER_HOST, ~/.testcontainers
 * .properties, /var/run/docker.sock, ...). Without one it fails in milliseconds. Cached per process.
 */
export function detectContainerRuntime(env: NodeJS.ProcessEnv = process.env): Promise<ContainerRuntime> {
  cached ??= probe(env);
  return cached;
}

async function probe(env: NodeJS.ProcessEnv): Promise<ContainerRuntime> {
  try {
    const { getContainerRuntimeClient } = await import('testcontainers');
    const client = await getContainerRuntimeClient();
    const runtime = client.info.containerRuntime;
    return {
      available: true,
      description: `${runtime.operatingSystem} ${runtime.architecture}, server API ${runtime.serverVersion}, at ${runtime.remoteSocketPath || runtime.host}`,
    };
  } catch (error) {
    const clients = ['docker', 'podman'].flatMap((name) => {
      const path = findOnPath(name, env);
      return path ? [`${name} CLI at ${path}`] : [];
    });
    const where = env.DOCKER_HOST ? `DOCKER_HOST=${env.DOCKER_HOST}` : 'DOCKER_HOST unset';
    return {
      available: false,
      reason: `no container runtime reachable (${errorMessage(error)}; ${where}${clients.length > 0 ? `; ${clients.join(', ')} found, but no engine answers` : '; no docker or podman CLI either'})`,
      hint: `start Docker, or Podman with its API socket (on Debian as root, \`eval "$(${engineScript()} start)"\` installs and starts Podman and exports DOCKER_HOST), then run \`npx obra-validate doctor\`; see docs/CONTAINERS.md`,
    };
  }
}

/** scripts/container-engine.sh as typed from the current folder (inside this package: relative). */
function engineScript(): string {
  const path = packagePath('scripts/container-engine.sh');
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') ? path : rel;
}
