import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getResponse, type RequestHandler } from 'msw';

/** A request as the server received it, for asserting on bodies, headers and attempt counts. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Headers;
  body: string;
}

export interface MswServer {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly requests: ReceivedRequest[];
  close(): Promise<void>;
}

/**
 * msw handlers served over a real loopback socket: each request becomes a fetch Request for msw's
 * getResponse. Unhandled → 404; `HttpResponse.error()` → the socket is destroyed (a connection reset).
 * The Request's signal aborts when the client goes away, so a handler can wait for that.
 */
export async function startMswServer(handlers: readonly RequestHandler[]): Promise<MswServer> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    respond(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(`msw-server: ${String(error)}`);
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  async function respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
    }
    const gone = new AbortController();
    res.on('close', () => gone.abort());
    const method = req.method ?? 'GET';
    const target = new URL(req.url ?? '/', url);
    requests.push({ method, path: target.pathname, headers, body: body.toString('utf8') });
    const request = new Request(target, {
      method,
      headers,
      body: method === 'GET' || method === 'HEAD' ? undefined : body,
      signal: gone.signal,
    });
    const response = await getResponse([...handlers], request);
    if (res.destroyed) return;
    if (response === undefined) {
      res
        .writeHead(404, { 'content-type': 'text/plain' })
        .end(`no msw handler for ${method} ${target.pathname}`);
    } else if (response.type === 'error') {
      req.socket.destroy();
    } else {
      const payload = Buffer.from(await response.arrayBuffer());
      res.writeHead(response.status, Object.fromEntries(response.headers)).end(payload);
    }
  }

  return {
    url,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
    },
  };
}

/** A loopback port nothing listens on (bound, then released): connecting to it is refused. */
export async function refusedPort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** For handlers that must never answer (timeouts): resolves once the client has gone away. */
export function untilClientGone(request: Request): Promise<void> {
  return new Promise((resolve) => {
    if (request.signal.aborted) resolve();
    else request.signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
