import type { HostConnection, HostError, HostMessage, HostTransport } from './host-transport.js';
import { defaultLaunchHost } from './launch-host.js';
import type { LaunchHandlers, ProcessLauncher } from './launcher.js';
import { killGroup } from './process.js';

export interface HostLauncher extends ProcessLauncher {
  /** Which host starts the processes: native (posix_spawn) or node (bin/launch-host.cjs). */
  readonly kind: HostTransport['kind'];
  /** Ends the host (it kills any group it still runs). Launching again starts a new one. */
  close(): void;
  /**
   * Starts the host now, so that it has booted (a Node start is tens of milliseconds) by the first
   * launch. It does not keep this process alive.
   */
  warm(): void;
  /** The host's pid while it runs. */
  hostPid(): number | undefined;
}

/**
 * Starts processes from a small helper process instead of from this one: a fork costs in proportion to
 * the memory of the process that forks, and the harness is several times the size of the host; the
 * native host does not fork at all (docs/PERFORMANCE.md). The host starts on the first launch and does
 * not keep the event loop alive while nothing runs. If it dies, the processes it ran end with an error
 * and their groups are killed here (the host can no longer do it at their close), and the next launch
 * starts a new host. Limit: a process whose pid had not reached this side when the host was SIGKILLed
 * on its own is not known here, so nothing kills it.
 */
export function createHostLauncher(transport: HostTransport = defaultLaunchHost().transport): HostLauncher {
  let host: HostConnection | undefined;
  let nextId = 1;
  /** The environment the host has (it keeps the last one sent): most calls of a run share one. */
  let hostEnv: { host: HostConnection; env: NodeJS.ProcessEnv } | undefined;
  /** The processes running, each with the host that runs it (a closed host may still be ending). */
  const pending = new Map<number, { handlers: LaunchHandlers; host: HostConnection; pid?: number }>();

  // A host keeps this process alive only while a process of it runs.
  const releaseIfIdle = (connection: HostConnection) => {
    for (const entry of pending.values()) if (entry.host === connection) return;
    connection.keepAlive(false);
  };

  const start = (): HostConnection => {
    const connection: HostConnection = transport.start({
      message: (message) => dispatch(message),
      lost: (why) => {
        if (host === connection) host = undefined;
        for (const [id, entry] of pending) {
          if (entry.host !== connection) continue;
          pending.delete(id);
          // The host would have killed its group at the close (killsGroupOnClose): it cannot now.
          if (entry.pid !== undefined) killGroup(entry.pid, 'SIGKILL');
          entry.handlers.error(
            Object.assign(new Error(`the launch host ${why} while the process ran`), { code: 'EHOSTLOST' }),
          );
          entry.handlers.closed(null, null);
        }
      },
    });
    return connection;
  };

  const dispatch = (message: HostMessage) => {
    const entry = pending.get(message.id);
    if (!entry) return;
    const { handlers } = entry;
    switch (message.type) {
      case 'spawned':
        entry.pid = message.pid;
        handlers.spawned(message.pid);
        return;
      case 'output':
        handlers.output(message.stream, message.chunk);
        return;
      case 'error':
        handlers.error(Object.assign(new Error(message.error.message), withoutUndefined(message.error)));
        return;
      case 'close':
        if (message.stdout) handlers.output('stdout', message.stdout);
        if (message.stderr) handlers.output('stderr', message.stderr);
        pending.delete(message.id);
        releaseIfIdle(entry.host);
        handlers.closed(message.code, message.signal);
        return;
    }
  };

  return {
    kind: transport.kind,
    // Both hosts SIGKILL a process's group once its leader exited, before they send its close.
    killsGroupOnClose: true,
    launch(request, handlers) {
      host ??= start();
      const id = nextId++;
      pending.set(id, { handlers, host });
      host.keepAlive(true);
      const sameEnv = hostEnv?.host === host && sameEntries(hostEnv.env, request.env);
      if (!sameEnv) hostEnv = { host, env: { ...request.env } };
      try {
        host.send({
          id,
          file: request.file,
          args: request.args,
          cwd: request.cwd,
          ...(sameEnv ? {} : { env: request.env }),
          stdin: request.stdin,
        });
      } catch (error) {
        // Not sent (a value the protocol cannot hold): nothing runs, nothing may keep this process alive.
        pending.delete(id);
        hostEnv = undefined;
        releaseIfIdle(host);
        throw error;
      }
    },
    close() {
      const connection = host;
      host = undefined;
      connection?.close();
    },
    warm() {
      if (host) return;
      host = start();
      releaseIfIdle(host);
    },
    hostPid: () => host?.pid,
  };
}

/** Same variables with the same values (an environment is a few dozen entries: cheaper than sending it). */
function sameEntries(a: NodeJS.ProcessEnv, b: NodeJS.ProcessEnv): boolean {
  const keys = Object.keys(b);
  if (Object.keys(a).length !== keys.length) return false;
  for (const key of keys) if (a[key] !== b[key]) return false;
  return true;
}

function withoutUndefined(error: HostError): Partial<NodeJS.ErrnoException> {
  return Object.fromEntries(
    Object.entries(error).filter(([key, value]) => key !== 'message' && value !== undefined),
  );
}
