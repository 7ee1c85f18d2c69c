import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { InfrastructureError, UserError } from '../shared/index.js';
import { validateCassette } from './cassette/parse.js';
import type { Cassette } from './cassette/schema.js';
import { conversationState } from './conversation-state.js';
import type { ResponsePlan } from './faults.js';
import { infoResponse, modelNames } from './info-routes.js';
import { compileConversations } from './match.js';
import { protocols } from './protocols/registry.js';
import type { RenderContext, RenderedResponse } from './protocols/types.js';
import { createRecorder, type RecordOptions } from './record.js';
import { decideReply } from './replay.js';
import type { ResolvedReply } from './reply.js';
import { type ModelRequest, protocolOf } from './request.js';
import {
  createRequestLog,
  type MissRecord,
  type RequestLogEntry,
  type RequestOutcome,
  type ServedReply,
  safeHeaders,
} from './request-log.js';
import { routeList, routeOf } from './routes.js';
import { conversationScope, createToolErrorLog, type ToolErrorRecord } from './tool-errors.js';

export interface ModelServerOptions {
  /** Loaded cassettes (loadCassette / parseCassette); conversations are searched in this order. */
  cassettes?: readonly Cassette[];
  /** Interface to listen on. Default (also for ""): 127.0.0.1. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  /** JSONL request log: one line per request, without bodies. */
  logFile?: string;
  /** Bound of the log file (default 10 MB). */
  logMaxBytes?: number;
  /** Record mode: proxy every request to an upstream and write a cassette on close(). */
  record?: RecordOptions;
  /** Request bodies kept in requests() for the most recent requests (default 32). */
  keepBodies?: number;
}

export interface ModelServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash). */
  url: string;
  port: number;
  /** Log entries so far (the most recent 10,000; bodies for the most recent `keepBodies`). */
  requests(): RequestLogEntry[];
  /** Requests no cassette turn matched, kept whole (bodies for the first 100). */
  misses(): MissRecord[];
  /** Replayed tool calls the client refused before running them (the first 100), with the turn that served each. */
  toolErrors(): ToolErrorRecord[];
  /** Ends open connections, writes the recorded cassette (record mode), closes the log; resolves when the port is free. */
  close(): Promise<void>;
}

const maxBodyBytes = 64 * 1024 * 1024;

