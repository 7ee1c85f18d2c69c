import { z } from 'zod';
import { DURATION_HINT, DURATION_PATTERN, durationMs } from './duration.js';
import { MAX_DURATION_MS, MAX_DURATION_TEXT } from './limits.js';

/** Building blocks shared by the scenario schema's parts. Keys are snake_case, as written in YAML. */

const DURATION_MESSAGE = `must be a duration; ${DURATION_HINT}`;
const DURATION_RANGE = `must be from 1 ms to ${MAX_DURATION_TEXT}: nothing finishes in 0 ms, and Node.js fires a longer timer at once`;

/** Whether a duration string the pattern accepts is within 1 ms..MAX_DURATION_MS (others: the pattern reports them). */
function durationInRange(value: string): boolean {
  const ms = durationMs(value);
  return ms === undefined || (ms >= 1 && ms <= MAX_DURATION_MS);
}

/** `"30s"` or a number of milliseconds, from 1 ms to MAX_DURATION_MS (the longest Node.js timer). */
export const durationSchema = z
  .union([
    z
      .int({ error: DURATION_MESSAGE })
      .min(1, { error: DURATION_RANGE })
      .max(MAX_DURATION_MS, { error: DURATION_RANGE }),
    z
      .string({ error: DURATION_MESSAGE })
      .regex(DURATION_PATTERN, { error: DURATION_MESSAGE })
      .refine(durationInRange, { error: DURATION_RANGE }),
  ])
  .describe(
    `A duration: "500ms", "30s", "2m", "1h", or a number of milliseconds; from 1 ms to ${MAX_DURATION_TEXT}, the longest Node.js timer.`,
  );

/** A non-empty string. */
export const text = () => z.string().min(1);

/** A path relative to the project root (rootDir). */
export const rootPath = (what: string) => text().describe(`${what}, relative to the project root.`);

/** One string or a list of strings (normalized to a list). */
export const oneOrMany = (description: string) =>
  z.union([z.string(), z.array(z.string())]).describe(description);

/** A whole number from 1 to `max` (src/scenario/limits.ts says why each bound). */
export const positiveInt = (max: number) => z.int().min(1).max(max);
/** A whole number from 0 to `max`. */
export const nonNegativeInt = (max: number) => z.int().min(0).max(max);
export const nonNegative = () => z.number().min(0);

export const SCENARIO_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]*$/;
export const TASK_ID_PATTERN = /^[A-Za-z0-9_-]+$/;

/** Template variables may appear in generated task ids: `stress-{{i}}`. */
export const TASK_ID_TEMPLATE_PATTERN = /^(?:[A-Za-z0-9_-]|\{\{\s*[A-Za-z_][A-Za-z0-9_]*\s*\}\})+$/;

/** Reference solution: a folder copied into the workspace and/or files written (templated). */
export const solutionSchema = z
  .strictObject({
    dir: rootPath('Folder copied into the workspace').optional(),
    files: z
      .record(z.string().min(1), z.string())
      .describe('Files written into the workspace: path → content; both may use task variables like {{i}}.')
      .optional(),
  })
  .describe('Reference solution applied by the oracle agent (`--agent oracle`).');
