/**
 * How a project run overlaps one task's bookkeeping with the next task's agent. `concurrency` bounds the
 * tasks that may still call the agent, not the tasks still recording what their agent did: once a
 * task's last agent call is judged (its evidence taken, its decision made) and recorded (its interaction
 * row and agent_call_end, which a budget stops the attempt on), the run starts the next ready task, and
 * the task records the rest (file changes, decision, session, status, events) while the next agent
 * works. At concurrency 1 one agent process runs at a time, as before; a dependent task still starts
 * only after its dependency's status is written (docs/PERFORMANCE.md).
 */
export interface HandOver {
  /**
   * The task will not call the agent again. Resolves once the tasks started in its place have launched
   * their first agent call (or ended without one), so that what the caller does next overlaps them.
   */
  lastCallEnded(): Promise<void>;
  /** The task's first agent call was handed to the agent (its process is starting). */
  launched(): void;
}
