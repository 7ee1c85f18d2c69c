import type { AgentSpec } from '../../scenario/index.js';
import {
  type PrintedResult,
  readClaudeCommandLine,
  readPrintedResult,
  readTemplatedArgv,
} from './agent-output.js';
import type { LaunchRecord } from './launch-record.js';
import type { WireLog, WireRequest } from './wire-log.js';
import type { WitnessedChange } from './workspace-walk.js';

/** One agent call as the harness saw it from outside the core. */
export interface WitnessedCall {
  seq: number;
  start: number;
  end: number;
  argv: string[];
  cwd: string;
  /** What the call was given, read from its command line (or asked at an in-process agent's boundary). */
  prompt: string | undefined;
  sessionId: string | undefined;
  /** The call continued a conversation (`--resume`) rather than starting one. */
  resume: boolean | undefined;
  maxTurns: number | undefined;
  model: string | undefined;
  permission: string | undefined;
  outputFormat: string | undefined;
  exitCode: number | null;
  signal: string | null;
  spawnError: string | undefined;
  /** The result the agent printed (or returned, in process); undefined when it printed none. */
  printed: PrintedResult | undefined;
  inProcess: boolean;
  /** The workspace changes the harness saw between the previous launch's end and this call's end. */
  changes: WitnessedChange[] | undefined;
  /** The model requests of this call: its session's requests while it ran (Claude Code only). */
  wire: WireRequest[];
}

/** A command the orchestrator ran to look for evidence, as witnessed. */
export interface WitnessedCommand {
  seq: number;
  start: number;
  end: number;
  argv: string[];
  /** Exit 0, not killed, started. */
  passed: boolean;
  changes: WitnessedChange[] | undefined;
}

/** The agent calls of an attempt, read from its launches; `kind` is the agent that ran (after --agent). Pure. */
export function witnessCalls(
  launches: readonly LaunchRecord[],
  agent: AgentSpec,
  kind: 'claude-code' | 'command' | 'oracle' | 'null',
  wire: WireLog,
): WitnessedCall[] {
  const bySession = new Map<string, WireRequest[]>();
  for (const request of wire.requests) {
    if (request.sessionId === undefined) continue;
    const list = bySession.get(request.sessionId) ?? [];
    list.push(request);
    bySession.set(request.sessionId, list);
  }
  return launches
    .filter((l) => l.role === 'agent')
    .map((launch) => {
      const view = commandView(launch, agent, kind);
      const requests = (view.sessionId ? (bySession.get(view.sessionId) ?? []) : []).filter(
        (r) => r.time >= launch.start - 5 && r.time <= launch.end + 5,
      );
      return {
        seq: launch.seq,
        start: launch.start,
        end: launch.end,
        argv: launch.argv,
        cwd: launch.cwd,
        ...view,
        exitCode: launch.exitCode,
        signal: launch.signal,
        spawnError: launch.spawnError,
        inProcess: launch.inProcess !== undefined,
        changes: launch.changes,
        wire: requests,
      };
    });
}

/** The evidence commands of an attempt, in order. Pure. */
export function witnessCommands(launches: readonly LaunchRecord[]): WitnessedCommand[] {
  return launches
    .filter((l) => l.role === 'evidence-check')
    .map((l) => ({
      seq: l.seq,
      start: l.start,
      end: l.end,
      argv: l.argv,
      passed: l.exitCode === 0 && l.signal === null && l.spawnError === undefined,
      changes: l.changes,
    }));
}

type CommandView = Pick<
  WitnessedCall,
  'prompt' | 'sessionId' | 'resume' | 'maxTurns' | 'model' | 'permission' | 'outputFormat' | 'printed'
>;

function commandView(launch: LaunchRecord, agent: AgentSpec, kind: string): CommandView {
  if (launch.inProcess) {
    const { request, result } = launch.inProcess;
    return {
      prompt: request.prompt,
      sessionId: request.sessionId,
      resume: request.resume,
      maxTurns: request.maxTurns,
      model: undefined,
      permission: undefined,
      outputFormat: undefined,
      printed: result && {
        text: result.text,
        sessionId: result.sessionId ?? undefined,
        usage: result.usage,
        numTurns: result.numTurns,
        isError: result.isError,
        subtype: result.isError ? undefined : 'success',
        terminalReason: undefined,
      },
    };
  }
  if (kind === 'command' && agent.kind === 'command') {
    const values = readTemplatedArgv(agent.argv, launch.argv) ?? {};
    return {
      prompt: values.prompt,
      sessionId: values.sessionId,
      resume: values.resume === undefined ? undefined : values.resume === 'true',
      maxTurns: values.maxTurns === undefined ? undefined : Number(values.maxTurns),
      model: undefined,
      permission: undefined,
      outputFormat: undefined,
      printed:
        agent.result === 'json'
          ? readPrintedResult(launch.stdout)
          : {
              text: launch.stdout.trim(),
              sessionId: undefined,
              usage: { input: 0, output: 0, cacheCreation: 0, cacheRead: 0, costUsd: 0 },
              numTurns: 1,
              isError: launch.exitCode !== 0,
              subtype: launch.exitCode === 0 ? 'success' : `exit_${launch.exitCode ?? launch.signal}`,
              terminalReason: undefined,
            },
    };
  }
  const line = readClaudeCommandLine(launch.argv);
  return {
    prompt: line.prompt,
    sessionId: line.sessionId,
    resume: line.sessionFlag === undefined ? undefined : line.sessionFlag === '--resume',
    maxTurns: line.maxTurns,
    model: line.model,
    permission: line.permission,
    outputFormat: line.outputFormat,
    printed: readPrintedResult(launch.stdout),
  };
}
