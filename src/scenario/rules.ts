import type { ScenarioRule } from './rule-context.js';
import { checksAreConsistent, regexesCompile, replayNeedsCassette, sqlIsReadOnly } from './rules-checks.js';
import {
  filePathsStayInWorkspace,
  goldenInputsMatch,
  pathsStayInRoot,
  referencedPathsExist,
} from './rules-paths.js';
import { ollamaContainerIsReal } from './rules-sandbox.js';
import {
  knownMilestonesAndLocks,
  knownTaskIds,
  noDependencyCycles,
  noDuplicateTaskIds,
} from './rules-tasks.js';
import { fixtureTreesStayInRoot, solutionFilesStayInWorkspace } from './rules-trees.js';

/**
 * The semantic rules over one normalized scenario, in reporting order. Each is a named function that
 * reports problems and never throws; rules across files are in rules-cross.ts.
 */
export const scenarioRules: readonly ScenarioRule[] = [
  noDuplicateTaskIds,
  knownTaskIds,
  knownMilestonesAndLocks,
  noDependencyCycles,
  pathsStayInRoot,
  referencedPathsExist,
  goldenInputsMatch,
  filePathsStayInWorkspace,
  fixtureTreesStayInRoot,
  solutionFilesStayInWorkspace,
  regexesCompile,
  sqlIsReadOnly,
  replayNeedsCassette,
  checksAreConsistent,
  ollamaContainerIsReal,
];
