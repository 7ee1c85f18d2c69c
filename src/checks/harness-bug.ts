import { errorMessage } from '../shared/index.js';

/** A check that threw something other than CheckError: a bug in obra-validate, reported with its stack. */
export function harnessBug(what: string, error: unknown): string {
  const stack = error instanceof Error && error.stack ? `\n${error.stack}` : '';
  return `harness bug (obra-validate, not the orchestrator) while evaluating ${what}: ${errorMessage(error)}; please report it with this stack${stack}`;
}
