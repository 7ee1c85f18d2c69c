import { spawn } from 'node:child_process';
import { type HostMessageOf, type HostTransport, reportHostLoss } from './host-transport.js';
import { requireHost } from './launch-host-files.js';

/** What bin/launch-host.cjs sends: output as latin1 text, one character per byte. */
type NodeHostMessage = HostMessageOf<string>;

/**
 * The Node launch host (bin/launch-host.cjs): JSON messages over an IPC channel. The channel closing
 * (this process exiting, crashing or killed, even with its whole process group) makes it kill every
 * group it runs and exit.
 */
export function nodeHostTransport(path: string): HostTransport {
  return {
    kind: 'node',
    path,
    start(events) {
      requireHost(path);
      // Its own session and process group (detached): a SIGKILL of this process's group leaves it alive
      // to kill the agents' groups once the IPC channel closes.
      const child = spawn(process.execPath, [path], {
        stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        serialization: 'json',
        detached: true,
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
      reportHostLoss(child, events);
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
