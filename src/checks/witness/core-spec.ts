/**
 * The orchestrator core's configuration as specified (DESIGN.md section 4, docs/DETECTION.md): the
 * documented defaults, and a scenario's `orchestrator:` keys over them. The witnesses judge the core
 * against this, so it is written here, apart from the core's own schema (src/core/config/schema.ts); a
 * unit test keeps the two equal, and a core whose defaults drift from them is caught by the scenarios.
 */
export interface CoreSpec {
  maxIterations: number;
  thresholds: { proceed: number; escalate: number; qualityGate: number };
  maxTurns: {
    task: number;
    subtask: number;
    story: number;
    epic: number;
    cap: number;
    retries: number;
    factor: number;
  };
  requireEvidence: boolean;
  evidenceChecks: { name?: string; argv: string[]; timeoutMs: number }[];
  agentTimeoutMs: number;
  llmConfidenceWeight: number;
  evidenceIgnore: string[];
  /** How changes are found (watch or walk): the same answers either way; not judged. */
  evidenceTracking: 'watch' | 'walk';
}

export const DOCUMENTED_DEFAULTS: Readonly<CoreSpec> = Object.freeze({
  maxIterations: 5,
  thresholds: { proceed: 0.7, escalate: 0.5, qualityGate: 0.7 },
  maxTurns: { task: 30, subtask: 30, story: 50, epic: 100, cap: 150, retries: 2, factor: 2 },
  requireEvidence: true,
  evidenceChecks: [],
  agentTimeoutMs: 600_000,
  llmConfidenceWeight: 0.5,
  evidenceIgnore: ['.git', 'node_modules', '__pycache__', '.claude', '.pytest_cache'],
  evidenceTracking: 'watch',
});

type Input = Record<string, unknown>;

const record = (value: unknown): Input =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Input) : {};

/**
 * The configuration a scenario gives the core (camelCase keys, as the runner passes them) over the
 * documented defaults. Pure.
 */
export function specOf(input: Input): CoreSpec {
  const d = DOCUMENTED_DEFAULTS;
  const thresholds = record(input.thresholds);
  const turns = record(input.maxTurns);
  const pick = <T>(value: unknown, fallback: T): T => (value === undefined ? fallback : (value as T));
  return {
    maxIterations: pick(input.maxIterations, d.maxIterations),
    thresholds: {
      proceed: pick(thresholds.proceed, d.thresholds.proceed),
      escalate: pick(thresholds.escalate, d.thresholds.escalate),
      qualityGate: pick(thresholds.qualityGate, d.thresholds.qualityGate),
    },
    maxTurns: {
      task: pick(turns.task, d.maxTurns.task),
      subtask: pick(turns.subtask, d.maxTurns.subtask),
      story: pick(turns.story, d.maxTurns.story),
      epic: pick(turns.epic, d.maxTurns.epic),
      cap: pick(turns.cap, d.maxTurns.cap),
      retries: pick(turns.retries, d.maxTurns.retries),
      factor: pick(turns.factor, d.maxTurns.factor),
    },
    requireEvidence: pick(input.requireEvidence, d.requireEvidence),
    evidenceChecks: (pick(input.evidenceChecks, d.evidenceChecks) as CoreSpec['evidenceChecks']).map((c) => ({
      ...c,
      timeoutMs: c.timeoutMs ?? 120_000,
    })),
    agentTimeoutMs: pick(input.agentTimeoutMs, d.agentTimeoutMs),
    llmConfidenceWeight: pick(input.llmConfidenceWeight, d.llmConfidenceWeight),
    evidenceIgnore: pick(input.evidenceIgnore, d.evidenceIgnore),
    evidenceTracking: pick(input.evidenceTracking, d.evidenceTracking),
  };
}

/** The first `--max-turns` of an iteration of a task of this type. */
export function firstTurnCap(spec: CoreSpec, taskType: string): number {
  const byType: Record<string, number> = {
    task: spec.maxTurns.task,
    subtask: spec.maxTurns.subtask,
    story: spec.maxTurns.story,
    epic: spec.maxTurns.epic,
  };
  return Math.min(byType[taskType] ?? spec.maxTurns.task, spec.maxTurns.cap);
}

/** The cap after a call hit `current` (`resumes` resumes so far), or undefined when it cannot rise. */
export function nextTurnCap(spec: CoreSpec, current: number, resumes: number): number | undefined {
  const { cap, retries, factor } = spec.maxTurns;
  if (resumes >= retries || current >= cap) return undefined;
  return Math.min(cap, Math.max(current + 1, Math.ceil(current * factor)));
}
