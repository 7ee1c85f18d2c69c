import { checkInteger, checkNonNegative } from './codecs.js';
import type { Usage } from './types.js';

/** Usage counters, shared by sessions (cumulative) and interactions (one agent call). */
export const ZERO_USAGE: Readonly<Usage> = Object.freeze({
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationTokens: 0,
  cacheReadTokens: 0,
  turns: 0,
  costUsd: 0,
});

/** Fills missing counters with 0 and checks each: integers >= 0, cost a finite number >= 0. */
export function checkUsage(prefix: string, usage: Partial<Usage>): Usage {
  const full = { ...ZERO_USAGE, ...stripUndefined(usage) };
  return {
    inputTokens: checkInteger(`${prefix}.inputTokens`, full.inputTokens, 0),
    outputTokens: checkInteger(`${prefix}.outputTokens`, full.outputTokens, 0),
    cacheCreationTokens: checkInteger(`${prefix}.cacheCreationTokens`, full.cacheCreationTokens, 0),
    cacheReadTokens: checkInteger(`${prefix}.cacheReadTokens`, full.cacheReadTokens, 0),
    turns: checkInteger(`${prefix}.turns`, full.turns, 0),
    costUsd: checkNonNegative(`${prefix}.costUsd`, full.costUsd),
  };
}

export interface UsageRow {
  input_tokens: number;
  output_tokens: number;
  cache_creation_tokens: number;
  cache_read_tokens: number;
  turns: number;
  cost_usd: number;
}

export function toUsage(row: UsageRow): Usage {
  return {
    inputTokens: row.input_tokens,
    outputTokens: row.output_tokens,
    cacheCreationTokens: row.cache_creation_tokens,
    cacheReadTokens: row.cache_read_tokens,
    turns: row.turns,
    costUsd: row.cost_usd,
  };
}

function stripUndefined(usage: Partial<Usage>): Partial<Usage> {
  return Object.fromEntries(Object.entries(usage).filter(([, v]) => v !== undefined));
}
