/**
 * The labels on every container obra-validate starts (pure). They are how its containers are found
 * again without testcontainers' Ryuk: at the end of an attempt, by the reaper when the harness dies,
 * and by the sweep at the next start (docs/CONTAINERS.md, "Nothing left behind").
 */

/** The run the container belongs to (its run id). */
export const LABEL_RUN = 'org.obra-validate.run-id';
/** The attempt it belongs to (`<scenario>#<n>`). */
export const LABEL_ATTEMPT = 'org.obra-validate.attempt';
/** The harness process that started it: `<hostname>/<pid>`. */
export const LABEL_OWNER = 'org.obra-validate.owner';

export interface ContainerOwner {
  host: string;
  pid: number;
}

export function ownerLabel(owner: ContainerOwner): string {
  return `${owner.host}/${owner.pid}`;
}

export function containerLabels(
  runId: string,
  attemptId: string,
  owner: ContainerOwner,
): Record<string, string> {
  return { [LABEL_RUN]: runId, [LABEL_ATTEMPT]: attemptId, [LABEL_OWNER]: ownerLabel(owner) };
}

/** `<hostname>/<pid>` back to its parts; undefined when the label is not one of ours. */
export function parseOwner(label: string | undefined): ContainerOwner | undefined {
  const match = /^(.+)\/(\d+)$/.exec(label ?? '');
  if (!match) return undefined;
  return { host: match[1]!, pid: Number(match[2]) };
}

/**
 * Whether a labelled container was left by a harness that is gone: started on this host by a process
 * that no longer runs. Containers of another host, or of a live harness (another run going on now),
 * are never stale. A reused pid keeps a container until that process ends: the safe side.
 */
export function isStale(
  labels: Readonly<Record<string, string>>,
  here: { host: string; alive: (pid: number) => boolean },
): boolean {
  const owner = parseOwner(labels[LABEL_OWNER]);
  return owner !== undefined && owner.host === here.host && !here.alive(owner.pid);
}
