import { InvalidArgumentError } from 'commander';

/**
 * Commander argument parsers for values that are not paths (src/cli/path-flags.ts has those). Each
 * runs while the command line is parsed, before anything runs, and names the flag, the value and the
 * fix; commander prefixes "error: option '--flag <x>' argument 'value' is invalid." and exits 2.
 */

/** Digits only: `1e3`, `0x10`, `1.5`, `-1`, ` 7` and `` are not whole numbers here. */
const DECIMAL = /^[0-9]+$/;

/**
 * A whole number written in decimal digits, from `min` to `max`; `why` says where the bound comes from
 * (shown in the message, and in --help and the README).
 */
export function wholeNumber(flag: string, min: number, max: number, why: string) {
  return (value: string): number => {
    const n = DECIMAL.test(value) ? Number(value) : Number.NaN;
    if (!(n >= min && n <= max)) {
      throw new InvalidArgumentError(
        `${flag} must be a whole number from ${min} to ${max}, in decimal digits (${why}); got "${value}". Example: ${flag} ${Math.min(max, Math.max(min, 4))}`,
      );
    }
    return n;
  };
}

/** A value that must not be empty (or only blanks); `what` says what to give instead. */
export function nonEmpty(flag: string, what: string) {
  return (value: string): string => {
    if (value.trim() === '') {
      throw new InvalidArgumentError(`${flag} "${value}" is empty; give ${what}`);
    }
    return value;
  };
}

/** A non-empty JavaScript regular expression. */
export function regex(flag: string) {
  return (value: string): string => {
    nonEmpty(
      flag,
      'a regular expression, e.g. calculator|stress (leave the flag out to run everything)',
    )(value);
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

/** The most shards a run may be split into (a CI matrix of jobs; GitHub Actions allows 256). */
export const MAX_SHARDS = 1_000;

/** `--shard INDEX/TOTAL`, both in decimal digits, 1 ≤ INDEX ≤ TOTAL ≤ MAX_SHARDS. */
export function shard(value: string): { index: number; total: number } {
  const match = /^([0-9]+)\/([0-9]+)$/.exec(value);
  const index = Number(match?.[1]);
  const total = Number(match?.[2]);
  if (!match || total < 1 || index < 1 || index > total || total > MAX_SHARDS) {
    throw new InvalidArgumentError(
      `--shard must be INDEX/TOTAL in decimal digits with 1 ≤ INDEX ≤ TOTAL ≤ ${MAX_SHARDS}; got "${value}". Example: --shard 1/3`,
    );
  }
  return { index, total };
}

/** A share between 0 and 1 written as a decimal (gate rates): `0.9`, `1`, `.5`; not `9e-1` or `0x1`. */
export function rate(flag: string) {
  return (value: string): number => {
    const n = /^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$/.test(value) ? Number(value) : Number.NaN;
    if (!(n >= 0 && n <= 1)) {
      throw new InvalidArgumentError(
        `${flag} must be a number between 0 and 1 in decimal notation; got "${value}". Example: ${flag} 0.9`,
      );
    }
    return n;
  };
}

/** Comma-separated names, none empty: `--required calculator,stress`. */
export function nameList(flag: string) {
  return (value: string): string[] => {
    const names = value.split(',').map((n) => n.trim());
    if (names.some((n) => n === '')) {
      throw new InvalidArgumentError(
        `${flag} "${value}" has an empty name; give comma-separated scenario names, e.g. ${flag} calculator,stress`,
      );
    }
    return names;
  };
}

/** A TCP port, 0 (any free port) to 65535. */
export const port = wholeNumber('--port', 0, 65_535, 'a TCP port; 0 picks a free one');

/** The name of an environment variable: letters, digits and `_`, not starting with a digit. */
export function envName(flag: string) {
  return (value: string): string => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) {
      throw new InvalidArgumentError(
        `${flag} must be the name of an environment variable (letters, digits, "_"); got "${value}". Example: ${flag} ANTHROPIC_API_KEY`,
      );
    }
    return value;
  };
}

/** An http:// or https:// URL. */
export function httpUrl(flag: string) {
  return (value: string): string => {
    let url: URL | undefined;
    try {
      url = new URL(value);
    } catch {
      url = undefined;
    }
    if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
      throw new InvalidArgumentError(
        `${flag} must be an http:// or https:// URL; got "${value}". Example: ${flag} https://api.anthropic.com`,
      );
    }
    return value;
  };
}
