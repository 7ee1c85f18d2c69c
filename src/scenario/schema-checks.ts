import { z } from 'zod';
import { MAX_COUNT, MAX_ITERATIONS } from './limits.js';
import { AGENT_KINDS } from './schema-agent.js';
import { durationSchema, nonNegative, nonNegativeInt, oneOrMany, rootPath, text } from './schema-common.js';

/** The key that decides a check's kind; every check has exactly one. Order = the union's order. */
export const CHECK_KINDS = ['task', 'file', 'command', 'golden', 'sql', 'metric', 'agent'] as const;
export const SEVERITIES = ['blocker', 'major', 'minor'] as const;
export const TASK_STATUSES = [
  'pending',
  'ready',
  'running',
  'blocked',
  'completed',
  'failed',
  'cancelled',
  'retrying',
] as const;
export const DECISIONS = ['proceed', 'retry', 'clarify', 'escalate'] as const;
export const METRICS = [
  'completion_rate',
  'tasks_completed',
  'tasks_failed',
  'errors',
  'p50_task_s',
  'p95_task_s',
  'max_task_s',
  'total_s',
  'total_tokens',
  'total_cost_usd',
  'iterations',
  'mean_iterations',
  'agent_calls',
] as const;

const common = {
  name: text().optional().describe('Shown in reports instead of the generated name.'),
  severity: z.enum(SEVERITIES).default('major'),
  when_agent: z
    .union([z.enum(AGENT_KINDS), z.array(z.enum(AGENT_KINDS)).min(1)])
    .optional()
    .describe(
      "Evaluate the check only when the attempt's agent is of this kind (or one of these); otherwise it is skipped with the reason. For checks that pin what the recorded model does (decisions, iterations), which `--agent oracle` or `null` replaces.",
    ),
};

const taskCheck = z.strictObject({
  task: text().describe('Task id, or "*" for every task.'),
  status: z.enum(TASK_STATUSES).optional().describe('Default "completed" when nothing else is asserted.'),
  min_iterations: nonNegativeInt(MAX_ITERATIONS).optional(),
  max_iterations: nonNegativeInt(MAX_ITERATIONS).optional(),
  decisions: z.array(z.enum(DECISIONS)).optional().describe('The exact sequence of decisions.'),
  error: text()
    .optional()
    .describe(
      'The kind of the error the task ended on, e.g. agent_timeout, api_error, error_max_turns, llm_error, store_unavailable. A task check that expects an error makes that error the path the scenario takes, not a finding.',
    ),
  ...common,
});

const fileCheck = z.strictObject({
  file: text().describe('Path relative to the attempt workspace.'),
  contains: oneOrMany('Text(s) the file must contain.').optional(),
  not_contains: oneOrMany('Text(s) the file must not contain.').optional(),
  matches: z.string().optional().describe('JavaScript regular expression the content must match.'),
  exists: z.boolean().default(true),
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, { error: 'must be 64 hexadecimal characters' })
    .optional(),
  unchanged: z.boolean().optional().describe('The file is identical to the workspace it started from.'),
  ...common,
});

const commandCheck = z.strictObject({
  command: text().describe('Shell command run in the workspace after the agent stops.'),
  copy_in: rootPath('File or folder copied into the workspace before the command').optional(),
  exit: z.int().min(0).max(255).default(0).describe('Expected exit status (0-255).'),
  stdout_contains: oneOrMany('Text(s) stdout must contain.').optional(),
  stderr_contains: oneOrMany('Text(s) stderr must contain.').optional(),
  min_tests: nonNegativeInt(MAX_COUNT)
    .optional()
    .describe('Minimum number of tests the output reports as run.'),
  timeout: durationSchema.default('60s'),
  ...common,
});

const goldenCheck = z.strictObject({
  golden: text().describe('Command run per input; {{input}} is the input file.'),
  inputs: oneOrMany('Input files, relative to the project root; `*` and `?` allowed in the file name.'),
  baseline: rootPath('Folder holding <input basename>.out per input'),
  copy_in: rootPath('File or folder copied into the workspace first').optional(),
  timeout: durationSchema.default('60s'),
  ...common,
});

const sqlCheck = z.strictObject({
  sql: text().describe("Read-only query (SELECT, WITH, PRAGMA) on the attempt's database."),
  rows: z.array(z.record(z.string(), z.unknown())).optional().describe('The exact rows expected.'),
  count: nonNegativeInt(MAX_COUNT).optional(),
  min_count: nonNegativeInt(MAX_COUNT).optional(),
  max_count: nonNegativeInt(MAX_COUNT).optional(),
  ...common,
});

const metricCheck = z.strictObject({
  metric: z.enum(METRICS),
  max: z.number().optional(),
  min: z.number().optional(),
  equals: z.number().optional(),
  baseline: rootPath('JSON baseline report').optional(),
  tolerance: nonNegative().optional().describe('Allowed relative change against the baseline (0.1 = 10%).'),
  ...common,
});

const agentCheck = z.strictObject({
  agent: z.strictObject({
    argv_contains: z.array(z.string()).optional(),
    argv_not_contains: z.array(z.string()).optional(),
    min_calls: nonNegativeInt(MAX_COUNT).optional(),
    max_calls: nonNegativeInt(MAX_COUNT).optional(),
  }),
  ...common,
});

export const checkSchema = z
  .union([taskCheck, fileCheck, commandCheck, goldenCheck, sqlCheck, metricCheck, agentCheck])
  .describe(`A check; exactly one of the keys ${CHECK_KINDS.join(', ')} says its kind.`);
