/**
 * The harness's own reading of what an agent process printed and how it was started: Claude Code's
 * `--output-format json` result object (or the generic `{result|text, session_id, usage}` of a command
 * agent) and the flags of its command line. Written apart from the core's parser (claude-result.ts) on
 * purpose: it is the witness the core's interaction rows are compared with. Pure.
 */

/** An agent's result object, as printed. */
export interface PrintedResult {
  /** `result`, else `text`, else the `errors` joined with "; " (what the reply of an error is). */
  text: string;
  sessionId: string | undefined;
  usage: { input: number; output: number; cacheCreation: number; cacheRead: number; costUsd: number };
  numTurns: number;
  isError: boolean;
  subtype: string | undefined;
  terminalReason: string | undefined;
}

/** The last result object in stdout (one JSON object, an array of messages, or JSON lines). */
export function readPrintedResult(stdout: string): PrintedResult | undefined {
  const object = lastResultObject(stdout.trim());
  if (object === undefined) return undefined;
  const usage = isRecord(object.usage) ? object.usage : {};
  const errors = Array.isArray(object.errors) ? object.errors.map(String).join('; ') : '';
  return {
    text: str(object.result) ?? str(object.text) ?? errors,
    sessionId: str(object.session_id),
    usage: {
      input: count(usage.input_tokens),
      output: count(usage.output_tokens),
      cacheCreation: count(usage.cache_creation_input_tokens),
      cacheRead: count(usage.cache_read_input_tokens),
      costUsd: count(object.total_cost_usd),
    },
    numTurns: count(object.num_turns),
    isError: object.is_error === true,
    subtype: str(object.subtype),
    terminalReason: str(object.terminal_reason),
  };
}

/**
 * The error subtype an interaction must carry for a printed result (docs/DETECTION.md): max turns first
 * (subtype error_max_turns or terminal_reason max_turns), then a terminal reason other than completed,
 * then a subtype other than success, then "error" for any other is_error; a clean result with a non-zero
 * exit is `exit_<code>`; none otherwise.
 */
export function expectedErrorSubtype(result: PrintedResult, exitCode: number | null): string | undefined {
  const classified = classify(result);
  if (classified !== undefined) return classified;
  return exitCode !== 0 && exitCode !== null ? `exit_${exitCode}` : undefined;
}

function classify(result: PrintedResult): string | undefined {
  if (!result.isError && result.subtype === 'success') return undefined;
  if (result.subtype === 'error_max_turns' || result.terminalReason === 'max_turns') return 'error_max_turns';
  if (result.terminalReason !== undefined && result.terminalReason !== 'completed')
    return result.terminalReason;
  if (result.subtype !== undefined && result.subtype !== 'success') return result.subtype;
  return result.isError ? 'error' : undefined;
}

/** What a Claude Code command line says: the prompt, the session and how it is used, the caps. */
export interface ClaudeCommandLine {
  prompt: string | undefined;
  /** `--session-id` starts a conversation, `--resume` continues one. */
  sessionFlag: '--session-id' | '--resume' | undefined;
  sessionId: string | undefined;
  maxTurns: number | undefined;
  model: string | undefined;
  outputFormat: string | undefined;
  /** `--dangerously-skip-permissions`, or the value of `--permission-mode`. */
  permission: string | undefined;
}

/** Reads Claude Code's flags wherever they sit in argv (a sandbox puts `docker exec ...` before them). */
export function readClaudeCommandLine(argv: readonly string[]): ClaudeCommandLine {
  const value = (flag: string) => {
    const at = argv.indexOf(flag);
    return at >= 0 ? argv[at + 1] : undefined;
  };
  const resume = value('--resume');
  const fresh = value('--session-id');
  const turns = value('--max-turns');
  return {
    prompt: value('-p') ?? value('--print'),
    sessionFlag: fresh !== undefined ? '--session-id' : resume !== undefined ? '--resume' : undefined,
    sessionId: fresh ?? resume,
    maxTurns: turns !== undefined && /^\d+$/.test(turns) ? Number(turns) : undefined,
    model: value('--model'),
    outputFormat: value('--output-format'),
    permission: argv.includes('--dangerously-skip-permissions')
      ? 'bypassPermissions'
      : value('--permission-mode'),
  };
}

/**
 * The values a command agent's argv template received ({{prompt}}, {{sessionId}}, {{maxTurns}},
 * {{resume}}, {{workspace}}), read back by matching the launched argv against the scenario's template.
 * Undefined when they do not line up (another argv).
 */
export function readTemplatedArgv(
  template: readonly string[],
  argv: readonly string[],
): Record<string, string> | undefined {
  const offset = argv.length - template.length;
  if (offset < 0) return undefined;
  const values: Record<string, string> = {};
  for (const [i, part] of template.entries()) {
    const actual = argv[offset + i] as string;
    const names = [...part.matchAll(/\{\{(prompt|sessionId|workspace|maxTurns|resume)\}\}/g)].map(
      (m) => m[1]!,
    );
    if (names.length === 0) {
      if (actual !== part) return undefined;
      continue;
    }
    if (names.length === 1 && part === `{{${names[0]}}}`) values[names[0]!] = actual;
  }
  return values;
}

function lastResultObject(text: string): Record<string, unknown> | undefined {
  if (text === '') return undefined;
  const whole = parse(text);
  if (Array.isArray(whole)) return lastOf(whole);
  if (isRecord(whole)) {
    const known = whole.type === 'result' || 'result' in whole || 'text' in whole || 'session_id' in whole;
    return known ? whole : undefined;
  }
  return lastOf(text.split('\n').map((line) => parse(line.trim())));
}

function lastOf(items: unknown[]): Record<string, unknown> | undefined {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i];
    if (isRecord(item) && item.type === 'result') return item;
  }
  return undefined;
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const count = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
