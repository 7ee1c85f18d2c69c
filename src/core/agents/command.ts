import { createLogPaths, ownFilesOf } from './claude-code.js';
import { classifyClaudeError, parseClaudeResult } from './claude-result.js';
import { AgentError, displayArgv, excerpt, exitStatus } from './errors.js';
import { processRuntime, runProcess } from './process.js';
import { type Agent, type AgentRequest, type AgentRuntime, zeroUsage } from './types.js';

export interface CommandAgentOptions extends AgentRuntime {
  /**
   * The command line, one argument per item. Placeholders: {{prompt}}, {{sessionId}}, {{workspace}},
   * {{maxTurns}}, {{resume}} ("true"/"false"). Example: ["aider", "--message", "{{prompt}}", "--yes"].
   */
  argv: readonly string[];
  /** json: stdout holds a result object ({result|text, session_id, usage}); text: stdout is the reply. */
  result?: 'json' | 'text';
  env?: Record<string, string>;
  baseEnv?: NodeJS.ProcessEnv;
}

/** Any CLI agent driven from an argv template (aider, codex, qwen-code, a script). */
export function createCommandAgent(options: CommandAgentOptions): Agent {
  if (options.argv.length === 0) {
    throw new TypeError(
      'command agent: argv is empty; give the command line, e.g. ["my-agent", "{{prompt}}"]',
    );
  }
  const mode = options.result ?? 'text';
  const logPaths = createLogPaths(options.logDir);
  return {
    kind: 'command',
    reportsSessionId: mode === 'json',
    ownFiles: ownFilesOf(options.logDir, options.env?.HOME, options.env?.TMPDIR),
    async run(request) {
      const argv = options.argv.map((part) => fill(part, request));
      const shown = displayArgv(argv, request.prompt);
      const logs = logPaths(request.logPrefix);
      const outcome = await runProcess({
        argv,
        cwd: request.cwd,
        env: { ...(options.baseEnv ?? process.env), ...options.env },
        ...(request.timeoutMs === undefined ? {} : { timeoutMs: request.timeoutMs }),
        ...(request.signal ? { signal: request.signal } : {}),
        ...(logs ?? {}),
        ...processRuntime(options),
      });
      const details = {
        argv: shown,
        exitCode: outcome.exitCode,
        stderrExcerpt: excerpt(outcome.stderr),
        stdoutExcerpt: excerpt(outcome.stdout),
        durationMs: outcome.durationMs,
      };
      if (outcome.spawnError) {
        const missing = outcome.spawnError.code === 'ENOENT';
        throw new AgentError(
          missing ? 'binary_missing' : 'spawn_failed',
          `command agent: could not start "${argv[0]}": ${missing ? 'not found on PATH' : outcome.spawnError.message}`,
          details,
        );
      }
      if (outcome.aborted)
        throw new AgentError('aborted', 'command agent: the call was stopped (aborted)', details);
      if (outcome.timedOut) {
        throw new AgentError(
          'timeout',
          `command agent: no result after ${outcome.durationMs} ms; the process group was killed`,
          details,
        );
      }
      const base = {
        exitCode: outcome.exitCode,
        durationMs: outcome.durationMs,
        argv: shown,
        stdoutPath: outcome.stdoutPath,
        stderrPath: outcome.stderrPath,
      };
      if (mode === 'text') {
        const failed = outcome.exitCode !== 0;
        return {
          ...base,
          text: outcome.stdout.trim(),
          sessionId: undefined,
          usage: zeroUsage(),
          numTurns: 1,
          isError: failed,
          errorSubtype: failed ? `exit_${outcome.exitCode ?? outcome.signal}` : undefined,
          terminalReason: undefined,
        };
      }
      // The generic shape first: it also reads a Claude Code result that has a `result`, and a generic one
      // (`text`, no `type`) must not be read as a Claude Code result without its reply.
      const parsed = parseGenericResult(outcome.stdout) ?? parseClaudeResult(outcome.stdout);
      if (!parsed) {
        throw new AgentError(
          outcome.exitCode === 0 ? 'non_json_output' : 'exit_nonzero',
          `command agent: ${exitStatus(outcome.exitCode, outcome.signal)}, and stdout held no JSON result. stderr: ${details.stderrExcerpt || '(empty)'}`,
          details,
        );
      }
      return {
        ...base,
        text: parsed.text,
        sessionId: parsed.sessionId,
        usage: parsed.usage,
        numTurns: parsed.numTurns,
        isError: parsed.isError || outcome.exitCode !== 0,
        errorSubtype:
          classifyClaudeError(parsed) ?? (outcome.exitCode !== 0 ? `exit_${outcome.exitCode}` : undefined),
        terminalReason: parsed.terminalReason,
      };
    },
  };
}

function fill(template: string, request: AgentRequest): string {
  return template
    .replaceAll('{{prompt}}', request.prompt)
    .replaceAll('{{sessionId}}', request.sessionId)
    .replaceAll('{{workspace}}', request.cwd)
    .replaceAll('{{maxTurns}}', String(request.maxTurns))
    .replaceAll('{{resume}}', String(request.resume));
}

/** `{ "result" | "text": string, "session_id"?: string, "usage"?: {...}, "is_error"?: bool }` */
function parseGenericResult(stdout: string): ReturnType<typeof parseClaudeResult> {
  let value: unknown;
  try {
    value = JSON.parse(stdout.trim());
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  const text = typeof v.result === 'string' ? v.result : typeof v.text === 'string' ? v.text : undefined;
  if (text === undefined) return undefined;
  return parseClaudeResult(JSON.stringify({ type: 'result', subtype: 'success', ...v, result: text }));
}
