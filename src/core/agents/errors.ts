import { constants } from 'node:os';

/**
 * Why an agent call produced no usable result. A result the agent itself reports as an error (is_error,
 * error_max_turns) is an AgentResult with isError, not an AgentError.
 */
export type AgentErrorKind =
  | 'binary_missing'
  | 'spawn_failed'
  | 'timeout'
  | 'aborted'
  | 'non_json_output'
  | 'exit_nonzero'
  | 'bad_result';

export class AgentError extends Error {
  override readonly name = 'AgentError';
  constructor(
    readonly kind: AgentErrorKind,
    message: string,
    readonly details: {
      argv: string[];
      exitCode?: number | null;
      stderrExcerpt?: string;
      stdoutExcerpt?: string;
      durationMs?: number;
    },
  ) {
    super(message);
  }
}

/** How a process ended, for messages: `exit code 3`, or `killed by SIGKILL (exit status 137)`. */
export function exitStatus(exitCode: number | null, signal: NodeJS.Signals | null): string {
  if (exitCode !== null || signal === null) return `exit code ${exitCode ?? 'unknown'}`;
  const number = constants.signals[signal];
  return `killed by ${signal}${number === undefined ? '' : ` (exit status ${128 + number})`}`;
}

/** The last `max` characters of a stream, for error messages. */
export function excerpt(text: string, max = 800): string {
  const trimmed = text.trim();
  return trimmed.length <= max ? trimmed : `...${trimmed.slice(trimmed.length - max)}`;
}

/** argv as shown in events and errors: the prompt is replaced by its length. */
export function displayArgv(argv: readonly string[], prompt: string): string[] {
  return argv.map((a) => (a === prompt && prompt.length > 0 ? `<prompt: ${prompt.length} chars>` : a));
}
