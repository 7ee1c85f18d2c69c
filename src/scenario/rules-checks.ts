import type { DocPath } from './problem.js';
import type { RuleContext } from './rule-context.js';
import { sqlWriteReason } from './sql-read-only.js';

/** `matches` of file checks compile as JavaScript regular expressions. */
export function regexesCompile({ scenario, report }: RuleContext): void {
  for (const check of scenario.checks) {
    if (check.kind !== 'file' || check.matches === undefined) continue;
    try {
      new RegExp(check.matches);
    } catch (error) {
      const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: /, '') : '';
      report({
        path: ['checks', check.index, 'matches'],
        message: `is not a valid regular expression (${reason})`,
        value: check.matches,
        hint: 'escape special characters with a backslash; in YAML double quotes write it twice ("\\\\(")',
      });
    }
  }
}

/** sql checks are single read-only statements. */
export function sqlIsReadOnly({ scenario, report }: RuleContext): void {
  for (const check of scenario.checks) {
    if (check.kind !== 'sql') continue;
    const reason = sqlWriteReason(check.sql);
    if (reason !== undefined) {
      report({
        path: ['checks', check.index, 'sql'],
        message: reason,
        value: check.sql,
        hint: 'sql checks only read the attempt database: use SELECT, WITH or PRAGMA',
      });
    }
  }
}

/** An agent whose model is "replay" needs a cassette for the embedded model server to play. */
export function replayNeedsCassette({ scenario, report }: RuleContext): void {
  const agent = scenario.agent;
  if (agent.kind !== 'claude-code' && agent.kind !== 'command') return;
  if (agent.model !== 'replay' || agent.cassette !== undefined) return;
  report({
    path: ['agent', 'cassette'],
    message: `is required when the agent's model is "replay" (the default)`,
    hint: 'add cassette: fixtures/cassettes/<name>.yaml, record one with `obra-validate record`, or set a live model',
  });
}

/** Checks assert something and do not contradict themselves. */
export function checksAreConsistent({ scenario, report }: RuleContext): void {
  const bounds = (path: DocPath, min: number | undefined, upper: string, max: number | undefined) => {
    if (min !== undefined && max !== undefined && min > max) {
      report({ path, message: `is greater than ${upper} (${max})`, value: min });
    }
  };
  for (const check of scenario.checks) {
    const at = (key: string): DocPath => ['checks', check.index, key];
    switch (check.kind) {
      case 'task':
        bounds(at('min_iterations'), check.minIterations, 'max_iterations', check.maxIterations);
        break;
      case 'file': {
        const asserts = check.contains.length + check.notContains.length > 0 || check.matches || check.sha256;
        if (!check.exists && (asserts || check.unchanged)) {
          report({
            path: at('exists'),
            message: 'is false, but the check also asserts on the content',
            hint: 'split it into two checks, or drop exists: false',
          });
        }
        break;
      }
      case 'sql':
        bounds(at('min_count'), check.minCount, 'max_count', check.maxCount);
        break;
      case 'metric':
        if ([check.max, check.min, check.equals, check.baseline].every((v) => v === undefined)) {
          report({
            path: ['checks', check.index],
            message: 'compares the metric with nothing',
            hint: 'add max, min, equals, or baseline (+ tolerance)',
          });
        }
        if (check.baseline === undefined && check.tolerance !== undefined) {
          report({
            path: at('tolerance'),
            message: 'applies only with a baseline',
            hint: 'add baseline: <report.json>',
          });
        }
        bounds(at('min'), check.min, 'max', check.max);
        break;
      case 'agent':
        bounds([...at('agent'), 'min_calls'], check.minCalls, 'max_calls', check.maxCalls);
        break;
      default:
        break;
    }
  }
  if (
    scenario.solution &&
    scenario.solution.dir === undefined &&
    Object.keys(scenario.solution.files).length === 0
  ) {
    report({
      path: ['solution'],
      message: 'has neither dir nor files',
      hint: 'give dir: <folder>, files: {...}, or both',
    });
  }
}
