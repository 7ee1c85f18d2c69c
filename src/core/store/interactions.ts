import {
  checkInteger,
  checkOptionalScore,
  decodeBool,
  decodeOptionalBool,
  encodeBool,
  enumCodec,
} from './codecs.js';
import type { StoreContext } from './context.js';
import { DECISIONS, type Decision } from './enums.js';
import { ForeignKeyError, InvalidValueError } from './errors.js';
import { addSessionUsage } from './sessions.js';
import { orNull, required, updateColumns } from './sql.js';
import type { Interaction, Usage } from './types.js';
import { checkUsage, toUsage, type UsageRow } from './usage.js';

/** The validation pipeline's verdict on one agent call; every score is on 0-1. */
export interface Assessment {
  qualityScore?: number | null;
  passesGate?: boolean | null;
  confidence?: number | null;
  decision?: Decision | null;
  feedback?: string | null;
}

export interface RecordInteractionInput extends Assessment {
  /** An active session (created before the agent call). */
  sessionId: string;
  /** A task of the session's project (and the session's own task, when it has one). */
  taskId: number;
  /** 1-based. */
  iteration: number;
  prompt: string;
  response: string;
  /** The session id the agent echoed back. */
  agentSessionId: string | null;
  usage: Usage;
  /** Milliseconds, rounded to an integer. */
  durationMs: number;
  isError: boolean;
  errorSubtype?: string | null;
}

export interface InteractionRepository {
  /**
   * Inserts the interaction and adds its usage (and 1 to interaction_count) to its session, in one
   * transaction: a session's totals always equal the sum of its interactions.
   */
  record(input: RecordInteractionInput): Interaction;
  /** @throws NotFoundError */
  get(id: number): Interaction;
  find(id: number): Interaction | undefined;
  /** Sets the assessment fields given (the pipeline may run after the interaction is recorded). */
  updateAssessment(id: number, assessment: Assessment): Interaction;
  /** Ascending by id. */
  listByTask(taskId: number): Interaction[];
  listBySession(sessionId: string): Interaction[];
}

interface InteractionRow extends UsageRow {
  id: number;
  project_id: number;
  task_id: number;
  session_id: string;
  iteration: number;
  prompt: string;
  response: string;
  agent_session_id: string | null;
  duration_ms: number;
  error_subtype: string | null;
  is_error: number;
  quality_score: number | null;
  passes_gate: number | null;
  confidence: number | null;
  decision: string | null;
  feedback: string | null;
  created_at: string;
}

const decision = enumCodec('interactions.decision', DECISIONS);

function toInteraction(row: InteractionRow): Interaction {
  return {
    id: row.id,
    projectId: row.project_id,
    taskId: row.task_id,
    sessionId: row.session_id,
    iteration: row.iteration,
    prompt: row.prompt,
    response: row.response,
    agentSessionId: row.agent_session_id,
    ...toUsage(row),
    durationMs: row.duration_ms,
    errorSubtype: row.error_subtype,
    isError: decodeBool('interactions.is_error', row.is_error),
    qualityScore: checkOptionalScore('interactions.quality_score', row.quality_score),
    passesGate: decodeOptionalBool('interactions.passes_gate', row.passes_gate),
    confidence: checkOptionalScore('interactions.confidence', row.confidence),
    decision: row.decision === null ? null : decision.decode(row.decision),
    feedback: row.feedback,
    createdAt: row.created_at,
  };
}

/** Assessment → column values; `undefined` leaves a column as it is. */
function assessmentColumns(a: Assessment) {
  return {
    quality_score:
      a.qualityScore === undefined
        ? undefined
        : checkOptionalScore('interaction.qualityScore', a.qualityScore),
    passes_gate:
      a.passesGate === undefined ? undefined : a.passesGate === null ? null : encodeBool(a.passesGate),
    confidence:
      a.confidence === undefined ? undefined : checkOptionalScore('interaction.confidence', a.confidence),
    decision:
      a.decision === undefined
        ? undefined
        : a.decision === null
          ? null
          : decision.encode(a.decision, 'interaction.decision'),
    feedback: a.feedback,
  };
}

