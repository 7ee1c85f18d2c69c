import { resolve } from 'node:path';
import { CassetteError, loadCassette } from '../model-server/index.js';
import { formatProblems, loadScenarios } from '../scenario/index.js';
import { cassetteInUse } from './cassettes.js';

/** What `obra-validate check` found: how much it loaded, and every problem as printed lines. */
export interface CheckFilesResult {
  scenarios: number;
  cassettes: number;
  /** Scenario problems then cassette problems, each already `file:line:col path message`. */
  problems: string[];
}

/**
 * Loads the scenarios under `paths` and every cassette they play, as a run would before it starts, and
 * runs nothing: no workspace, no run directory, no agent. A scenario with problems cannot name its
 * cassette reliably, so only the cassettes of the scenarios that loaded are read.
 */
export async function checkFiles(
  paths: readonly string[],
  options: { rootDir: string },
): Promise<CheckFilesResult> {
  const rootDir = resolve(options.rootDir);
  const { scenarios, problems } = await loadScenarios(paths, { rootDir });
  const lines = problems.length > 0 ? formatProblems(problems).split('\n') : [];
  const seen = new Set<string>();
  for (const scenario of scenarios) {
    const cassette = cassetteInUse(scenario, undefined);
    if (!cassette || seen.has(cassette.path)) continue;
    seen.add(cassette.path);
    try {
      await loadCassette(cassette.path, cassette.written);
    } catch (error) {
      if (!(error instanceof CassetteError)) throw error;
      lines.push(...error.message.split('\n'));
    }
  }
  return { scenarios: scenarios.length, cassettes: seen.size, problems: lines };
}
