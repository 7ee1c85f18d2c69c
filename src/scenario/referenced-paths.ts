import type { DocPath } from './problem.js';
import type { ResolvedPath, Scenario } from './types.js';
import type { Position } from './yaml-source.js';

/** A path a scenario refers to, where it is written, and what must be there. */
export interface PathRef {
  ref: ResolvedPath;
  /** Document path, or formatted text plus `at` for paths inside generated tasks. */
  path: DocPath | string;
  at?: Position;
  expect: 'file' | 'dir' | 'any';
  /** A golden input pattern: only its folder must exist (the matching is checked separately). */
  glob?: boolean;
}

/** Every project-root-relative path of a scenario: cassette, workspace, solutions, copy_in, baselines, inputs. */
export function referencedPaths(scenario: Scenario): PathRef[] {
  const refs: PathRef[] = [];
  const agent = scenario.agent;
  if ((agent.kind === 'claude-code' || agent.kind === 'command') && agent.cassette) {
    refs.push({ ref: agent.cassette, path: ['agent', 'cassette'], expect: 'file' });
  }
  if (scenario.workspace) refs.push({ ref: scenario.workspace, path: ['workspace'], expect: 'dir' });
  if (scenario.solution?.dir)
    refs.push({ ref: scenario.solution.dir, path: ['solution', 'dir'], expect: 'dir' });
  for (const task of scenario.tasks) {
    if (task.solution?.dir) {
      refs.push({
        ref: task.solution.dir,
        path: `${task.source}.solution.dir`,
        at: task.location,
        expect: 'dir',
      });
    }
  }
  for (const check of scenario.checks) {
    const at = (...rest: (string | number)[]): DocPath => ['checks', check.index, ...rest];
    if ((check.kind === 'command' || check.kind === 'golden') && check.copyIn) {
      refs.push({ ref: check.copyIn, path: at('copy_in'), expect: 'any' });
    }
    if (check.kind === 'golden') {
      refs.push({ ref: check.baseline, path: at('baseline'), expect: 'dir' });
      check.inputs.forEach((input, j) => {
        refs.push({ ref: input, path: at('inputs', j), expect: 'file', glob: true });
      });
    }
    if (check.kind === 'metric' && check.baseline) {
      refs.push({ ref: check.baseline, path: at('baseline'), expect: 'file' });
    }
  }
  return refs;
}
