import { appendFileSync } from 'node:fs';
import type { Agent, AgentRequest, LaunchHandlers, ProcessLauncher } from '../../core/index.js';
import { errorMessage } from '../../shared/index.js';
import type { LaunchRecord } from './launch-record.js';
import { diffWalks, type WitnessedChange, type WorkspaceWalk, walkWorkspace } from './workspace-walk.js';

/** Output kept per launch and stream: Claude Code's JSON result is a few KB. */
export const MAX_OUTPUT_BYTES = 256 * 1024;
/** Past this many workspace files the witness stops walking at every launch (its cost follows the files). */
export const MAX_WITNESSED_FILES = 2_000;

export interface LaunchWitnessOptions {
  /** attempts/<scenario>-<n>/launches.jsonl */
  file: string;
  workspace: string;
  /** The workspace as the harness walked it before the agent started. */
  initial: WorkspaceWalk;
  /** What really starts the processes (the run's launch host). */
  inner: ProcessLauncher;
  /** The run's secrets out of argv and stdout. */
  redact: (text: string) => string;
  maxFiles?: number;
  /** Relative paths in the workspace the walks skip (a store the harness keeps there). */
  skip?: ReadonlySet<string>;
}

/**
 * The harness's record of every process the orchestrator starts in an attempt, taken outside the core:
 * argv, times, exit, stdout, and the workspace as walked when the process ended. The invariants compare
 * the core's store with it (src/checks/invariants/witnessed-*.ts).
 */
export interface LaunchWitness {
  /** A launcher that records each process of this role and passes everything through. */
  launcher(role: LaunchRecord['role']): ProcessLauncher;
  /** An agent that runs in this process (oracle, null), recorded at its boundary. */
  wrapAgent(agent: Agent): Agent;
  /** The last walk of the workspace (after the last launch), and why walking stopped, if it did. */
  lastWalk(): { files: WorkspaceWalk; stopped?: string };
  /** Set when a record could not be written (the invariants cannot judge from a partial record). */
  writeError(): string | undefined;
}

export function createLaunchWitness(options: LaunchWitnessOptions): LaunchWitness {
  const maxFiles = options.maxFiles ?? MAX_WITNESSED_FILES;
  let seq = 0;
  let last = options.initial;
  let stopped: string | undefined;
  let failed: string | undefined;

  const walk = (): { changes: WitnessedChange[] } | { walk: string } => {
    if (stopped !== undefined) return { walk: stopped };
    const { files, complete } = walkWorkspace(options.workspace, last, maxFiles, options.skip);
    if (!complete) {
      stopped = `the workspace holds more than ${maxFiles} files: it is no longer walked at every call`;
      return { walk: stopped };
    }
    const changes = diffWalks(last, files);
    last = files;
    return { changes };
  };

  const write = (record: Omit<LaunchRecord, 'seq'>) => {
    try {
      appendFileSync(options.file, `${JSON.stringify({ seq: ++seq, ...record })}\n`);
    } catch (error) {
      failed ??= `${options.file}: ${errorMessage(error)}`;
    }
  };

  return {
    launcher: (role) => ({
      ...(options.inner.killsGroupOnClose ? { killsGroupOnClose: true } : {}),
      launch(request, handlers) {
        const start = Date.now();
        const kept = {
          stdout: { chunks: [] as Buffer[], bytes: 0 },
          stderr: { chunks: [] as Buffer[], bytes: 0 },
        };
        let spawnError: string | undefined;
        const text = (stream: 'stdout' | 'stderr') =>
          options.redact(Buffer.concat(kept[stream].chunks).toString('utf8'));
        const watched: LaunchHandlers = {
          spawned: (pid) => handlers.spawned(pid),
          output(stream, chunk) {
            const out = kept[stream];
            if (out.bytes < MAX_OUTPUT_BYTES)
              out.chunks.push(chunk.subarray(0, MAX_OUTPUT_BYTES - out.bytes));
            out.bytes += chunk.length;
            handlers.output(stream, chunk);
          },
          error(error) {
            spawnError = error.message;
            handlers.error(error);
          },
          closed(exitCode, signal) {
            write({
              role,
              argv: [request.file, ...request.args].map(options.redact),
              cwd: request.cwd,
              start,
              end: Date.now(),
              exitCode,
              signal,
              ...(spawnError === undefined ? {} : { spawnError }),
              stdout: text('stdout'),
              stdoutBytes: kept.stdout.bytes,
              stderr: text('stderr'),
              stderrBytes: kept.stderr.bytes,
              ...walk(),
            });
            handlers.closed(exitCode, signal);
          },
        };
        options.inner.launch(request, watched);
      },
    }),
    wrapAgent: (agent) => ({
      kind: agent.kind,
      reportsSessionId: agent.reportsSessionId,
      ownFiles: agent.ownFiles,
      async run(request) {
        const start = Date.now();
        const asked = askedOf(request);
        try {
          const result = await agent.run(request);
          write({
            ...inProcessBase(agent, request, start),
            exitCode: result.isError ? 1 : 0,
            ...walk(),
            inProcess: {
              request: asked,
              result: {
                text: result.text,
                sessionId: result.sessionId ?? null,
                usage: {
                  input: result.usage.inputTokens,
                  output: result.usage.outputTokens,
                  cacheCreation: result.usage.cacheCreationTokens,
                  cacheRead: result.usage.cacheReadTokens,
                  costUsd: result.usage.costUsd,
                },
                numTurns: result.numTurns,
                isError: result.isError,
              },
            },
          });
          return result;
        } catch (error) {
          write({
            ...inProcessBase(agent, request, start),
            exitCode: null,
            ...walk(),
            inProcess: { request: asked, error: errorMessage(error) },
          });
          throw error;
        }
      },
    }),
    lastWalk: () => ({ files: last, ...(stopped === undefined ? {} : { stopped }) }),
    writeError: () => failed,
  };
}

const askedOf = (request: AgentRequest) => ({
  prompt: request.prompt,
  sessionId: request.sessionId,
  resume: request.resume,
  maxTurns: request.maxTurns,
});

function inProcessBase(agent: Agent, request: AgentRequest, start: number) {
  return {
    role: 'agent' as const,
    argv: [agent.kind],
    cwd: request.cwd,
    start,
    end: Date.now(),
    signal: null,
    stdout: '',
    stdoutBytes: 0,
  };
}
