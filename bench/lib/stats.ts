/** Median and spread of repeated measurements. Pure. */
export interface Summary {
  median: number;
  min: number;
  max: number;
  /** (max - min) / median: 0.1 means the repetitions spread over 10 % of the median. */
  spread: number;
  samples: number[];
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

export function summarize(samples: readonly number[]): Summary {
  const m = median(samples);
  const min = Math.min(...samples);
  const max = Math.max(...samples);
  return { median: m, min, max, spread: m === 0 ? 0 : (max - min) / Math.abs(m), samples: [...samples] };
}

/** Ratios of paired measurements (subject[i] / baseline[i]): each pair ran back to back. */
export function pairedRatios(subject: readonly number[], baseline: readonly number[]): number[] {
  return subject.map((s, i) => s / baseline[i]!);
}
