import type { Agent } from '../agents/index.js';
import type { CoreConfig } from '../config/index.js';
import type { CommandRuntime, TrackerPool } from '../evidence/index.js';
import type { Fault } from '../faults.js';
import type { Store } from '../store/index.js';
import type { BreakpointSpec, ConfidenceLlm } from '../validation/index.js';
import type { OrchestratorEvent } from './events.js';

/** Distributes Omit over a union (so each event variant keeps its own fields). */
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
export type EventInput = DistributiveOmit<OrchestratorEvent, 'time'>;

/** What every step of the orchestrator works with. Built once by createOrchestrator. */
export interface OrchestratorContext {
  store: Store;
  agent: Agent;
  llm: ConfidenceLlm | undefined;
  config: CoreConfig;
  emit: (event: EventInput) => void;
  /** A fresh UUID for every new session (injectable so tests and fault switches can see it). */
  newSessionId: () => string;
  /** The test-only injected fault (src/core/faults.ts); undefined in every normal run. */
  fault: Fault | undefined;
  /** Workspace change trackers (the evidence of each agent call), shared per workspace. */
  evidence: TrackerPool;
  /** How evidence checks run (environment, process tracking, sandbox, redaction). */
  commands: CommandRuntime;
}

/** Persists a breakpoint and tells the listeners. */
export function recordBreakpoint(
  ctx: OrchestratorContext,
  projectId: number,
  taskId: number,
  spec: BreakpointSpec,
): void {
  ctx.store.breakpoints.create({
    projectId,
    taskId,
    kind: spec.kind,
    reason: spec.reason,
    severity: spec.severity,
  });
  ctx.emit({ type: 'breakpoint', taskId, kind: spec.kind, severity: spec.severity, reason: spec.reason });
}
