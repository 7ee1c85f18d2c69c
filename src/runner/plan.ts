import type { Scenario } from '../scenario/index.js';

export interface PlannedAttempt {
  scenario: Scenario;
  /** 1-based. */
  attempt: number;
}

export interface RunPlan {
  /** Scenarios in run order: every scenario after the ones it needs. */
  scenarios: Scenario[];
  attempts: PlannedAttempt[];
  /** Scenarios left out by --grep. */
  filteredOut: string[];
}

/**
 * Which attempts run, in which order. Pure. Scenarios are ordered so that `needs` come first (stable
 * otherwise); --grep filters on name, file and tags; --repeat overrides `repeat`; a shard keeps every
 * total-th attempt (the same attempt lands in the same shard whatever the machine).
 */
export function planRun(
  scenarios: readonly Scenario[],
  options: { grep?: string; repeat?: number; shard?: { index: number; total: number } },
): RunPlan {
  const pattern = options.grep === undefined ? undefined : new RegExp(options.grep, 'i');
  const kept = scenarios.filter(
    (s) => !pattern || pattern.test(s.name) || pattern.test(s.relFile) || s.tags.some((t) => pattern.test(t)),
  );
  const ordered = orderByNeeds(kept);
  const all: PlannedAttempt[] = ordered.flatMap((scenario) =>
    Array.from({ length: options.repeat ?? scenario.repeat }, (_, i) => ({ scenario, attempt: i + 1 })),
  );
  const attempts = options.shard
    ? all.filter((_, i) => i % options.shard!.total === options.shard!.index - 1)
    : all;
  return {
    scenarios: ordered,
    attempts,
    filteredOut: scenarios.filter((s) => !kept.includes(s)).map((s) => s.name),
  };
}

function orderByNeeds(scenarios: readonly Scenario[]): Scenario[] {
  const byName = new Map(scenarios.map((s) => [s.name, s]));
  const done = new Set<string>();
  const out: Scenario[] = [];
  const visit = (s: Scenario, stack: Set<string>) => {
    if (done.has(s.name) || stack.has(s.name)) return;
    stack.add(s.name);
    for (const need of s.needs) {
      const dep = byName.get(need);
      if (dep) visit(dep, stack);
    }
    done.add(s.name);
    out.push(s);
  };
  for (const s of scenarios) visit(s, new Set());
  return out;
}
