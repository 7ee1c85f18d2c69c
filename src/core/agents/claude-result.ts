import type { AgentUsage } from './types.js';

/** The fields of Claude Code's `--output-format json` result that the orchestrator reads. */
export interface ClaudeJsonResult {
  text: string;
  sessionId: string | undefined;
  usage: AgentUsage;
  numTurns: number;
  isError: boolean;
  subtype: string | undefined;
  terminalReason: string | undefined;
}

/**
 * Parses the JSON result object Claude Code prints on stdout (`type: "result"`). Also accepts a
 * stream-json or array output by taking the last result object. Returns undefined when there is none.
 * Note: `subtype` says "success" for API errors; `is_error` and `terminal_reason` tell the truth.
 */
export function parseClaudeResult(stdout: string): ClaudeJsonResult | undefined {
  const candidate = findResultObject(stdout.trim());
  if (!candidate) return undefined;
  const usage = record(candidate.usage);
  const isError = candidate.is_error === true;
  const subtype = str(candidate.subtype);
  const terminalReason = str(candidate.terminal_reason);
  const errors = Array.isArray(candidate.errors) ? candidate.errors.map(String).join('; ') : '';
  return {
    text: str(candidate.result) ?? errors,
    sessionId: str(candidate.session_id),
    usage: {
      inputTokens: num(usage.input_tokens),
      outputTokens: num(usage.output_tokens),
      cacheCreationTokens: num(usage.cache_creation_input_tokens),
      cacheReadTokens: num(usage.cache_read_input_tokens),
      costUsd: num(candidate.total_cost_usd),
    },
    numTurns: num(candidate.num_turns),
    isError,
    subtype,
    terminalReason,
  };
}

/** The error subtype the orchestrator acts on: max turns first, then the terminal reason. */
export function classifyClaudeError(result: ClaudeJsonResult): string | undefined {
  if (!result.isError && result.subtype === 'success') return undefined;
  if (result.subtype === 'error_max_turns' || result.terminalReason === 'max_turns') return 'error_max_turns';
  if (result.terminalReason && result.terminalReason !== 'completed') return result.terminalReason;
  if (result.subtype && result.subtype !== 'success') return result.subtype;
  return result.isError ? 'error' : undefined;
}

function findResultObject(text: string): Record<string, unknown> | undefined {
  if (text === '') return undefined;
  const whole = tryJson(text);
  if (Array.isArray(whole)) return lastResult(whole);
  if (isRecord(whole)) return whole.type === 'result' || 'session_id' in whole ? whole : undefined;
  const lines = text.split('\n').map((l) => tryJson(l.trim()));
  return lastResult(lines);
}

function lastResult(items: unknown[]): Record<string, unknown> | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (isRecord(item) && item.type === 'result') return item;
  }
  return undefined;
}

function tryJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const record = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
