import { statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { ResolvedPath } from '../scenario/index.js';
import { copyInside, errorMessage, UnsafePathError } from '../shared/index.js';
import { CheckError } from './types.js';

/**
 * Copies hidden files into the workspace after the agent stopped: a folder's contents go to the
 * workspace root, a file keeps its name; symlinks are copied as what they point to, and one leading
 * outside the project root is refused. A missing source or a failed copy cannot be judged: CheckError.
 */
export function copyIn(source: ResolvedPath, workspace: string, rootDir: string): void {
  let isDir: boolean;
  try {
    isDir = statSync(source.path).isDirectory();
  } catch (error) {
    throw new CheckError(
      `copy_in ${source.written} cannot be read (${errorMessage(error)}); fix the path in the scenario (it is relative to the project root)`,
    );
  }
  try {
    copyInside(source.path, isDir ? workspace : join(workspace, basename(source.path)), rootDir);
  } catch (error) {
    if (error instanceof UnsafePathError) throw new CheckError(`copy_in ${source.written}: ${error.message}`);
    throw new CheckError(
      `copy_in ${source.written} could not be copied into the workspace ${workspace}: ${errorMessage(error)}`,
    );
  }
}
