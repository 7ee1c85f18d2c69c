/** Exit codes of obra-validate (docs: README "Exit codes"). One table, used by every command. */
export const ExitCode = {
  /** The gate passed. */
  Passed: 0,
  /** The gate failed: a scenario failed, a regression, a required scenario missing. */
  GateFailed: 1,
  /** Usage, scenario or config error: nothing ran. */
  UsageError: 2,
  /** Could not judge: infrastructure (a server would not start, preflight, a harness bug). */
  CouldNotJudge: 3,
  /** Interrupted by Ctrl+C (SIGINT). */
  Interrupted: 130,
} as const;

export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
