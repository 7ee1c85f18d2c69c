import { z } from 'zod';
import { DURATION_HINT, DURATION_PATTERN } from './duration.js';

/** Building blocks shared by the scenario schema's parts. Keys are snake_case, as written in YAML. */

const DURATION_MESSAGE = `must be a duration; ${DURATION_HINT}`;

/** `"30s"` or a positive number of milliseconds. */
export const durationSchema = z
  .union([
    z.int({ error: DURATION_MESSAGE }).min(1, { error: DURATION_MESSAGE }),
    z.string({ error: DURATION_MESSAGE }).regex(DURATION_PATTERN, { error: DURATION_MESSAGE }),
  ])
  .describe('A duration: "500ms", "30s", "2m", "1h", or a number of milliseconds.');

/** A non-empty string. */
export const text = () => z.string().min(1);

/** A path relative to the project root (rootDir). */
export const rootPath = (what: string) => text().describe(`${what}, relative to the project root.`);

/** One string or a list of strings (normalized to a list). */
export const oneOrMany = (description: string) =>
  z.union([z.string(), z.array(z.string())]).describe(description);

export const positiveInt = () => z.int().min(1);
export const nonNegativeInt = () => z.int().min(0);
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
