import { spawn } from 'node:child_process';
import type { HostError, HostTransport } from './host-transport.js';
import { requireHost } from './launch-host-files.js';

/** What bin/launch-host.cjs sends: output as latin1 text, one character per byte. */
type NodeHostMessage =
  | { type: 'spawned'; id: number; pid: number }
  | { type: 'output'; id: number; stream: 'stdout' | 'stderr'; chunk: string }
  | { type: 'error'; id: number; error: HostError }
  | {
      type: 'close';
      id: number;
      code: number | null;
      signal: NodeJS.Signals | null;
      stdout?: string;
      stderr?: string;
    };

/** The Node launch host (bin/launch-host.cjs): JSON messages over an IPC channel. */
export function nodeHostTransport(path: string): HostTransport {
  return {
    kind: 'node',
    path,
    start(events) {
      requireHost(path);
      const child = spawn(process.execPath, [path], {
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        serialization: 'json',
      });
      child.unref();
      child.on('message', (message: NodeHostMessage) => {
        switch (message.type) {
          case 'output':
            events.message({ ...message, chunk: asBuffer(message.chunk) });
            return;
          case 'close':
            events.message({
              type: 'close',
              id: message.id,
              code: message.code,
              signal: message.signal,
              ...(message.stdout ? { stdout: asBuffer(message.stdout) } : {}),
              ...(message.stderr ? { stderr: asBuffer(message.stderr) } : {}),
            });
            return;
          default:
            events.message(message);
        }
      });
      child.on('error', (error) => events.lost(`failed (${error.message})`));
      child.on('exit', (code, signal) =>
        events.lost(signal ? `was killed by ${signal}` : `exited with code ${code}`),
      );
      return {
        pid: child.pid,
        send(request) {
          child.send({ type: 'start', ...request });
        },
        keepAlive(on) {
          if (on) child.channel?.ref();
          else child.channel?.unref();
        },
        close() {
          if (child.connected) child.disconnect();
        },
      };
    },
  };
}

function asBuffer(latin1: string): Buffer {
  return Buffer.from(latin1, 'latin1');
}
