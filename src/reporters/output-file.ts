import { join, resolve } from 'node:path';
import { type OwnedFileKind, writeFileAtomic } from '../shared/index.js';

/** Where file reporters write, shared by all of them. */
export interface OutputOptions {
  /** Directory for every output file (`--out`). @default the run directory */
  outDir?: string;
  /** Read for OBRA_VALIDATE_<NAME>_OUTPUT_FILE. @default {} */
  env?: Readonly<Record<string, string | undefined>>;
  /** Relative paths resolve from here. @default process.cwd() */
  cwd?: string;
}

/** `OBRA_VALIDATE_JUNIT_OUTPUT_FILE` for `junit`. */
export const outputFileEnvName = (reporter: string): string =>
  `OBRA_VALIDATE_${reporter.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_OUTPUT_FILE`;

/**
 * A file reporter's output path, resolved the same way for every reporter: the `--out` directory,
 * else the OBRA_VALIDATE_<NAME>_OUTPUT_FILE environment variable, else the run directory.
 */
export function resolveOutputFile(
  reporter: string,
  fileName: string,
  options: OutputOptions,
  runDir: string,
): string {
  const cwd = options.cwd ?? process.cwd();
  if (options.outDir !== undefined) return resolve(cwd, options.outDir, fileName);
  const fromEnv = options.env?.[outputFileEnvName(reporter)];
  if (fromEnv) return resolve(cwd, fromEnv);
  return join(runDir, fileName);
}

/**
 * Writes a whole output file atomically (a temporary file, then a rename), creating its folder.
 * Refuses (UserError) a path that holds anything but a file of `kind` that obra-validate wrote: the
 * user's own file, a folder, a link (src/shared/safe-write.ts).
 */
export function writeOutputFile(path: string, text: string, kind: OwnedFileKind): void {
  try {
    writeFileAtomic(path, text, kind);
  } catch (error) {
    // A full disk fails the write to an open file, whose error names no path: name the output's.
    const errno = error as NodeJS.ErrnoException;
    if (error instanceof Error && typeof errno.code === 'string' && errno.path === undefined)
      errno.path = path;
    throw error;
  }
}
