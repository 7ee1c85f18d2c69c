import { z } from 'zod';
import { MAX_TIMER_MS } from '../../shared/index.js';

const score = z.number().min(0).max(1);

/** Turn caps by task type: the first call's --max-turns, raised on error_max_turns up to `cap`. */
export const maxTurnsSchema = z
  .strictObject({
    task: z.int().min(1).default(30),
    subtask: z.int().min(1).default(30),
    story: z.int().min(1).default(50),
    epic: z.int().min(1).default(100),
    cap: z.int().min(1).default(150),
    /** How many times a call that hit the cap is resumed with a higher one. */
    retries: z.int().min(0).max(10).default(2),
    /** Each resume multiplies the cap by this factor (bounded by `cap`). */
    factor: z.number().min(1).default(2),
  })
  .prefault({});

/** Decision thresholds on the single 0-1 scale used for every score. */
export const thresholdsSchema = z
  .strictObject({
    /** Proceed when the quality gate passes and confidence is at least this. */
    proceed: score.default(0.7),
    /** Escalate when confidence falls below this. Between escalate and proceed: clarify. */
    escalate: score.default(0.5),
    /** Quality score needed to pass the quality gate. */
    qualityGate: score.default(0.7),
  })
  .prefault({})
  .refine((t) => t.escalate <= t.proceed, {
    message: 'thresholds.escalate must not be above thresholds.proceed',
    path: ['escalate'],
  });

/** The orchestrator's whole configuration: one typed object with defaults. Unknown keys are errors. */
export const coreConfigSchema = z.strictObject({
  maxIterations: z.int().min(1).max(100).default(5),
  thresholds: thresholdsSchema,
  maxTurns: maxTurnsSchema,
  /** A task completes only with evidence: workspace changes, or every evidence check passing. */
  requireEvidence: z.boolean().default(true),
  /**
   * Commands run in the workspace after an agent call that changed no file: when every one exits 0,
   * that is the evidence (a task that verifies or fixes nothing in existing code). None by default.
   */
  evidenceChecks: z
    .array(
      z.strictObject({
        name: z.string().min(1).optional(),
        argv: z.array(z.string()).min(1),
        timeoutMs: z.int().min(100).max(MAX_TIMER_MS).default(120_000),
      }),
    )
    .default([]),
  /** Deadline of one agent call; the process group is killed past it. */
  agentTimeoutMs: z.int().min(100).max(MAX_TIMER_MS).default(600_000),
  /** Weight of the LLM's confidence when an LLM is configured (the rest is the heuristic). */
  llmConfidenceWeight: score.default(0.5),
  /** Paths (relative to the workspace) ignored when looking for evidence. */
  evidenceIgnore: z
    .array(z.string())
    .default(['.git', 'node_modules', '__pycache__', '.claude', '.pytest_cache']),
  /**
   * How workspace changes are found after each agent call: `watch` (inotify names the changed paths: the
   * cost follows the changes) or `walk` (every file is stat'ed each time: the cost follows the workspace
   * size). `watch` falls back to `walk` by itself where inotify is not usable.
   */
  evidenceTracking: z.enum(['watch', 'walk']).default('watch'),
});

export type CoreConfigInput = z.input<typeof coreConfigSchema>;
export type CoreConfig = z.output<typeof coreConfigSchema>;
