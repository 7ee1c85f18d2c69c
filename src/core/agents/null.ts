import { type Agent, zeroUsage } from './types.js';

/** Does nothing and says so. A scenario that passes with this agent checks nothing real. */
export function createNullAgent(): Agent {
  return {
    kind: 'null',
    reportsSessionId: true,
    ownFiles: [],
    async run(request) {
      return {
        text: 'I did not do anything.',
        sessionId: request.sessionId,
        usage: zeroUsage(),
        numTurns: 1,
        isError: false,
        errorSubtype: undefined,
        terminalReason: 'completed',
        exitCode: 0,
        durationMs: 0,
        argv: ['null'],
        stdoutPath: undefined,
        stderrPath: undefined,
      };
    },
  };
}
