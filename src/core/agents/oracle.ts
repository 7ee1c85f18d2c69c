import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { type Agent, zeroUsage } from './types.js';

/** A reference solution for one task: a folder copied into the workspace and/or files written. */
export interface TaskSolution {
  dir?: string;
  files?: Record<string, string>;
}

export interface OracleAgentOptions {
  /** The solution of a task, by its scenario key (or title when it has no key); undefined: none. */
  solutionFor: (task: { key?: string; title: string }) => TaskSolution | undefined;
}

/**
 * Applies the scenario's reference solution to the workspace. A scenario the oracle cannot pass is
 * broken: it proves every shipped scenario is passable.
 */
export function createOracleAgent(options: OracleAgentOptions): Agent {
  return {
    kind: 'oracle',
    reportsSessionId: true,
    ownFiles: [],
    async run(request) {
      const started = performance.now();
      const solution = options.solutionFor(request.task);
      const written: string[] = [];
      if (solution?.dir) {
        cpSync(solution.dir, request.cwd, { recursive: true });
        written.push(`${solution.dir}/`);
      }
      for (const [path, content] of Object.entries(solution?.files ?? {})) {
        const target = resolve(request.cwd, path);
        const rel = relative(request.cwd, target);
        if (rel.startsWith('..') || isAbsolute(rel)) {
          throw new Error(`oracle agent: solution file "${path}" resolves outside the workspace`);
        }
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, content);
        written.push(path);
      }
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
