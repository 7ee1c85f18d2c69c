import { applySolution, type TaskSolution } from './solution-files.js';
import { type Agent, zeroUsage } from './types.js';

export type { TaskSolution } from './solution-files.js';

export interface OracleAgentOptions {
  /** The solution of a task, by its scenario key (or title when it has no key); undefined: none. */
  solutionFor: (task: { key?: string; title: string }) => TaskSolution | undefined;
  /**
   * The folder a link in a solution dir may lead into (the project root); the link is copied as what
   * it points to, one leading elsewhere is refused. @default the solution dir itself
   */
  linkRoot?: string;
}

/**
 * Applies the scenario's reference solution to the workspace (only inside it: solution-files.ts). A
 * scenario the oracle cannot pass is broken: it proves every shipped scenario is passable.
 */
export function createOracleAgent(options: OracleAgentOptions): Agent {
  return {
    kind: 'oracle',
    reportsSessionId: true,
    ownFiles: [],
    async run(request) {
      const started = performance.now();
      const solution = options.solutionFor(request.task);
      const written = solution ? applySolution(solution, request.cwd, options.linkRoot) : [];
      const text = solution
        ? `Applied the reference solution for "${request.task.title}": ${written.join(', ') || 'nothing to write'}.`
        : `No reference solution is declared for "${request.task.title}".`;
      return {
        text,
        sessionId: request.sessionId,
        usage: zeroUsage(),
        numTurns: 1,
        isError: false,
        errorSubtype: undefined,
        terminalReason: 'completed',
        exitCode: 0,
        durationMs: Math.round(performance.now() - started),
        argv: ['oracle', request.task.key ?? request.task.title],
        stdoutPath: undefined,
        stderrPath: undefined,
      };
    },
  };
}