export function createInteractionRepository(ctx: StoreContext): InteractionRepository {
  const { db } = ctx;
  const selectOne = db.prepare<[number], InteractionRow>('SELECT * FROM interactions WHERE id = ?');
  const selectByTask = db.prepare<[number], InteractionRow>(
    'SELECT * FROM interactions WHERE task_id = ? ORDER BY id',
  );
  const selectBySession = db.prepare<[string], InteractionRow>(
    'SELECT * FROM interactions WHERE session_id = ? ORDER BY id',
  );
  const sessionOf = db.prepare<[string], { project_id: number; task_id: number | null }>(
    'SELECT project_id, task_id FROM sessions WHERE id = ?',
  );
  const taskProject = db.prepare<[number], number>('SELECT project_id FROM tasks WHERE id = ?').pluck();
  const insert = db.prepare(
    `INSERT INTO interactions (project_id, task_id, session_id, iteration, prompt, response, agent_session_id,
       input_tokens, output_tokens, cache_creation_tokens, cache_read_tokens, turns, cost_usd, duration_ms,
       error_subtype, is_error, quality_score, passes_gate, confidence, decision, feedback, created_at)
     VALUES (@project_id, @task_id, @session_id, @iteration, @prompt, @response, @agent_session_id,
       @input_tokens, @output_tokens, @cache_creation_tokens, @cache_read_tokens, @turns, @cost_usd, @duration_ms,
       @error_subtype, @is_error, @quality_score, @passes_gate, @confidence, @decision, @feedback, @created_at)`,
  );

  const find = (id: number) => {
    const row = selectOne.get(id);
    return row === undefined ? undefined : toInteraction(row);
  };
  const get = (id: number) => required('interaction', id, find(id));

  return {
    record(input) {
      return ctx.write(() => {
        // The rows the checks below read are the references' checks too (one read each, not two).
        const session = sessionOf.get(input.sessionId);
        if (session === undefined)
          throw new ForeignKeyError('interaction.sessionId', 'session', input.sessionId);
        const projectId = taskProject.get(input.taskId);
        if (projectId === undefined) throw new ForeignKeyError('interaction.taskId', 'task', input.taskId);
        if (session.project_id !== projectId) {
          throw new InvalidValueError(
            'interaction.taskId',
            input.taskId,
            `must be a task of the session's project ${session.project_id}; it belongs to ${projectId}`,
          );
        }
        if (session.task_id !== null && session.task_id !== input.taskId) {
          throw new InvalidValueError(
            'interaction.taskId',
            input.taskId,
            `must be the task of session "${input.sessionId}" (task ${session.task_id})`,
          );
        }
        if (typeof input.prompt !== 'string' || typeof input.response !== 'string') {
          throw new InvalidValueError('interaction.prompt/response', input, 'must be strings');
        }
        const usage = checkUsage('interaction.usage', input.usage);
        const assessment = assessmentColumns(input);
        const row: Omit<InteractionRow, 'id'> = {
          project_id: projectId,
          task_id: input.taskId,
          session_id: input.sessionId,
          iteration: checkInteger('interaction.iteration', input.iteration, 1),
          prompt: input.prompt,
          response: input.response,
          agent_session_id: input.agentSessionId,
          input_tokens: usage.inputTokens,
          output_tokens: usage.outputTokens,
          cache_creation_tokens: usage.cacheCreationTokens,
          cache_read_tokens: usage.cacheReadTokens,
          turns: usage.turns,
          cost_usd: usage.costUsd,
          duration_ms: checkInteger('interaction.durationMs', Math.round(input.durationMs), 0),
          error_subtype: orNull(input.errorSubtype),
          is_error: encodeBool(input.isError),
          quality_score: orNull(assessment.quality_score),
          passes_gate: orNull(assessment.passes_gate),
          confidence: orNull(assessment.confidence),
          decision: orNull(assessment.decision),
          feedback: orNull(assessment.feedback),
          created_at: ctx.now(),
        };
        const { lastInsertRowid } = insert.run(row);
        addSessionUsage(ctx, input.sessionId, usage, 1);
        // The row as written (the columns keep the values given): not read back, prompt and response included.
        return toInteraction({ id: Number(lastInsertRowid), ...row });
      });
    },
    get,
    find,
    updateAssessment(id, assessment) {
      return ctx.write(() => {
        get(id);
        updateColumns(db, 'interactions', id, assessmentColumns(assessment));
        return get(id);
      });
    },
    listByTask: (taskId) => selectByTask.all(taskId).map(toInteraction),
    listBySession: (sessionId) => selectBySession.all(sessionId).map(toInteraction),
  };
}
