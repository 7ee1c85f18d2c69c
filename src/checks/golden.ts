import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { GoldenCheck } from '../scenario/index.js';
import { expandGlob } from '../scenario/index.js';
import type { AttemptContext } from './context.js';
import { copyIn } from './copy-in.js';
import { checksDir, writeEvidence } from './evidence.js';
import { diffExcerpt, normalizeNewlines } from './golden-diff.js';
import { errored, failed, passed, skipped } from './outcome.js';
import { describeExit, runShell, type ShellOutcome } from './shell.js';
import { lastLine, listSome, quote, shellQuote, shorten } from './text.js';
import type { CheckEvaluator, CheckOutcome } from './types.js';

/** Inputs run at once (each in its own process group). */
const PARALLEL = 4;

/** How many differing inputs get a diff excerpt in `actual`. */
const MAX_DIFFS = 3;

interface InputResult {
  input: string;
  name: string;
  baselineFile: string;
  outcome: ShellOutcome;
  /** Absent baseline file; otherwise whether stdout matched it. */
  verdict: 'missing' | 'same' | 'differs';
  /** Saved stdout (`<input>.out`, exactly) and stderr (`<input>.err`, when any) of a miss. */
  evidence: string[];
}

const inputPatterns = (check: GoldenCheck) => check.inputs.map((p) => p.written).join(', ');

async function runInput(check: GoldenCheck, ctx: AttemptContext, input: string): Promise<InputResult> {
  const name = basename(input);
  const baselineFile = join(check.baseline.path, `${name}.out`);
  const outcome = await runShell(check.command.replaceAll('{{input}}', shellQuote(input)), {
    cwd: ctx.workspace,
    tmpParent: checksDir(ctx),
    timeoutMs: check.timeoutMs,
    ...(ctx.signal ? { signal: ctx.signal } : {}),
    ...(ctx.wrap ? { wrap: ctx.wrap } : {}),
  });
  const save = () => {
    const base = join(checksDir(ctx), `checks-${check.index}`, name);
    const out = writeEvidence(`${base}.out`, outcome.stdout, Number.MAX_SAFE_INTEGER);
    return outcome.stderr === '' ? [out] : [out, writeEvidence(`${base}.err`, outcome.stderr)];
  };
  if (!existsSync(baselineFile))
    return { input, name, baselineFile, outcome, verdict: 'missing', evidence: save() };
  const same =
    !outcome.timedOut &&
    normalizeNewlines(outcome.stdout) === normalizeNewlines(readFileSync(baselineFile, 'utf8'));
  return same
    ? { input, name, baselineFile, outcome, verdict: 'same', evidence: [] }
    : { input, name, baselineFile, outcome, verdict: 'differs', evidence: save() };
}

/** The diff excerpt of one differing input, with how the command ended when that explains it. */
function excerpt(result: InputResult): string {
  const { outcome } = result;
  const ended = outcome.timedOut
    ? ' (timed out)'
    : outcome.exitCode === 0
      ? ''
      : ` (${describeExit(outcome)}${lastLine(outcome.stderr) ? `: ${lastLine(outcome.stderr)}` : ''})`;
  const baseline = readFileSync(result.baselineFile, 'utf8');
  return `${result.name}${ended}\n${diffExcerpt(baseline, outcome.stdout)}`;
}

/** Names the missing baseline file(s) and says how to create one. */
function missingMessage(check: GoldenCheck, missing: readonly InputResult[]): string {
  const first = missing[0]!;
  const more =
    missing.length > 1
      ? ` (and ${missing.length - 1} more: ${listSome(missing.slice(1).map((m) => `${m.name}.out`))})`
      : '';
  const command = check.command.replaceAll('{{input}}', shellQuote(first.input));
  return `missing baseline file ${check.baseline.written}/${first.name}.out${more}; create it from a run you trust: in the workspace, ${command} > ${first.baselineFile} (this attempt's output is saved as evidence: review it before copying it there)`;
}

async function evaluate(check: GoldenCheck, ctx: AttemptContext): Promise<CheckOutcome> {
  if (check.copyIn) copyIn(check.copyIn, ctx.workspace, ctx.rootDir);
  const inputs = [...new Set(check.inputs.flatMap((pattern) => expandGlob(pattern.path)))];
  const expected = `stdout of ${quote(check.command)} equals ${check.baseline.written}/<input>.out for every input of ${inputPatterns(check)}`;
  if (inputs.length === 0) {
    return errored(
      expected,
      `inputs ${inputPatterns(check)} match no file; fix checks[${check.index}].inputs`,
    );
  }
  const results: InputResult[] = [];
  for (let at = 0; at < inputs.length; at += PARALLEL) {
    results.push(
      ...(await Promise.all(inputs.slice(at, at + PARALLEL).map((input) => runInput(check, ctx, input)))),
    );
  }
  for (const result of results) {
    if (result.outcome.spawnError) {
      return errored(
        expected,
        `could not start sh -c ${quote(check.command)}: ${result.outcome.spawnError.message}`,
      );
    }
    if (result.outcome.aborted)
      return skipped(expected, 'the run was interrupted while the golden command ran');
  }
  const evidence = results.flatMap((r) => r.evidence);
  const missing = results.filter((r) => r.verdict === 'missing');
  const differing = results.filter((r) => r.verdict === 'differs');
  const differMessage = `${differing.length} of ${results.length} inputs differ: ${listSome(differing.map((r) => r.name))}`;
  if (missing.length > 0) {
    const also = differing.length > 0 ? `; also ${differMessage}` : '';
    return errored(expected, `${missingMessage(check, missing)}${also}`, evidence);
  }
  if (differing.length === 0) {
    return passed(
      expected,
      results.length === 1 ? 'the input matches' : `all ${results.length} inputs match`,
    );
  }
  const diffs = differing.slice(0, MAX_DIFFS).map(excerpt);
  if (differing.length > MAX_DIFFS) diffs.push(`… and ${differing.length - MAX_DIFFS} more differing inputs`);
  return failed(expected, diffs.join('\n\n'), differMessage, { findingKind: 'golden_mismatch', evidence });
}

/** `golden`: a command's stdout per input file, byte for byte against a baseline folder. */
export const goldenCheck: CheckEvaluator<GoldenCheck> = {
  title: (check) => `golden ${shorten(check.command, 80)} on ${inputPatterns(check)}`,
  evaluate,
};
