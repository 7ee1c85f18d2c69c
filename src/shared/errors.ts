/**
 * The three failure classes of obra-validate, mapped once to exit codes by the CLI:
 * - UserError: bad input (flags, scenario files, config): message only, exit 2.
 * - InfrastructureError: the harness could not judge (a server would not start, preflight): exit 3.
 * - anything else is a harness bug: printed with its stack.
 * A failing orchestrator is a verdict, never an exception.
 */
export class UserError extends Error {
  override readonly name = 'UserError';
  constructor(
    message: string,
    readonly code: string = 'OBRA_USAGE',
  ) {
    super(message);
  }
}

export class InfrastructureError extends Error {
  override readonly name = 'InfrastructureError';
  constructor(
    message: string,
    readonly code: string = 'OBRA_INFRASTRUCTURE',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
