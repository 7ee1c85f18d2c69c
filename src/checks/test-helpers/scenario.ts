import type {
  AgentCheck,
  AgentSpec,
  Check,
  CommandCheck,
  FileCheck,
  GoldenCheck,
  MetricCheck,
  Scenario,
  SqlCheck,
  TaskCheck,
} from '../../scenario/index.js';

/** Declared checks as the scenario loader normalizes them, with the base fields filled. */

type Spec<C extends Check> = Omit<C, 'index' | 'severity' | 'location' | 'kind'> &
  Partial<Pick<C, 'index' | 'severity'>>;

const base = {
  index: 0,
  severity: 'major' as const,
  location: { file: 'scenarios/test.yaml', line: 3, col: 5 },
};

export const taskCheck = (spec: Spec<TaskCheck>): TaskCheck => ({ ...base, kind: 'task', ...spec });
export const fileCheck = (spec: Partial<Spec<FileCheck>> & { path: string }): FileCheck => ({
  ...base,
  kind: 'file',
  contains: [],
  notContains: [],
  exists: true,
  ...spec,
});
export const commandCheck = (spec: Partial<Spec<CommandCheck>> & { command: string }): CommandCheck => ({
  ...base,
  kind: 'command',
  exit: 0,
  stdoutContains: [],
  stderrContains: [],
  timeoutMs: 30_000,
  ...spec,
});
export const goldenCheck = (
  spec: Partial<Spec<GoldenCheck>> & Pick<GoldenCheck, 'command' | 'inputs' | 'baseline'>,
): GoldenCheck => ({
  ...base,
  kind: 'golden',
  timeoutMs: 30_000,
  ...spec,
});
export const sqlCheck = (spec: Spec<SqlCheck>): SqlCheck => ({ ...base, kind: 'sql', ...spec });
export const metricCheck = (spec: Spec<MetricCheck>): MetricCheck => ({ ...base, kind: 'metric', ...spec });
export const agentCheck = (spec: Partial<Spec<AgentCheck>>): AgentCheck => ({
  ...base,
  kind: 'agent',
  argvContains: [],
  argvNotContains: [],
  ...spec,
});

/** A minimal normalized scenario around some checks (the attempt helper runs its own tasks). */
export function testScenario(checks: Check[] = [], agent: AgentSpec = { kind: 'oracle' }): Scenario {
  return {
    file: '/project/scenarios/test.yaml',
    relFile: 'scenarios/test.yaml',
    name: 'test',
    tags: [],
    requires: [],
    needs: [],
    agent,
    llm: { kind: 'heuristic' },
    sandbox: { kind: 'host' },
    orchestrator: {},
    tasks: [],
    milestones: [],
    store: { inWorkspace: false },
    budgets: { wallMs: 60_000, taskWallMs: 60_000 },
    repeat: 1,
    concurrency: 1,
    checks: checks.map((c, index) => ({ ...c, index })),
    thresholds: {},
  };
}
