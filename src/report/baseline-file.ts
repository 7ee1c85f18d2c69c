import { existsSync, readFileSync } from 'node:fs';
import { z } from 'zod';
import { type OwnedFileKind, tooLarge, UserError, writeFileAtomic } from '../shared/index.js';
import type { Baseline } from './types.js';

const verdict = z.enum(['passed', 'failed', 'flaky', 'error', 'blocked', 'skipped']);
const count = z.number().finite().min(0);
/** The marker of a baseline file: its first key, `"format": "obra-validate-baseline"`, with `version`. */
export const BASELINE_FORMAT = 'obra-validate-baseline';

/** A baseline file: replaced by `--update-baseline` only when it carries the marker. */
export const baselineFileKind: OwnedFileKind = {
  what: 'an obra-validate baseline',
  marker: `"format": "${BASELINE_FORMAT}"`,
  isOurs: (head) => /^\s*\{\s*"format"\s*:\s*"obra-validate-baseline"/.test(head),
};

const baselineSchema = z.object({
  format: z.literal(BASELINE_FORMAT).optional(),
  version: z.literal(1),
  runId: z.string(),
  createdAt: z.string(),
  scenarios: z.record(
    z.string(),
    z.object({
      verdict,
      passAt1: z.number().min(0).max(1).nullable(),
      metrics: z.object({
        p50TaskMs: count,
        p95TaskMs: count,
        totalTokens: count,
        costUsd: count,
        iterations: count,
        agentCalls: count,
        errors: count,
      }),
    }),
  ),
});

/** Checks parsed JSON against the baseline format; the message names the file, the field and the fix. */
export function parseBaseline(data: unknown, file: string): Baseline {
  const version = (data as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > 1) {
    throw new UserError(
      `${file} is a baseline of version ${version}, written by a newer obra-validate (this one reads version 1). Upgrade obra-validate or write the baseline again with --update-baseline.`,
      'OBRA_BASELINE_INVALID',
    );
  }
  const result = baselineSchema.safeParse(data);
  if (result.success) return result.data as Baseline;
  const issue = result.error.issues[0]!;
  const where = issue.path.length > 0 ? issue.path.map(String).join('.') : '(the document)';
  throw new UserError(
    `${file} is not an obra-validate baseline: ${where}: ${issue.message}. Write one with \`npx obra-validate --update-baseline ${file}\`.`,
    'OBRA_BASELINE_INVALID',
  );
}

/** Baseline files larger than this are refused before reading. */
export const MAX_BASELINE_BYTES = 16 * 1024 * 1024;

/** Reads a baseline file (JSON). A missing, oversized or malformed file is a UserError. */
export function readBaseline(path: string): Baseline {
  if (!existsSync(path)) {
    throw new UserError(
      `no baseline at ${path}. Create it from a good run with \`npx obra-validate --update-baseline ${path}\`.`,
      'OBRA_BASELINE_MISSING',
    );
  }
  const large = tooLarge(path, MAX_BASELINE_BYTES, 'a baseline file');
  if (large) {
    throw new UserError(
      `${path} ${large}; a baseline holds one summary per scenario: write it again with --update-baseline.`,
      'OBRA_BASELINE_INVALID',
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new UserError(
      `${path} is not valid JSON (${(error as Error).message}). Write it again with --update-baseline.`,
      'OBRA_BASELINE_INVALID',
    );
  }
  return parseBaseline(data, path);
}

/**
 * Writes a baseline file atomically (a temporary file, then a rename), creating its folder; the marker
 * comes first. Refuses (UserError) a path that holds anything but a baseline file: a file without the
 * marker, a folder, a link.
 */
export function writeBaseline(path: string, baseline: Baseline): void {
  const marked: Baseline = { ...baseline, format: BASELINE_FORMAT };
  const { format, ...rest } = marked;
  writeFileAtomic(path, `${JSON.stringify({ format, ...rest }, null, 2)}\n`, baselineFileKind);
}
