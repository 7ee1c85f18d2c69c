import type { AgentResult } from '../agents/index.js';

export type ResponseProblemKind = 'agent_error' | 'max_turns' | 'empty' | 'no_work' | 'session_mismatch';

export interface ResponseProblem {
  kind: ResponseProblemKind;
  message: string;
}

export interface ResponseValidation {
  /** True when the reply can be judged on its merits (no agent error, not empty, right session). */
  valid: boolean;
  problems: ResponseProblem[];
}

/** Phrases of a reply that did no work ("I'm not sure what to do", "could you clarify"). */
const NO_WORK = [
  /\bnot sure what (to do|you want)\b/i,
  /\bI (can(no|')t|am unable to|was unable to|could not|couldn't)\b/i,
  /\bcould you (please )?clarify\b/i,
  /\bI did not do anything\b/i,
  /\bneed more (information|details)\b/i,
];

export interface ValidateResponseOptions {
  /** The session id passed to the agent. */
  expectedSessionId: string;
  /** False for agents that cannot echo a session id (then no mismatch can be seen). */
  reportsSessionId: boolean;
}

/** First stage of the pipeline: is the agent's reply well-formed enough to judge? Pure. */
export function validateResponse(result: AgentResult, options: ValidateResponseOptions): ResponseValidation {
  const problems: ResponseProblem[] = [];
  if (options.reportsSessionId && result.sessionId !== options.expectedSessionId) {
    problems.push({
      kind: 'session_mismatch',
      message: `the agent reported session "${result.sessionId ?? '(none)'}", not the "${options.expectedSessionId}" it was given`,
    });
  }
  if (result.errorSubtype === 'error_max_turns') {
    problems.push({
      kind: 'max_turns',
      message: `the agent hit its turn cap after ${result.numTurns} turns`,
    });
  } else if (result.isError) {
    problems.push({
      kind: 'agent_error',
      message: `the agent reported an error (${result.errorSubtype ?? 'error'}): ${result.text.slice(0, 300)}`,
    });
  }
  if (!result.isError && result.text.trim() === '') {
    problems.push({ kind: 'empty', message: 'the agent replied with no text' });
  }
  if (!result.isError && NO_WORK.some((re) => re.test(result.text))) {
    problems.push({
      kind: 'no_work',
      message: `the reply says no work was done: "${result.text.slice(0, 200)}"`,
    });
  }
  const blocking = problems.some((p) => p.kind !== 'no_work');
  return { valid: !blocking, problems };
}
