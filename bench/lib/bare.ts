import { mkdirSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { benchDir } from './paths.js';
import { expectExit, runTimed, type Timed } from './proc.js';
import { discard } from './trash.js';

/** The bare baseline: `bench/lib/bare-spawn.mjs` spawns argv `count` times, `concurrency` at a time. */
export async function runBareSpawn(options: {
  argv: readonly string[];
  count: number;
  concurrency: number;
  workDir: string;
}): Promise<Timed> {
  mkdirSync(options.workDir, { recursive: true });
  const cwd = mkdtempSync(join(options.workDir, 'bare-'));
  try {
    const config = JSON.stringify({
      argv: options.argv,
      count: options.count,
      concurrency: options.concurrency,
      cwd,
    });
    return expectExit(
      'bare spawn loop',
      await runTimed([process.execPath, join(benchDir, 'lib', 'bare-spawn.mjs'), config], { cwd }),
    );
  } finally {
    discard(cwd, options.workDir);
  }
}
