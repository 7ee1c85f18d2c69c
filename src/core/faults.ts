import { didYouMean, UserError } from '../shared/index.js';

/**
 * The test-only fault switch. Each fault puts one bug class of the Python original back into the core,
 * so the project's own tests can prove that the harness catches it (docs/DETECTION.md). It is off unless
 * the environment variable below names a fault, and this is the ONLY place that reads it: once, when
 * createOrchestrator builds its context; the value travels from there in `OrchestratorContext.fault`.
 * Never set it outside tests: a run with a fault injected is meant to fail.
 */
export const FAULT_ENV = 'OBRA_VALIDATE_INJECT_FAULT';

/** Every fault the switch knows, with the bug of the original it puts back. */
export const FAULTS = {
  'quality-attribute':
    'the quality verdict is read through a field QualityResult does not have (`passes_gate`, the original read `.gate`): the gate reads undefined',
  'standalone-no-session':
    'executeTask calls the agent without creating its session row first ("Session not found" in the original)',
  'missing-llm-method':
    'the confidence scorer calls a method the LLM interface does not have (`send_prompt`)',
  'bool-for-dict': "the task's result is stored as a bool where the result object (a dict) is expected",
  'session-reuse':
    'every iteration of a task passes the same --session-id again instead of a new session (or --resume)',
  'feedback-dropped': 'the feedback of earlier iterations never reaches the next prompt',
  'completion-without-evidence':
    "a task is marked completed on the agent's word: no judgement, no file changes recorded",
  'interactions-not-persisted': 'agent calls are not written to the interactions table',
  'transaction-broken':
    'a unit of work is begun on the store connection and never committed: every later write vanishes',
  'turn-cap-low': 'the --max-turns cap is 1, too low to finish a task, and cannot be raised',
} as const;

export type Fault = keyof typeof FAULTS;

export const FAULT_NAMES = Object.keys(FAULTS) as Fault[];

/**
 * The fault named by OBRA_VALIDATE_INJECT_FAULT, or undefined (the normal case: empty or unset).
 * An unknown name is a UserError naming the known ones.
 */
export function readInjectedFault(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Fault | undefined {
  const value = env[FAULT_ENV]?.trim();
  if (!value) return undefined;
  if (Object.hasOwn(FAULTS, value)) return value as Fault;
  throw new UserError(
    `${FAULT_ENV}=${JSON.stringify(value)} is not a known fault.${didYouMean(value, FAULT_NAMES)} Known faults: ${FAULT_NAMES.join(', ')}. Unset it for a normal run.`,
    'OBRA_FAULT_UNKNOWN',
  );
}
