import type { DecisionAction } from './decision.js';

export type BreakpointKind =
  | 'escalation'
  | 'agent_error'
  | 'turn_cap'
  | 'session_mismatch'
  | 'max_iterations';
export type BreakpointSeverity = 'low' | 'medium' | 'high' | 'critical';

export interface BreakpointSpec {
  kind: BreakpointKind;
  severity: BreakpointSeverity;
  reason: string;
}

/**
 * The BreakpointManager's rules: which moments of a task need a human's attention. Pure; the
 * orchestrator persists what this returns.
 */
export function breakpointsFor(
  event:
    | { type: 'decision'; action: DecisionAction; reason: string }
    | { type: 'agent_error'; kind: string; message: string }
    | { type: 'turn_cap'; maxTurns: number; final: boolean }
    | { type: 'session_mismatch'; message: string }
    | { type: 'max_iterations'; iterations: number },
): BreakpointSpec[] {
  switch (event.type) {
    case 'decision':
      return event.action === 'escalate'
        ? [{ kind: 'escalation', severity: 'high', reason: event.reason }]
        : [];
    case 'agent_error':
      return [{ kind: 'agent_error', severity: 'high', reason: `${event.kind}: ${event.message}` }];
    case 'turn_cap':
      return [
        {
          kind: 'turn_cap',
          severity: event.final ? 'high' : 'low',
          reason: `the agent hit --max-turns ${event.maxTurns}${event.final ? ' and the cap cannot be raised further' : '; resuming with a higher cap'}`,
        },
      ];
    case 'session_mismatch':
      return [{ kind: 'session_mismatch', severity: 'critical', reason: event.message }];
    case 'max_iterations':
      return [
        {
          kind: 'max_iterations',
          severity: 'medium',
          reason: `no proceed decision after ${event.iterations} iterations`,
        },
      ];
  }
}
