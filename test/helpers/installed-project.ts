import { execFile, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { repoRoot } from './run-cli.js';

const run = promisify(execFile);

/** A project where obra-validate is installed from its `npm pack` tarball, as a user gets it from the registry. */
export interface InstalledProject {
  dir: string;
  /** The tarball installed (kept until cleanup, for listing its files). */
  tarball: string;
  /** The installed package's launcher: node_modules/obra-validate/bin/obra-validate.js. */
  cli: string;
  /** The installed Vitest's CLI. */
  vitest: string;
  cleanup: () => void;
}

/**
 * Packs this repository (`npm pack`, without running `prepare` again: `npm test` has just built dist/) and
 * installs the tarball and the same Vitest into an empty project with `npm install`. The npm cache that
 * `npm ci` filled serves the registry packages (--prefer-offline). better-sqlite3 gets this repository's
 * compiled binary through its own prebuild-install mechanism (`npm_config_better_sqlite3_local_prebuilds`),
 * which saves two minutes of compiling the same sources; everything else is installed as a user's would be.
 * No npm_* variable of the calling `npm test` reaches the child npm (they would point it at this repository).
 */
export async function installFromTarball(files: Record<string, string>): Promise<InstalledProject> {
  const scratch = mkdtempSync(join(tmpdir(), 'obra-validate-pack-'));
  const dir = join(scratch, 'project');
  mkdirSync(dir);
  for (const [path, text] of Object.entries(files)) writeFileSync(join(dir, path), text);
  const env = cleanEnv(scratch);
  const packed = await run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', scratch], {
    cwd: repoRoot,
    env,
    maxBuffer: 64 * 1024 * 1024,
  });
  const tarball = join(scratch, (JSON.parse(packed.stdout) as { filename: string }[])[0]!.filename);
  const vitestVersion = versionOf('vitest');
  await run(
    'npm',
    [
      'install',
      '--save-dev',
      '--prefer-offline',
      '--no-audit',
      '--no-fund',
      '--loglevel=error',
      tarball,
      `vitest@${vitestVersion}`,
    ],
    { cwd: dir, env, maxBuffer: 64 * 1024 * 1024, timeout: 600_000 },
  );
  const modules = join(dir, 'node_modules');
  return {
    dir,
    tarball,
    cli: join(modules, 'obra-validate', 'bin', 'obra-validate.js'),
    vitest: join(modules, 'vitest', 'vitest.mjs'),
    cleanup: () => rmSync(scratch, { recursive: true, force: true }),
  };
}

/** The calling environment without npm's script variables, plus the local prebuild of better-sqlite3. */
function cleanEnv(scratch: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^npm_/i.test(key)) env[key] = value;
  }
  return { ...env, npm_config_better_sqlite3_local_prebuilds: localPrebuild(scratch) };
}

/** A prebuild-install archive of this repository's compiled better_sqlite3.node, named as the package looks for it. */
function localPrebuild(scratch: string): string {
  const dir = join(scratch, 'prebuilds');
  mkdirSync(dir);
  const version = versionOf('better-sqlite3');
  const name = `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`;
  const packageDir = join(repoRoot, 'node_modules', 'better-sqlite3');
  // The archive holds build/Release/better_sqlite3.node, the layout prebuild-install unpacks.
  execFileSync('tar', ['czf', join(dir, name), 'build/Release/better_sqlite3.node'], { cwd: packageDir });
  return dir;
}

function versionOf(name: string): string {
  const manifest = join(repoRoot, 'node_modules', name, 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version: string }).version;
}
