import { z } from 'zod';
import { MAX_CONCURRENCY, MAX_COUNT, MAX_DURATION_MS, MAX_REPEAT } from './limits.js';
import { agentSchema, llmSchema } from './schema-agent.js';
import { checkSchema } from './schema-checks.js';
import {
  durationSchema,
  nonNegative,
  positiveInt,
  rootPath,
  SCENARIO_NAME_PATTERN,
  solutionSchema,
  TASK_ID_PATTERN,
  text,
} from './schema-common.js';
import { sandboxSchema } from './schema-sandbox.js';
import { tasksSchema } from './schema-tasks.js';

/**
 * The scenario file as written (YAML keys snake_case). The single source of ScenarioInput and of
 * schema/scenario.schema.json. Defaults that need no context live here; the rest is in normalize.ts.
 */
export const scenarioSchema = z
  .strictObject({
    version: z.literal(1).describe('Format version: 1.'),
    name: z
      .string()
      .regex(SCENARIO_NAME_PATTERN, {
        error: 'must be lowercase letters, digits, "-" and "_", starting with a letter or digit',
      })
      .describe('Unique name of the scenario.'),
    description: z.string().optional(),
    tags: z.array(text()).optional(),
    requires: z
      .array(text())
      .optional()
      .describe('Binaries needed on PATH; missing → the scenario is blocked.'),
    needs: z
      .array(text())
      .optional()
      .describe('Scenarios that must pass first; otherwise this one is blocked.'),
    agent: agentSchema.optional(),
    llm: llmSchema.optional(),
    sandbox: sandboxSchema.optional(),
    orchestrator: z
      .record(z.string(), z.unknown())
      .optional()
      .describe('Orchestrator core configuration keys (validated against the core config).'),
    workspace: rootPath('Folder copied into a fresh directory per attempt').optional(),
    solution: solutionSchema.optional(),
    tasks: tasksSchema,
    milestones: z
      .array(
        z.strictObject({
          id: z.string().regex(TASK_ID_PATTERN, { error: 'must contain only letters, digits, "-" and "_"' }),
          name: text(),
          description: z.string().optional(),
        }),
      )
      .optional()
      .describe(
        'Milestones: groups of tasks (a task names its milestone) that the orchestrator runs in order, in one agent conversation.',
      ),
    store: z
      .strictObject({
        in_workspace: z
          .boolean()
          .default(false)
          .describe(
            "Keep the attempt's SQLite store inside the workspace (as the original Obra kept data/*.db), at .obra/obra.sqlite; its files must never count as the agent's work.",
          ),
        busy_timeout: durationSchema
          .optional()
          .describe('How long a store write waits for a lock held by another connection (default 5s).'),
        locked_from: text()
          .optional()
          .describe(
            "A task id: another connection takes the store's write lock when this task's first agent call starts and holds it until the orchestrator stops, so every store write from then on fails (after busy_timeout).",
          ),
      })
      .optional()
      .describe("The attempt's SQLite store."),
    budgets: z
      .strictObject({
        wall: durationSchema.default('10m').describe('Wall-clock limit per attempt.'),
        task_wall: durationSchema.optional().describe('Wall-clock limit per task (default: wall).'),
        turns: positiveInt(MAX_COUNT).optional().describe('Agent turns per attempt.'),
        tokens: positiveInt(MAX_COUNT).optional().describe('Tokens per attempt.'),
        stop_expected: z
          .boolean()
          .default(false)
          .describe(
            'The scenario tests how the orchestrator stops: a budget is meant to run out. The budget checks then pass when a budget stopped the attempt, and fail when none did.',
          ),
      })
      .optional(),
    repeat: positiveInt(MAX_REPEAT)
      .default(1)
      .describe(`Attempts (at most ${MAX_REPEAT}: each has its own workspace, database and logs).`),
    concurrency: positiveInt(MAX_CONCURRENCY)
      .default(1)
      .describe(
        `Agents run in parallel within an attempt (tasks calling the agent; a task recording its result frees its slot); at most ${MAX_CONCURRENCY}.`,
      ),
    checks: z.array(checkSchema).optional(),
    thresholds: z
      .strictObject({
        pass_rate: z.number().min(0).max(1).optional(),
        p95_task_s: nonNegative()
          .max(MAX_DURATION_MS / 1000)
          .optional(),
        p50_task_s: nonNegative()
          .max(MAX_DURATION_MS / 1000)
          .optional(),
        max_tokens: z.int().min(0).max(MAX_COUNT).optional(),
        max_cost_usd: nonNegative().optional(),
      })
      .optional(),
  })
  .describe(
    'An obra-validate scenario: setup, tasks for the orchestrator, agent and model, budgets, checks.',
  );

/** A scenario as written (before defaults). */
export type ScenarioInput = z.input<typeof scenarioSchema>;
/** A scenario after schema parsing (zod defaults applied, still snake_case). */
export type ScenarioParsed = z.output<typeof scenarioSchema>;
