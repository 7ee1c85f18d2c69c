import { createHash, randomBytes } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { Scenario } from '../scenario/index.js';
import {
  errorMessage,
  InfrastructureError,
  machineFaultOf,
  makeDirs,
  withMachineFix,
} from '../shared/index.js';

/** A sortable, unique run id: 20261125-064012-a1b2. */
export function newRunId(now = new Date()): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}-${randomBytes(2).toString('hex')}`;
}

/** What manifest.json records (writeManifest). */
export interface ManifestInput {
  runId: string;
  versions: Record<string, string>;
  scenarios: readonly Scenario[];
  options: Record<string, unknown>;
  env: NodeJS.ProcessEnv;
}

/** A run directory made for a run that has not begun yet (no run_begin written). */
export interface StartingRunDir {
  runDir: string;
  /**
   * Removes the directory when this run made it: a run that could not even begin (a full disk, a
   * read-only one) leaves no folder behind, and no 0-byte manifest.json that view, report and
   * --resume would then refuse. A directory that was there before (--resume) is kept.
   */
  abandon(): void;
}

/**
 * Creates reports/<runId> and, for a new run, its manifest.json (written whole or not at all). On a
 * machine fault the directory this call made is removed again, and an InfrastructureError names the
 * folder, the error code and the fix.
 */
export function startRunDir(
  reportsDir: string,
  runId: string,
  manifest: ManifestInput | undefined,
): StartingRunDir {
  const runDir = join(reportsDir, runId);
  const existed = existsSync(runDir);
  const abandon = () => {
    if (existed) return;
    try {
      rmSync(runDir, { recursive: true, force: true });
    } catch {
      // Nothing could be written there either (a read-only file system): nothing to clean.
    }
  };
  try {
    createRunDir(reportsDir, runId);
    if (manifest) writeManifest(runDir, manifest);
  } catch (error) {
    abandon();
    const message = errorMessage(error);
    throw new InfrastructureError(
      machineFaultOf(error)
        ? `cannot write the run directory under ${reportsDir}: ${withMachineFix(message, error)}`
        : `cannot write the run directory under ${reportsDir}: ${message}. Check that it is writable and the disk is not full.`,
      'OBRA_RUN_DIR',
      { cause: error },
    );
  }
  return { runDir, abandon };
}

/** Creates reports/<runId>; a directory that cannot be written is reported with its path. */
export function createRunDir(reportsDir: string, runId: string): string {
  const runDir = join(reportsDir, runId);
  try {
    makeDirs(runDir);
  } catch (error) {
    throw whyUnwritable(runDir) ?? error;
  }
  return runDir;
}

/**
 * The real reason a folder cannot be created: a recursive mkdir reports ENOENT on a read-only file
 * system, so ask the nearest existing ancestor whether it is writable (EROFS, EACCES, ENOTDIR).
 */
function whyUnwritable(dir: string): Error | undefined {
  let ancestor = dirname(dir);
  while (!existsSync(ancestor) && dirname(ancestor) !== ancestor) ancestor = dirname(ancestor);
  try {
    accessSync(ancestor, constants.W_OK);
    if (!statSync(ancestor).isDirectory()) return new Error(`ENOTDIR: ${ancestor} is a file, not a folder`);
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

/** Points reports/latest at the run (a relative symlink, replaced atomically). */
export function linkLatest(reportsDir: string, runId: string): void {
  const link = join(reportsDir, 'latest');
  const temp = join(reportsDir, `.latest-${process.pid}-${randomBytes(3).toString('hex')}`);
  symlinkSync(runId, temp);
  try {
    renameSync(temp, link);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * manifest.json: versions, scenario hashes, flags, and the NAMES of the environment variables the run
 * saw (never their values: secrets must not reach any file). Written whole or not at all.
 */
export function writeManifest(runDir: string, input: ManifestInput): void {
  const manifest = {
    runId: input.runId,
    createdAt: new Date().toISOString(),
    versions: input.versions,
    platform: { os: process.platform, arch: process.arch },
    options: input.options,
    scenarios: input.scenarios.map((s) => ({
      name: s.name,
      file: s.relFile,
      sha256: createHash('sha256').update(readFileSync(s.file)).digest('hex'),
    })),
    environmentVariableNames: Object.keys(input.env).sort(),
  };
  writeWhole(join(runDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Writes a file whole or not at all: a temporary file beside it, renamed over it once written. */
function writeWhole(path: string, text: string): void {
  const temp = `${path}.${process.pid}-${randomBytes(3).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, text);
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