/** Starts the model server on 127.0.0.1 (by default on an ephemeral port). */
export async function startModelServer(options: ModelServerOptions): Promise<ModelServer> {
  const cassettes = (options.cassettes ?? []).map((c) => validateCassette(c, c.file));
  if (cassettes.length === 0 && options.record === undefined) {
    throw new UserError(
      'startModelServer needs at least one cassette (or record mode); load one with loadCassette(path)',
    );
  }
  const conversations = compileConversations(cassettes);
  const models = modelNames(cassettes);
  const log = createRequestLog({
    ...(options.logFile === undefined ? {} : { file: options.logFile }),
    ...(options.logMaxBytes === undefined ? {} : { maxBytes: options.logMaxBytes }),
    ...(options.keepBodies === undefined ? {} : { keepBodies: options.keepBodies }),
  });
  const recorder = options.record ? createRecorder(options.record) : undefined;
  const toolErrors = createToolErrorLog();
  const played = new Map<string, number>();
  const stopping = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let seq = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const startedAt = performance.now();
    const id = ++seq;
    const time = new Date().toISOString();
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://model-server.invalid');
    const route = routeOf(method, url.pathname);
    const sessionHeader = req.headers['x-claude-code-session-id'];
    const base = {
      seq: id,
      time,
      method,
      path: url.pathname + url.search,
      ...(typeof sessionHeader === 'string' ? { sessionId: sessionHeader } : {}),
    };
    const finish = (
      status: number,
      outcome: RequestOutcome,
      extra: Partial<RequestLogEntry> = {},
      miss?: { reason: string; body: unknown },
    ) => {
      const entry: RequestLogEntry = {
        ...base,
        ...extra,
        outcome,
        status,
        durationMs: round(performance.now() - startedAt),
      };
      log.add(entry, miss && { reason: miss.reason, headers: safeHeaders(req.headers), body: miss.body });
    };

    const bodyText = await readBody(req);
    if (bodyText === undefined) {
      send(res, {
        status: 413,
        headers: { 'content-type': 'application/json' },
        chunks: [JSON.stringify({ error: `request body over ${maxBodyBytes} bytes` })],
      });
      finish(413, { kind: 'bad-request', reason: 'request body too large' });
      return;
    }
    if (recorder) {
      const result = await recorder.forward({
        method,
        pathAndQuery: base.path,
        headers: req.headers,
        bodyText,
        route,
        res,
        signal: stopping.signal,
      });
      finish(result.status, result.outcome, {
        ...result.extra,
        ...(result.usage ? { usage: result.usage } : {}),
      });
      return;
    }
    if (route.kind === 'not-found') {
      const message = `obra-validate model server: no route ${method} ${url.pathname}; routes: ${routeList.join(', ')}`;
      send(res, {
        status: 404,
        headers: { 'content-type': 'application/json' },
        chunks: [JSON.stringify({ error: { type: 'not_found_error', message } })],
      });
      finish(404, { kind: 'not-found' });
      return;
    }
    const parsed = parseJson(bodyText);
    if (route.kind !== 'model') {
      const response = infoResponse(route.kind, models, parsed.ok ? parsed.value : undefined, Date.now());
      send(res, method === 'HEAD' ? { ...response, chunks: [] } : response);
      finish(response.status, { kind: 'info' });
      return;
    }
    const adapter = protocols[protocolOf(route.route)];
    const protocol = protocolOf(route.route);
    if (!parsed.ok) {
      const context = renderContext(route.route, 'replay', false, false, id);
      const reason = `the request body is not JSON (${parsed.error})`;
      send(
        res,
        adapter.renderError(
          { status: 400, kind: 'bad_request', message: `obra-validate model server: ${reason}` },
          context,
        ),
      );
      finish(400, { kind: 'bad-request', reason }, { protocol });
      return;
    }
    const request = adapter.parseRequest(parsed.value, route.route);
    const state = conversationState(request);
    const scope = conversationScope(base.sessionId, state.firstUserText);
    toolErrors.seen(base, scope, state.lastToolResults);
    const context = renderContext(
      route.route,
      request.model || 'replay',
      request.stream,
      request.includeUsage,
      id,
    );
    const decision = decideReply(conversations, state, adapter, context, (key) => played.get(key) ?? 0);
    if (decision.playedKey !== undefined)
      played.set(decision.playedKey, (played.get(decision.playedKey) ?? 0) + 1);
    if (decision.outcome.kind === 'turn' && decision.served !== undefined) {
      const { cassette, conversation, conversationIndex, turn, turnName } = decision.outcome;
      toolErrors.served(scope, id, decision.served.toolCalls, {
        cassette,
        conversation,
        conversationIndex,
        turn,
        ...(turnName === undefined ? {} : { turnName }),
      });
    }
    const asked = askedText(request);
    const extra: Partial<RequestLogEntry> = {
      protocol,
      stream: request.stream,
      model: request.model,
      step: state.step,
      body: parsed.value,
      ...(decision.usage ? { usage: decision.usage } : {}),
      ...(asked === undefined ? {} : { asked }),
      tools: request.tools.length,
      ...(decision.served ? { served: servedOf(decision.served) } : {}),
    };
    if (decision.delayMs > 0) await sleep(decision.delayMs, undefined, { signal: stopping.signal });
    if (req.socket.destroyed) {
      // The client gave up during the delay (its own timeout): nothing was delivered, so nothing was served.
      const { served: _undelivered, usage: _unused, ...rest } = extra;
      finish(0, decision.outcome, { ...rest, abandoned: true });
      return;
    }
    const status = play(req, res, decision.plan);
    finish(
      status,
      decision.outcome,
      extra,
      decision.missReason === undefined ? undefined : { reason: decision.missReason, body: parsed.value },
    );
  }

  const server = createServer((req, res) => {
    const task = handle(req, res).catch((error: unknown) => {
      const aborted = stopping.signal.aborted;
      if (!res.headersSent && !res.destroyed) {
        send(res, {
          status: 500,
          headers: { 'content-type': 'application/json' },
          chunks: [
            JSON.stringify({
              error: {
                type: 'api_error',
                message: `obra-validate model server: internal error: ${errorText(error)}`,
              },
            }),
          ],
        });
      }
      log.add({
        seq: ++seq,
        time: new Date().toISOString(),
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        outcome: {
          kind: 'error',
          reason: aborted ? 'the server closed during the request' : errorText(error),
        },
        status: aborted ? 0 : 500,
        durationMs: 0,
      });
    });
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  });
  server.keepAliveTimeout = 5_000;
  // Loopback unless a host is given: an empty host would make Node listen on every interface.
  const listenHost = options.host === undefined || options.host === '' ? '127.0.0.1' : options.host;
  server.listen(options.port ?? 0, listenHost);
  try {
    await once(server, 'listening');
  } catch (error) {
    await log.close();
    throw listenError(error, listenHost, options.port ?? 0);
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    requests: () => log.entries(),
    misses: () => log.misses(),
    toolErrors: () => toolErrors.records(),
    close() {
      closing ??= (async () => {
        stopping.abort();
        const closed = once(server, 'close');
        server.close();
        server.closeAllConnections();
        await closed;
        await Promise.allSettled([...inFlight]);
        try {
          await recorder?.write();
        } finally {
          await log.close();
        }
      })();
      return closing;
    },
  };
}

