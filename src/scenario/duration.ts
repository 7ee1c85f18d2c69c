/** Durations as written in scenarios: `"500ms"`, `"30s"`, `"1.5m"`, `"1h"`, or a number of milliseconds. */
export const DURATION_PATTERN = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/;

export const DURATION_HINT =
  'write a duration such as "500ms", "30s", "2m", "1h" or a number of milliseconds';

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;

/**
 * Milliseconds of a duration the schema accepted (a string matching DURATION_PATTERN or an integer).
 * Returns undefined for anything else, so callers never get NaN.
 */
export function durationMs(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : undefined;
  const match = DURATION_PATTERN.exec(value.trim());
  if (!match) return undefined;
  const unit = match[2] as keyof typeof UNIT_MS;
  return Math.round(Number(match[1]) * UNIT_MS[unit]);
}
