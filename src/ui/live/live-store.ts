import type { AttemptVerdict, PlannedScenario, RunEvent } from '../../events/index.js';

/** What a running task is doing, from the core events: waiting on the agent, or being judged. */
export type TaskPhase = 'agent' | 'validating';
/** What a running attempt is doing. */
export type AttemptPhase = 'setup' | 'agent' | 'validating' | 'checking';

export interface RunningTask {
  taskId: number;
  title: string;
  iteration: number;
  phase: TaskPhase;
  /** Epoch ms of task_start. */
  startedAt: number;
}

export interface RunningAttempt {
  attemptId: string;
  scenario: string;
  attempt: number;
  /** Epoch ms of attempt_begin. */
  startedAt: number;
  tasksTotal: number;
  tasksDone: number;
  tasksFailed: number;
  /** Highest iteration reached by any task. */
  iteration: number;
  tokens: number;
  /** The wall budget, when the log says (run_begin of a newer obra-validate). */
  budgetMs?: number;
  concurrency?: number;
  /** Tasks started and not ended, in start order. */
  tasks: Map<number, RunningTask>;
}

export interface FinishedAttempt {
  attemptId: string;
  verdict: AttemptVerdict;
  durationMs: number;
  reason?: string;
  tasksCompleted: number;
  tasks: number;
  tokens: number;
}

/**
 * Everything the live view shows, folded from the event log. Updated in place, O(1) per event
 * (whatever the number of tasks); the view reads it at its own frame rate.
 */
export interface LiveState {
  runId: string;
  /** Epoch ms of run_begin. */
  startedAt: number;
  scenarios: PlannedScenario[];
  /** From --concurrency (else each scenario's own). */
  concurrency?: number;
  attemptsTotal: number;
  tasksTotal: number;
  /** Tasks of finished attempts plus tasks ended in running ones (for the ETA). */
  tasksDone: number;
  running: Map<string, RunningAttempt>;
  /** Append-only, in the order attempts ended. */
  finished: FinishedAttempt[];
  counts: Record<AttemptVerdict, number>;
  findings: number;
  /** Set by run_end. */
  ended?: { durationMs: number; interrupted: boolean };
  /** Epoch ms of the last event. */
  lastEventAt: number;
}

export function emptyLiveState(): LiveState {
  return {
    runId: '',
    startedAt: 0,
    scenarios: [],
    attemptsTotal: 0,
    tasksTotal: 0,
    tasksDone: 0,
    running: new Map(),
    finished: [],
    counts: { passed: 0, failed: 0, error: 0, blocked: 0, skipped: 0 },
    findings: 0,
    lastEventAt: 0,
  };
}

