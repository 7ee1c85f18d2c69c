import { z } from 'zod';
import { MAX_ITERATIONS, MAX_TASKS } from './limits.js';
import {
  positiveInt,
  solutionSchema,
  TASK_ID_PATTERN,
  TASK_ID_TEMPLATE_PATTERN,
  text,
} from './schema-common.js';

export const TASK_TYPES = ['epic', 'story', 'task', 'subtask'] as const;

const ID_MESSAGE = 'must contain only letters, digits, "-" and "_"';

const commonTaskFields = {
  description: z.string().optional(),
  type: z.enum(TASK_TYPES).default('task'),
  depends_on: z.array(text()).optional().describe('Ids of tasks that must complete first.'),
  priority: z.int().min(1).max(10).default(5).describe('1 (lowest) to 10 (highest).'),
  max_iterations: positiveInt(MAX_ITERATIONS).optional(),
  milestone: text()
    .optional()
    .describe(
      "Id of a milestone (the scenario's `milestones`): its tasks run in order, in one agent conversation.",
    ),
  solution: solutionSchema.optional().describe("Overrides the scenario's reference solution for this task."),
};

export const taskSchema = z
  .strictObject({
    id: z.string().regex(TASK_ID_PATTERN, { error: ID_MESSAGE }),
    title: text(),
    ...commonTaskFields,
  })
  .describe('One task given to the orchestrator.');

export const generatorSchema = z
  .strictObject({
    generate: positiveInt(MAX_TASKS).describe(
      `How many tasks to generate ({{i}} = 1..N), at most ${MAX_TASKS} (all of a scenario's tasks together too); \`--scale N\` overrides it.`,
    ),
    id: z
      .string()
      .regex(TASK_ID_TEMPLATE_PATTERN, { error: `${ID_MESSAGE}, plus template variables like {{i}}` })
      .default('task-{{i}}'),
    title: text().default('Task {{i}}'),
    ...commonTaskFields,
  })
  .describe('Generates N tasks; {{i}} is replaced in id, title, description, depends_on and solution.');

export const tasksSchema = z
  .union([z.array(z.union([taskSchema, generatorSchema])).min(1), generatorSchema])
  .describe('The tasks: a non-empty list of tasks and/or generators, or one generator.');
