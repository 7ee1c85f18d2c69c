import type { AttemptMetrics } from '../events/index.js';
import type { MetricName } from '../scenario/index.js';

const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/** A scenario metric's value from an attempt's aggregates (times in seconds). Pure. */
export function metricValue(metrics: AttemptMetrics, name: MetricName): number {
  switch (name) {
    case 'completion_rate':
      return ratio(metrics.tasksCompleted, metrics.tasks);
    case 'tasks_completed':
      return metrics.tasksCompleted;
    case 'tasks_failed':
      return metrics.tasksFailed;
    case 'errors':
      return metrics.errors;
    case 'p50_task_s':
      return metrics.p50TaskMs / 1000;
    case 'p95_task_s':
      return metrics.p95TaskMs / 1000;
    case 'max_task_s':
      return metrics.maxTaskMs / 1000;
    case 'total_s':
      return metrics.totalMs / 1000;
    case 'total_tokens':
      return metrics.totalTokens;
    case 'total_cost_usd':
      return metrics.costUsd;
    case 'iterations':
      return metrics.iterations;
    case 'mean_iterations':
      return ratio(metrics.iterations, metrics.tasks);
    case 'agent_calls':
      return metrics.agentCalls;
  }
}

/** Metrics where more is better: a baseline bounds them from below instead of from above. */
export function higherIsBetter(name: MetricName): boolean {
  return name === 'completion_rate' || name === 'tasks_completed';
}

/** Numbers as they read in messages: at most 4 decimals, no float noise. */
export function formatNumber(value: number): string {
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 10_000) / 10_000);
}
