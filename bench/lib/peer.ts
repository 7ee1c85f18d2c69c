import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDir, peerDir } from './paths.js';
import { expectExit, runTimed } from './proc.js';

/** The newest promptfoo 0.120.x (`npm view promptfoo@0.120 version engines`); its engines include Node 20. */
export const PROMPTFOO_VERSION = '0.120.27';
export const promptfooEntry = join(peerDir, 'node_modules', 'promptfoo', 'dist', 'src', 'entrypoint.js');

function installedVersion(): string | undefined {
  const pkg = join(peerDir, 'node_modules', 'promptfoo', 'package.json');
  if (!existsSync(pkg)) return undefined;
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version?: string }).version;
}

/**
 * Setup step of figure 7: installs promptfoo into bench/.peer (git-ignored) for the benchmark only,
 * never into the project's package.json. Skipped when that version is already there.
 */
export async function ensurePeer(log: (message: string) => void): Promise<void> {
  if (installedVersion() === PROMPTFOO_VERSION && existsSync(promptfooEntry)) return;
  log(`  7: installing promptfoo@${PROMPTFOO_VERSION} into bench/.peer (once; takes a few minutes)...`);
  expectExit(
    'npm install --prefix bench/.peer',
    await runTimed(
      ['npm', 'install', '--prefix', peerDir, `promptfoo@${PROMPTFOO_VERSION}`, '--no-audit', '--no-fund'],
      { cwd: benchDir, timeoutMs: 30 * 60_000 },
    ),
  );
  if (installedVersion() !== PROMPTFOO_VERSION) {
    throw new Error(`bench/.peer: promptfoo ${PROMPTFOO_VERSION} is not there after npm install`);
  }
}
