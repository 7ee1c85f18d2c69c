import type { ScenarioFs } from './file-system.js';
import { type DocPath, formatPath, type ScenarioProblem } from './problem.js';
import type { Scenario } from './types.js';
import type { Locate, Position } from './yaml-source.js';

/** A problem a rule found, before it is placed in the file. */
export interface ProblemDraft {
  /** Where in the document: a path (located in the YAML), or already formatted text with `at`. */
  path: DocPath | string;
  /** Position, when `path` is text or the rule knows better (a generated task's generator). */
  at?: Position;
  message: string;
  value?: unknown;
  hint?: string;
}

/** What a semantic rule sees. Rules only read; they report problems through `report`. */
export interface RuleContext {
  scenario: Scenario;
  /** The project root every scenario path is relative to. */
  rootDir: string;
  fs: ScenarioFs;
  report: (draft: ProblemDraft) => void;
}

/** A named semantic rule over one normalized scenario. */
export type ScenarioRule = (context: RuleContext) => void;

/** Turns a draft into a problem of `file`, locating document paths with `locate`. */
export function placeDraft(draft: ProblemDraft, file: string, locate: Locate): ScenarioProblem {
  const textPath = typeof draft.path === 'string';
  const position = draft.at ?? (textPath ? { line: 0, col: 0 } : locate(draft.path as DocPath));
  return {
    file,
    ...position,
    path: textPath ? (draft.path as string) : formatPath(draft.path as DocPath),
    message: draft.message,
    ...(draft.value === undefined ? {} : { value: draft.value }),
    ...(draft.hint === undefined ? {} : { hint: draft.hint }),
  };
}
