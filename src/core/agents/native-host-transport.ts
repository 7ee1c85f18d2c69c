import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { type HostMessage, type HostTransport, reportHostLoss, type StartRequest } from './host-transport.js';
import { requireHost } from './launch-host-files.js';

/** envc meaning "the environment of the previous request" (native/launch-host.c). */
const SAME_ENV = 0xffffffff;
/** A close's exit code when there is none (native/launch-host.c's NO_CODE, read as an i32). */
const NO_CODE = -0x80000000;

const SIGNAL_NAMES = new Map<number, NodeJS.Signals>(
  Object.entries(constants.signals).map(([name, number]) => [number, name as NodeJS.Signals]),
);

/**
 * The native launch host (native/launch-host.c, built into dist/native/): length-prefixed binary frames
 * over its stdin and stdout, processes started with posix_spawn. Its stdin closing (this process
 * exiting, crashing or killed, even with its whole process group) makes it kill every group it runs
 * and exit; so does this process's death on Linux (PR_SET_PDEATHSIG).
 */
export function nativeHostTransport(path: string): HostTransport {
  return {
    kind: 'native',
    path,
    start(events) {
      requireHost(path);
      // Its own session and process group (detached): a SIGKILL of this process's group leaves it alive
      // to kill the agents' groups once its stdin closes. argv[1]: this process, watched on Linux with
      // PR_SET_PDEATHSIG as a second trigger.
      const child = spawn(path, [String(process.pid)], {
        stdio: ['pipe', 'pipe', 'inherit'],
        detached: true,
      });
      child.unref();
      const { stdin, stdout } = child;
      stdin.on('error', () => {
        // EPIPE once the host is gone: its 'exit' tells the pending calls.
      });
      const idle = () => {
        (stdin as unknown as { unref(): void }).unref();
        (stdout as unknown as { unref(): void }).unref();
      };
      idle();
      const decode = decoder((message) => events.message(message));
      stdout.on('data', (chunk: Buffer) => {
        try {
          decode(chunk);
        } catch (error) {
          // A bug on one side: the calls of this host fail (lost), the next launch starts a new one.
          child.kill('SIGKILL');
          events.lost(`sent a frame this side cannot read (${(error as Error).message})`);
        }
      });
      reportHostLoss(child, events);
      return {
        pid: child.pid,
        send(request) {
          stdin.write(encodeStart(request));
        },
        keepAlive(on) {
          if (on) (stdout as unknown as { ref(): void }).ref();
          else idle();
        },
        close() {
          stdin.end();
        },
      };
    },
  };
}

/**
 * A start request as one frame: a u32 length, then 'S' id argc [arg]... cwd envc [K=V]... stdin.
 * @throws TypeError (ERR_INVALID_ARG_VALUE, as Node's spawn) for a NUL byte in the file, an argument,
 * the cwd or the environment, which the C side would cut there.
 */
export function encodeStart(request: StartRequest): Buffer {
  const noNul = (what: string, value: string) => {
    if (value.includes('\0')) {
      throw Object.assign(new TypeError(`The argument '${what}' must be a string without null bytes`), {
        code: 'ERR_INVALID_ARG_VALUE',
      });
    }
  };
  noNul('file', request.file);
  for (const [i, arg] of request.args.entries()) noNul(`args[${i}]`, arg);
  noNul('options.cwd', request.cwd);
  for (const [key, value] of Object.entries(request.env ?? {})) {
    noNul(`options.env['${key}']`, key);
    if (value !== undefined) noNul(`options.env['${key}']`, value);
  }
  const parts: Buffer[] = [];
  const u32 = (value: number) => {
    const b = Buffer.allocUnsafe(4);
    b.writeUInt32LE(value);
    parts.push(b);
  };
  const text = (value: string) => {
    const bytes = Buffer.from(value, 'utf8');
    u32(bytes.length);
    parts.push(bytes);
  };
  parts.push(Buffer.from('S'));
  u32(request.id);
  u32(request.args.length + 1);
  text(request.file);
  for (const arg of request.args) text(arg);
  text(request.cwd);
  if (request.env === undefined) u32(SAME_ENV);
  else {
    const entries = Object.entries(request.env).filter(
      (entry): entry is [string, string] => entry[1] !== undefined,
    );
    u32(entries.length);
    for (const [key, value] of entries) text(`${key}=${value}`);
  }
  text(request.stdin);
  const payload = Buffer.concat(parts);
  const header = Buffer.allocUnsafe(4);
  header.writeUInt32LE(payload.length);
  return Buffer.concat([header, payload]);
}

/** Splits the host's stdout into frames and decodes each. */
export function decoder(deliver: (message: HostMessage) => void): (chunk: Buffer) => void {
  let pending: Buffer = Buffer.alloc(0);
  return (chunk) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    let at = 0;
    while (pending.length - at >= 4) {
      const length = pending.readUInt32LE(at);
      if (pending.length - at - 4 < length) break;
      deliver(decodeFrame(pending.subarray(at + 4, at + 4 + length)));
      at += 4 + length;
    }
    pending = at === pending.length ? Buffer.alloc(0) : pending.subarray(at);
  };
}

function decodeFrame(frame: Buffer): HostMessage {
  const type = String.fromCharCode(frame[0] ?? 0);
  const id = frame.readUInt32LE(1);
  switch (type) {
    case 'P':
      return { type: 'spawned', id, pid: frame.readUInt32LE(5) };
    case 'O':
      return {
        type: 'output',
        id,
        stream: frame[5] === 1 ? 'stdout' : 'stderr',
        chunk: Buffer.from(frame.subarray(6)),
      };
    case 'E': {
      const errno = frame.readInt32LE(5);
      const codeLength = frame.readUInt32LE(9);
      const code = frame.toString('utf8', 13, 13 + codeLength);
      const messageAt = 13 + codeLength;
      const message = frame.toString('utf8', messageAt + 4, messageAt + 4 + frame.readUInt32LE(messageAt));
      return { type: 'error', id, error: { message, code, errno: -errno } };
    }
    case 'C': {
      const code = frame.readInt32LE(5);
      const signal = frame.readUInt32LE(9);
      const stdoutLength = frame.readUInt32LE(13);
      const stdout = frame.subarray(17, 17 + stdoutLength);
      const stderrAt = 17 + stdoutLength;
      const stderr = frame.subarray(stderrAt + 4, stderrAt + 4 + frame.readUInt32LE(stderrAt));
      return {
        type: 'close',
        id,
        code: code === NO_CODE ? null : code,
        signal: signal === 0 ? null : (SIGNAL_NAMES.get(signal) ?? null),
        ...(stdout.length > 0 ? { stdout: Buffer.from(stdout) } : {}),
        ...(stderr.length > 0 ? { stderr: Buffer.from(stderr) } : {}),
      };
    }
    default:
      throw new Error(
        `obra-validate: the native launch host sent a frame of unknown type ${JSON.stringify(type)}`,
      );
  }
}
