import { MAX_TIMER_MS } from '../shared/index.js';

/**
 * Upper bounds of the counts and durations a scenario (and the flags that override them) may ask for:
 * what the project supports and measures, so a typo such as `generate: 9007199254740991` is refused at
 * its line and column instead of exhausting memory. README "Limits" lists them with these reasons.
 */

/**
 * Tasks one scenario may expand to (each `generate:`, `--scale`, and all of a scenario's tasks
 * together): ten times the largest run the benchmark measures (10,000 tasks: 115 MB peak, about a
 * minute; docs/PERFORMANCE.md figure 3). Loading 100,000 generated tasks takes under a second and about 60 MB.
 */
export const MAX_TASKS = 100_000;

/** Attempts per scenario (`repeat:`, `--repeat`): each has its own workspace, database and logs on disk. */
export const MAX_REPEAT = 1_000;

/**
 * Agents at once within an attempt (`concurrency:`, `--concurrency`): each is a process (Claude Code
 * takes about 200 MB); the same bound as `workers:` (MAX_WORKERS, src/report/gate-config.ts).
 */
export const MAX_CONCURRENCY = 64;

/** Iterations of one task (`max_iterations:` of a task or a check): the core's own bound (maxIterations). */
export const MAX_ITERATIONS = 100;

/** `--max-turns` of one agent call (`agent.max_turns`). */
export const MAX_TURNS = 10_000;

/**
 * Counts compared with what an attempt did, never allocated (`budgets.turns`, `budgets.tokens`,
 * `min_tests`, row and call counts, `max_tokens`): 10^9, about 40 times the tokens of a 10,000-task run.
 */
export const MAX_COUNT = 1_000_000_000;

/** Every duration (`budgets.wall`, `task_wall`, timeouts, `busy_timeout`): the longest Node.js timer. */
export const MAX_DURATION_MS = MAX_TIMER_MS;

/** MAX_DURATION_MS as written in messages. */
export const MAX_DURATION_TEXT = '2147483647 ms (about 596 h, 24.8 days)';
