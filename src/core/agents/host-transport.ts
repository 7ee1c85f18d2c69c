import type { ChildProcess } from 'node:child_process';

/**
 * How the harness talks to a launch host (host-launcher.ts): the Node host over IPC
 * (node-host-transport.ts) or the native host over pipes (native-host-transport.ts). Both carry the same
 * requests and messages; output arrives as bytes.
 */
export interface StartRequest {
  id: number;
  file: string;
  args: readonly string[];
  cwd: string;
  /** Absent: the environment of the previous request again (most calls of a run share one). */
  env?: NodeJS.ProcessEnv;
  stdin: string;
}

export interface HostError {
  message: string;
  code?: string;
  errno?: number;
  syscall?: string;
  path?: string;
}

/** A host's messages, with output as `Bytes` (Buffer here; latin1 text on the Node host's IPC channel). */
export type HostMessageOf<Bytes> =
  | { type: 'spawned'; id: number; pid: number }
  | { type: 'output'; id: number; stream: 'stdout' | 'stderr'; chunk: Bytes }
  | { type: 'error'; id: number; error: HostError }
  | {
      type: 'close';
      id: number;
      code: number | null;
      signal: NodeJS.Signals | null;
      /** What the stream printed since its last 'output' message (the hosts hold short output). */
      stdout?: Bytes;
      stderr?: Bytes;
    };

export type HostMessage = HostMessageOf<Buffer>;

/** One running host. */
export interface HostConnection {
  readonly pid: number | undefined;
  /** @throws when the request cannot be encoded (nothing was sent). */
  send(request: StartRequest): void;
  /** Whether this host keeps the harness's event loop alive (only while a process of it runs). */
  keepAlive(on: boolean): void;
  /** Asks the host to end: it kills every group it still runs, then exits. */
  close(): void;
}

export interface HostEvents {
  message(message: HostMessage): void;
  /** The host ended or could not start; `why` completes "the launch host ... while the process ran". */
  lost(why: string): void;
}

export interface HostTransport {
  /** Which host this is, for the report and `doctor`. */
  readonly kind: 'native' | 'node';
  readonly path: string;
  start(events: HostEvents): HostConnection;
}

/** Tells `events` when the host's process could not start or ended (both transports' hosts). */
export function reportHostLoss(child: ChildProcess, events: HostEvents): void {
  child.on('error', (error) => events.lost(`failed (${error.message})`));
  child.on('exit', (code, signal) =>
    events.lost(signal ? `was killed by ${signal}` : `exited with code ${code}`),
  );
}