/** Folds one event into the state (in place). Returns true when something visible changed. */
export function applyEvent(state: LiveState, event: RunEvent): boolean {
  state.lastEventAt = event.time;
  switch (event.type) {
    case 'run_begin': {
      state.runId = event.runId;
      state.startedAt = event.time;
      state.scenarios = event.scenarios;
      const concurrency = event.options.concurrency;
      if (typeof concurrency === 'number') state.concurrency = concurrency;
      state.attemptsTotal = event.scenarios.reduce((n, s) => n + s.attempts, 0);
      state.tasksTotal = event.scenarios.reduce((n, s) => n + s.attempts * s.tasks, 0);
      return true;
    }
    case 'attempt_begin': {
      const planned = state.scenarios.find((s) => s.name === event.scenario);
      state.running.set(event.attemptId, {
        attemptId: event.attemptId,
        scenario: event.scenario,
        attempt: event.attempt,
        startedAt: event.time,
        tasksTotal: planned?.tasks ?? 0,
        tasksDone: 0,
        tasksFailed: 0,
        iteration: 0,
        tokens: 0,
        ...(planned?.wallMs === undefined ? {} : { budgetMs: planned.wallMs }),
        ...(planned?.concurrency === undefined ? {} : { concurrency: planned.concurrency }),
        tasks: new Map(),
      });
      return true;
    }
    case 'core':
      return applyCore(state.running.get(event.attemptId), event.event, state);
    case 'finding':
      state.findings++;
      return true;
    case 'attempt_end': {
      const running = state.running.get(event.attemptId);
      state.running.delete(event.attemptId);
      // Tasks the attempt never ran (blocked, interrupted) still count as done for the ETA.
      const planned =
        running?.tasksTotal ?? state.scenarios.find((s) => s.name === event.scenario)?.tasks ?? 0;
      state.tasksDone += Math.max(0, planned - (running?.tasksDone ?? 0));
      state.counts[event.verdict]++;
      state.finished.push({
        attemptId: event.attemptId,
        verdict: event.verdict,
        durationMs: event.durationMs,
        ...(event.reason === undefined ? {} : { reason: event.reason }),
        tasksCompleted: event.metrics.tasksCompleted,
        // An attempt whose tasks never ran (blocked, cut before its first) shows no task count.
        tasks: event.metrics.tasks > (event.metrics.tasksNotRun ?? 0) ? event.metrics.tasks : 0,
        tokens: event.metrics.totalTokens,
      });
      return true;
    }
    case 'run_end':
      state.ended = { durationMs: event.durationMs, interrupted: event.interrupted };
      return true;
    default:
      return false;
  }
}

function applyCore(
  attempt: RunningAttempt | undefined,
  event: Extract<RunEvent, { type: 'core' }>['event'],
  state: LiveState,
): boolean {
  if (!attempt) return false;
  switch (event.type) {
    case 'task_start':
      attempt.tasks.set(event.taskId, {
        taskId: event.taskId,
        title: event.title,
        iteration: 0,
        phase: 'agent',
        startedAt: event.time,
      });
      return true;
    case 'iteration_start': {
      const task = attempt.tasks.get(event.taskId);
      if (task) {
        task.iteration = event.iteration;
        task.phase = 'agent';
      }
      attempt.iteration = Math.max(attempt.iteration, event.iteration);
      return true;
    }
    case 'agent_call_start': {
      const task = attempt.tasks.get(event.taskId);
      if (task) task.phase = 'agent';
      return true;
    }
    case 'agent_call_end': {
      const task = attempt.tasks.get(event.taskId);
      if (task) task.phase = 'validating';
      attempt.tokens += event.usage.inputTokens + event.usage.outputTokens;
      return true;
    }
    case 'task_end':
      attempt.tasks.delete(event.taskId);
      attempt.tasksDone++;
      if (event.status !== 'completed') attempt.tasksFailed++;
      state.tasksDone++;
      return true;
    default:
      return false;
  }
}

/** The phase of a running attempt: setting up, waiting on an agent, judging a reply, or checking. */
export function attemptPhase(attempt: RunningAttempt): AttemptPhase {
  let validating = false;
  for (const task of attempt.tasks.values()) {
    if (task.phase === 'agent') return 'agent';
    validating = true;
  }
  if (validating) return 'validating';
  if (attempt.tasksTotal > 0 && attempt.tasksDone >= attempt.tasksTotal) return 'checking';
  // Between two tasks the orchestrator is about to call the agent again.
  return attempt.tasksDone > 0 ? 'agent' : 'setup';
}

/**
 * Estimated time left (ms) from the share of tasks done so far; undefined until something finished.
 * Attempts with no tasks count as one unit each.
 */
export function etaMs(state: LiveState, now: number): number | undefined {
  const units = state.tasksTotal > 0 ? state.tasksTotal : state.attemptsTotal;
  const done = state.tasksTotal > 0 ? state.tasksDone : state.finished.length;
  if (done <= 0 || units <= 0 || state.startedAt === 0) return undefined;
  const elapsed = now - state.startedAt;
  return Math.max(0, (elapsed * (units - done)) / done);
}
