import { readFileSync } from 'node:fs';
import type { MetricName, ResolvedPath } from '../scenario/index.js';
import { errorMessage, tooLarge } from '../shared/index.js';
import { CheckError } from './types.js';

/**
 * A metric's value in a baseline file `{ "metrics": { "<metric>": number } }`. A missing file, bad JSON
 * or a missing metric cannot be judged: CheckError saying how to create or fix the baseline.
 */
export function readBaseline(file: ResolvedPath, metric: MetricName): number {
  const create = `create it with --update-baseline, or by hand as { "metrics": { "${metric}": <value> } }`;
  const large = tooLarge(file.path, 16 * 1024 * 1024, 'a baseline file');
  if (large) throw new CheckError(`baseline ${file.written} ${large}; ${create}`);
  let text: string;
  try {
    text = readFileSync(file.path, 'utf8');
  } catch (error) {
    throw new CheckError(`baseline ${file.written} cannot be read (${errorMessage(error)}); ${create}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CheckError(
      `baseline ${file.written} is not valid JSON (${errorMessage(error)}); fix it or ${create}`,
    );
  }
  const metrics = (parsed as { metrics?: unknown } | null)?.metrics;
  const value =
    metrics !== null && typeof metrics === 'object'
      ? (metrics as Record<string, unknown>)[metric]
      : undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new CheckError(
      `baseline ${file.written} has no number at metrics.${metric} (got ${JSON.stringify(value) ?? 'nothing'}); add it, or ${create}`,
    );
  }
  return value;
}
