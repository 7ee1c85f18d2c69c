import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { type OwnedFileKind, refusalToWrite, UserError } from '../shared/index.js';

/**
 * Commander argument parsers for paths, checked while the command line is parsed, before anything
 * runs: a file where a file is read, a folder where a folder is written, and never a file of the
 * user's where obra-validate writes one (refusalToWrite). Paths resolve from `cwd`.
 */

type Found = 'missing' | 'file' | 'directory' | 'other' | 'below a file';

function kindOf(path: string): Found {
  try {
    const info = statSync(path);
    return info.isFile() ? 'file' : info.isDirectory() ? 'directory' : 'other';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOTDIR' ? 'below a file' : 'missing';
  }
}

function refuse(flag: string, value: string, problem: string, fix: string): never {
  throw new InvalidArgumentError(`${flag} "${value}" ${problem}; ${fix}`);
}

/** A file that exists and is read (`--config`, `--baseline`, `--cassette`); `what` names what to give. */
export function existingFile(flag: string, cwd: string, what: string, whenMissing = '') {
  return (value: string): string => {
    if (value.trim() === '') refuse(flag, value, 'is empty', `give the path of ${what}`);
    const found = kindOf(resolve(cwd, value));
    if (found === 'missing') refuse(flag, value, 'does not exist', `give the path of ${what}${whenMissing}`);
    if (found === 'directory') refuse(flag, value, 'is a directory', `give the path of ${what} in it`);
    if (found === 'other' || found === 'below a file') {
      refuse(flag, value, 'is not a regular file', `give the path of ${what}`);
    }
    return value;
  };
}

/**
 * A file obra-validate writes (`--update-baseline`, `model-server --log`, `--out` of a recording):
 * new, or a file of `kind` that obra-validate wrote; never a folder, a link or the user's own file.
 */
export function outputFile(flag: string, cwd: string, kind: OwnedFileKind) {
  return (value: string): string => {
    const problem = outputFileProblem(flag, value, cwd, kind);
    if (problem !== undefined) throw new InvalidArgumentError(problem);
    return value;
  };
}

/** outputFile's check where the kind is known only once the command runs (before it writes): a UserError. */
export function assertOutputFile(flag: string, value: string, cwd: string, kind: OwnedFileKind): void {
  const problem = outputFileProblem(flag, value, cwd, kind);
  if (problem !== undefined) throw new UserError(problem, 'OBRA_WRITE_REFUSED');
}

function outputFileProblem(
  flag: string,
  value: string,
  cwd: string,
  kind: OwnedFileKind,
): string | undefined {
  if (value.trim() === '') return `${flag} "${value}" is empty; give the path of the file to write`;
  const refusal = refusalToWrite(resolve(cwd, value), kind);
  return refusal === undefined ? undefined : `${flag} "${value}" ${refusal}.`;
}

/** A folder obra-validate writes into (`--reports-dir`, `report --out`): new, or a folder. */
export function outputDir(flag: string, cwd: string, example: string) {
  return (value: string): string => {
    if (value.trim() === '') refuse(flag, value, 'is empty', `give a folder, e.g. ${flag} ${example}`);
    const found = kindOf(resolve(cwd, value));
    if (found === 'file' || found === 'other') {
      refuse(
        flag,
        value,
        'is a file, not a folder',
        `give a folder (new or existing), e.g. ${flag} ${example}`,
      );
    }
    if (found === 'below a file') {
      refuse(
        flag,
        value,
        'cannot be created: a folder on its path is a file',
        `give a folder, e.g. ${flag} ${example}`,
      );
    }
    return value;
  };
}
