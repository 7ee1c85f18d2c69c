import { cpSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ResolvedPath } from '../scenario/index.js';
import { errorMessage } from '../shared/index.js';
import { CheckError } from './types.js';

/**
 * Copies hidden files into the workspace after the agent stopped: a folder's contents go to the
 * workspace root, a file keeps its name. A missing source or a failed copy cannot be judged: CheckError.
 */
export function copyIn(source: ResolvedPath, workspace: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(source.path).isDirectory();
  } catch (error) {
    throw new CheckError(
      `copy_in ${source.written} cannot be read (${errorMessage(error)}); fix the path in the scenario (it is relative to the project root)`,
    );
  }
  try {
    if (isDir) cpSync(source.path, workspace, { recursive: true, force: true });
    else cpSync(source.path, join(workspace, basename(source.path)), { force: true });
  } catch (error) {
    throw new CheckError(
      `copy_in ${source.written} could not be copied into the workspace ${workspace}: ${errorMessage(error)}`,
    );
  }
}
