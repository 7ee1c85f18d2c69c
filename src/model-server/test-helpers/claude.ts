import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real Claude Code CLI installed with the package (node_modules/.bin/claude). */
export const claudeBinary = resolve(
  fileURLToPath(new URL('../../../node_modules/.bin/claude', import.meta.url)),
);

/** Why the claude binary cannot run here, or undefined when it can (`claude --version` works). */
export function claudeUnavailableReason(): string | undefined {
  if (!existsSync(claudeBinary))
    return `${claudeBinary} is missing (npm install did not install @anthropic-ai/claude-code)`;
  const probe = spawnSync(claudeBinary, ['--version'], { encoding: 'utf8', timeout: 20_000 });
  if (probe.error) return `${claudeBinary} --version failed: ${probe.error.message}`;
  if (probe.status !== 0)
    return `${claudeBinary} --version exited ${probe.status}: ${probe.stderr.trim().slice(0, 200)}`;
  return undefined;
}

/** A throwaway directory with home/, tmp/ and ws/ (the agent's workspace). */
export interface ClaudeSandbox {
  root: string;
  home: string;
  tmp: string;
  workspace: string;
  cleanup(): void;
}

export function createClaudeSandbox(): ClaudeSandbox {
  const root = mkdtempSync(join(tmpdir(), 'obra-model-server-claude-'));
  const dirs = { home: join(root, 'home'), tmp: join(root, 'tmp'), workspace: join(root, 'ws') };
  for (const dir of Object.values(dirs)) mkdirSync(dir);
  return { root, ...dirs, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

export interface ClaudeRunOptions {
  baseUrl: string;
  sandbox: ClaudeSandbox;
  prompt: string;
  maxTurns: number;
  /** --session-id (a UUID), or --resume when `resume` is true. */
  sessionId: string;
  resume?: boolean;
  timeoutMs?: number;
}

export interface ClaudeRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
  /** The `--output-format json` result object (undefined when stdout is not JSON). */
  result: Record<string, unknown> | undefined;
}

/** Runs `claude -p PROMPT --output-format json ...` offline against the model server at `baseUrl`. */
export function runClaude(options: ClaudeRunOptions): Promise<ClaudeRun> {
  const { sandbox } = options;
  const args = [
    '-p',
    options.prompt,
    '--output-format',
    'json',
    '--dangerously-skip-permissions',
    '--model',
    'replay',
    '--max-turns',
    String(options.maxTurns),
    options.resume ? '--resume' : '--session-id',
    options.sessionId,
  ];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: sandbox.home,
    TMPDIR: sandbox.tmp,
    ANTHROPIC_BASE_URL: options.baseUrl,
    ANTHROPIC_API_KEY: 'test-key',
    DISABLE_TELEMETRY: '1',
    DISABLE_AUTOUPDATER: '1',
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1',
    IS_SANDBOX: '1',
    CLAUDE_CODE_MAX_RETRIES: '0',
  };
  return new Promise((resolvePromise, reject) => {
    const child = spawn(claudeBinary, args, {
      cwd: sandbox.workspace,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    const timer = setTimeout(() => {
      if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
    }, options.timeoutMs ?? 30_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolvePromise({ exitCode, stdout, stderr, result: parseResult(stdout) });
    });
  });
}

function parseResult(stdout: string): Record<string, unknown> | undefined {
  const text = stdout.trim();
  if (!text.startsWith('{')) return undefined;
  return JSON.parse(text) as Record<string, unknown>;
}