function renderContext(
  route: RenderContext['route'],
  model: string,
  stream: boolean,
  includeUsage: boolean,
  id: number,
): RenderContext {
  const prefix =
    route === 'anthropic-messages' ? 'msg_replay_' : route === 'openai-chat' ? 'chatcmpl-replay-' : 'replay-';
  return { route, model, stream, includeUsage, responseId: `${prefix}${id}`, now: Date.now() };
}

/** Writes a plan; returns the status logged (0 for a dropped connection). */
function play(req: IncomingMessage, res: ServerResponse, plan: ResponsePlan): number {
  if (plan.kind === 'drop') {
    req.socket.destroy();
    return 0;
  }
  send(res, plan.response);
  return plan.response.status;
}

function send(res: ServerResponse, response: RenderedResponse): void {
  if (res.destroyed) return;
  res.writeHead(response.status, response.headers);
  for (const chunk of response.chunks) res.write(chunk);
  res.end();
}

async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, error: errorText(error) };
  }
}

function listenError(error: unknown, host: string, port: number): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    return new UserError(
      `port ${port} on ${host} is already in use; choose another port, or 0 for any free port`,
    );
  if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND')
    return new UserError(`cannot listen on host "${host}" (${code}); use 127.0.0.1`);
  return new InfrastructureError(
    `the model server could not listen on ${host}:${port}: ${errorText(error)}`,
    'OBRA_MODEL_SERVER',
    { cause: error },
  );
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function round(ms: number): number {
  return Math.round(ms * 10) / 10;
}

/** The request's last message, when it is a user message with text and no tool results (a new ask). */
function askedText(request: ModelRequest): string | undefined {
  const last = request.messages.at(-1);
  if (last?.role !== 'user' || last.toolResults.length > 0 || last.text.trim() === '') return undefined;
  return last.text;
}

function servedOf(reply: ResolvedReply): ServedReply {
  return {
    text: reply.text,
    toolCalls: reply.toolCalls.map((call) => ({ name: call.name, input: call.input })),
    stopReason: reply.stopReason,
  };
}
