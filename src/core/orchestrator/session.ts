import type { OrchestratorContext } from './context.js';

/**
 * A conversation with the agent. Its row is inserted before the first call (with the id passed as
 * --session-id); later calls continue it with --resume, never by passing the same --session-id again.
 */
export interface SessionHandle {
  readonly id: string;
  /** True once the first call has been made: every later call must resume. */
  started: boolean;
  /** Shared sessions (a milestone's stories) are opened and closed by their owner, not by executeTask. */
  readonly shared: boolean;
}

export function openSession(
  ctx: OrchestratorContext,
  scope: { projectId: number; taskId: number | null; milestoneId?: number | null },
  shared: boolean,
): SessionHandle {
  const id = ctx.newSessionId();
  ctx.store.sessions.create({
    id,
    projectId: scope.projectId,
    taskId: scope.taskId,
    ...(scope.milestoneId === undefined ? {} : { milestoneId: scope.milestoneId }),
  });
  ctx.emit({ type: 'session_start', taskId: scope.taskId, sessionId: id, shared });
  return { id, started: false, shared };
}

/** Completes or abandons a session row; a session is never left active. */
export function closeSession(
  ctx: OrchestratorContext,
  session: SessionHandle,
  taskId: number | null,
  outcome: { status: 'completed' } | { status: 'abandoned'; reason: string },
): void {
  if (outcome.status === 'completed') ctx.store.sessions.complete(session.id);
  else ctx.store.sessions.abandon(session.id, outcome.reason);
  ctx.emit({
    type: 'session_end',
    taskId,
    sessionId: session.id,
    status: outcome.status,
    ...(outcome.status === 'abandoned' ? { reason: outcome.reason } : {}),
  });
}
