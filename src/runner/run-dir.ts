import { createHash, randomBytes } from 'node:crypto';
import {
  accessSync,
  constants,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import type { Scenario } from '../scenario/index.js';

/** A sortable, unique run id: 20261125-064012-a1b2. */
export function newRunId(now = new Date()): string {
  const iso = now.toISOString();
  return `${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}-${randomBytes(2).toString('hex')}`;
}

/** Creates reports/<runId>; a directory that cannot be written is reported with its path. */
export function createRunDir(reportsDir: string, runId: string): string {
  const runDir = join(reportsDir, runId);
  try {
    mkdirSync(runDir, { recursive: true });
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
 * saw (never their values: secrets must not reach any file).
 */
export function writeManifest(
  runDir: string,
  input: {
    runId: string;
    versions: Record<string, string>;
    scenarios: readonly Scenario[];
    options: Record<string, unknown>;
    env: NodeJS.ProcessEnv;
  },
): void {
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
  writeFileSync(join(runDir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}
