import type { Check, CheckKind } from '../scenario/index.js';
import { agentCheck } from './agent.js';
import { commandCheck } from './command.js';
import { fileCheck } from './file.js';
import { goldenCheck } from './golden.js';
import { metricCheck } from './metric.js';
import { sqlCheck } from './sql.js';
import { taskCheck } from './task.js';
import type { CheckEvaluator } from './types.js';

export type CheckRegistry = { readonly [K in CheckKind]: CheckEvaluator<Extract<Check, { kind: K }>> };

/** Every declared check kind and its evaluator (one file per kind). */
export const CHECK_EVALUATORS: CheckRegistry = {
  task: taskCheck,
  file: fileCheck,
  command: commandCheck,
  golden: goldenCheck,
  sql: sqlCheck,
  metric: metricCheck,
  agent: agentCheck,
};

/** The evaluator of a check's kind; an unknown kind is a harness bug (the scenario loader let it through). */
export function evaluatorFor(check: Check): CheckEvaluator<Check> {
  const evaluator = (CHECK_EVALUATORS as Partial<Record<string, CheckEvaluator<Check>>>)[check.kind];
  if (!evaluator) {
    throw new TypeError(`no evaluator for check kind ${JSON.stringify(check.kind)} (checks[${check.index}])`);
  }
  return evaluator;
}
