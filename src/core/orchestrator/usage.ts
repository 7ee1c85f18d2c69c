import type { AgentUsage } from '../agents/index.js';

export type UsageTotals = AgentUsage & { turns: number };

export const emptyTotals = (): UsageTotals => ({
  inputTokens: 0,
  outputTokens: 0,
  cacheCreationTokens: 0,
  cacheReadTokens: 0,
  costUsd: 0,
  turns: 0,
});

export function addUsage(total: UsageTotals, usage: AgentUsage, turns: number): void {
  total.inputTokens += usage.inputTokens;
  total.outputTokens += usage.outputTokens;
  total.cacheCreationTokens += usage.cacheCreationTokens;
  total.cacheReadTokens += usage.cacheReadTokens;
  total.costUsd += usage.costUsd;
  total.turns += turns;
}
