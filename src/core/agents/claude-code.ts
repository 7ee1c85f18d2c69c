import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { classifyClaudeError, parseClaudeResult } from './claude-result.js';
import { AgentError, displayArgv, excerpt, exitStatus } from './errors.js';
import { type ProcessOutcome, processRuntime, runProcess } from './process.js';
import type { Agent, AgentRequest, AgentResult, AgentRuntime } from './types.js';

export type PermissionMode = 'bypassPermissions' | 'acceptEdits' | 'default' | 'plan';

export interface ClaudeCodeAgentOptions extends AgentRuntime {
  /** Path of the claude binary. Default: the one installed with obra-validate. */
  binary?: string;
  /** Passed with --model. Default "replay". */
  model?: string;
  /** ANTHROPIC_BASE_URL: the embedded model server, or a real endpoint for --model live. */
  baseUrl?: string;
  /** ANTHROPIC_API_KEY. Replay needs none (a placeholder is sent); never logged. */
  apiKey?: string;
  /** Default bypassPermissions: a headless agent that may not write cannot do its task. */
  permissionMode?: PermissionMode;
  /** The agent's own HOME (its ~/.claude lives here) and TMPDIR; created when missing. */
  home: string;
  tmpDir: string;
  /** CLAUDE_CODE_MAX_RETRIES. Default 0 (fail fast; the orchestrator decides about retries). */
  maxRetries?: number;
  extraArgs?: readonly string[];
  /** Extra environment variables for the CLI (values never logged). */
  env?: Record<string, string>;
  /** Base environment; default process.env without ANTHROPIC_*, CLAUDE_* and OPENAI_* variables. */
  baseEnv?: NodeJS.ProcessEnv;
}

/** The Claude Code CLI, run headless: `claude -p PROMPT --output-format json ...`. */
export function createClaudeCodeAgent(options: ClaudeCodeAgentOptions): Agent {
  const binary = options.binary ?? resolveClaudeBinary();
  const env = claudeEnv(options);
  mkdirSync(options.home, { recursive: true });
  mkdirSync(options.tmpDir, { recursive: true });
  const logPaths = createLogPaths(options.logDir);
  return {
    kind: 'claude-code',
    reportsSessionId: true,
    ownFiles: ownFilesOf(options.logDir, options.home, options.tmpDir),
    async run(request) {
      const argv = claudeArgv(binary, request, options);
      const shown = displayArgv(argv, request.prompt);
      const logs = logPaths(request.logPrefix);
      const outcome = await runProcess({
        argv,
        cwd: request.cwd,
        env,
        ...(request.timeoutMs === undefined ? {} : { timeoutMs: request.timeoutMs }),
        ...(request.signal ? { signal: request.signal } : {}),
        ...(logs ?? {}),
        ...processRuntime(options),
      });
      return toResult(outcome, shown);
    },
  };
}

export function claudeArgv(binary: string, request: AgentRequest, options: ClaudeCodeAgentOptions): string[] {
  const mode = options.permissionMode ?? 'bypassPermissions';
  return [
    binary,
    '-p',
    request.prompt,
    '--output-format',
    'json',
    request.resume ? '--resume' : '--session-id',
    request.sessionId,
    '--max-turns',
    String(request.maxTurns),
    '--model',
    options.model ?? 'replay',
    ...(mode === 'bypassPermissions' ? ['--dangerously-skip-permissions'] : ['--permission-mode', mode]),
    ...(options.extraArgs ?? []),
  ];
}

/** The CLI's environment: its own HOME, CLAUDE_CONFIG_DIR and TMPDIR, the model server, traffic off. */
export function claudeEnv(options: ClaudeCodeAgentOptions): NodeJS.ProcessEnv {
  const base = options.baseEnv ?? process.env;
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(base)) {
    if (!/^(ANTHROPIC_|CLAUDE_|OPENAI_)/.test(key)) env[key] = value;
  }
  return {
    ...env,
    HOME: options.home,
    CLAUDE_CONFIG_DIR: join(options.home, '.claude'),
    TMPDIR: options.tmpDir,
    ...(options.baseUrl ? { ANTHROPIC_BASE_URL: options.baseUrl } : {}),
    ANTHROPIC_API_KEY: options.apiKey ?? 'obra-validate-replay',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    DISABLE_ERROR_REPORTING: '1',
    IS_SANDBOX: '1',
    CLAUDE_CODE_MAX_RETRIES: String(options.maxRetries ?? 0),
    ...options.env,
  };
}

