import { InvalidArgumentError } from 'commander';

/** Commander argument parsers that name the value and the fix (exit 2 through commander). */
export function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) {
      throw new InvalidArgumentError(
        `${flag} must be a whole number ≥ 1; got "${value}". Example: ${flag} 4`,
      );
    }
    return n;
  };
}

export function regex(flag: string) {
  return (value: string): string => {
    try {
      new RegExp(value);
    } catch (error) {
      throw new InvalidArgumentError(
        `${flag} must be a regular expression; got "${value}" (${(error as Error).message})`,
      );
    }
    return value;
  };
}

export function shard(value: string): { index: number; total: number } {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const total = Number(match?.[2]);
  if (!match || total < 1 || index < 1 || index > total) {
    throw new InvalidArgumentError(
      `--shard must be INDEX/TOTAL with 1 ≤ INDEX ≤ TOTAL; got "${value}". Example: --shard 1/3`,
    );
  }
  return { index, total };
}

/** A share between 0 and 1 (gate rates). */
export function rate(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) {
      throw new InvalidArgumentError(
        `${flag} must be a number between 0 and 1; got "${value}". Example: ${flag} 0.9`,
      );
    }
    return n;
  };
}