function toResult(outcome: ProcessOutcome, argv: string[]): AgentResult {
  const details = {
    argv,
    exitCode: outcome.exitCode,
    stderrExcerpt: excerpt(outcome.stderr),
    stdoutExcerpt: excerpt(outcome.stdout),
    durationMs: outcome.durationMs,
  };
  if (outcome.spawnError) {
    const missing = outcome.spawnError.code === 'ENOENT';
    throw new AgentError(
      missing ? 'binary_missing' : 'spawn_failed',
      missing
        ? `claude-code agent: the binary "${argv[0]}" was not found. Run \`npm install\` (it installs @anthropic-ai/claude-code) or set agent.binary.`
        : `claude-code agent: could not start "${argv[0]}": ${outcome.spawnError.message}`,
      details,
    );
  }
  if (outcome.aborted)
    throw new AgentError('aborted', 'claude-code agent: the call was stopped (aborted)', details);
  if (outcome.timedOut) {
    throw new AgentError(
      'timeout',
      `claude-code agent: no result after ${outcome.durationMs} ms; the process group was killed`,
      details,
    );
  }
  const parsed = parseClaudeResult(outcome.stdout);
  if (!parsed) {
    const kind = outcome.exitCode === 0 ? 'non_json_output' : 'exit_nonzero';
    throw new AgentError(
      kind,
      `claude-code agent: ${exitStatus(outcome.exitCode, outcome.signal)}, and stdout held no JSON result object. stderr: ${details.stderrExcerpt || '(empty)'}`,
      details,
    );
  }
  return {
    text: parsed.text,
    sessionId: parsed.sessionId,
    usage: parsed.usage,
    numTurns: parsed.numTurns,
    isError: parsed.isError || outcome.exitCode !== 0,
    errorSubtype:
      classifyClaudeError(parsed) ?? (outcome.exitCode !== 0 ? `exit_${outcome.exitCode}` : undefined),
    terminalReason: parsed.terminalReason,
    exitCode: outcome.exitCode,
    durationMs: outcome.durationMs,
    argv,
    stdoutPath: outcome.stdoutPath,
    stderrPath: outcome.stderrPath,
  };
}

/**
 * The log files of an agent's calls, `<logDir>/<prefix>.stdout.log` and `.stderr.log`. The folder is
 * made at the first call that names one, not at every call (two syscalls on the path from one call's
 * end to the next call's start).
 */
export function createLogPaths(
  logDir: string | undefined,
): (prefix: string | undefined) => { stdoutPath: string; stderrPath: string } | undefined {
  let made = false;
  return (prefix) => {
    if (logDir === undefined || prefix === undefined) return undefined;
    if (!made) {
      mkdirSync(logDir, { recursive: true });
      made = true;
    }
    return {
      stdoutPath: join(logDir, `${prefix}.stdout.log`),
      stderrPath: join(logDir, `${prefix}.stderr.log`),
    };
  };
}

/** The folders an agent's runtime writes besides the workspace (absolute; unset ones left out). */
export function ownFilesOf(...paths: (string | undefined)[]): string[] {
  return paths.filter((p): p is string => p !== undefined && p !== '').map((p) => resolve(p));
}

/** The claude binary installed as a dependency of obra-validate. */
export function resolveClaudeBinary(): string {
  const require = createRequire(import.meta.url);
  try {
    const pkgPath = require.resolve('@anthropic-ai/claude-code/package.json');
    const pkg = require(pkgPath) as { bin?: string | Record<string, string> };
    const bin = typeof pkg.bin === 'string' ? pkg.bin : (pkg.bin?.claude ?? 'cli.js');
    return join(dirname(pkgPath), bin);
  } catch {
    return 'claude';
  }
}
