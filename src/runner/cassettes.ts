import { type Cassette, CassetteError, type CassetteProblem, loadCassette } from '../model-server/index.js';
import type { ResolvedPath, Scenario } from '../scenario/index.js';
import { agentKindOf } from './build-agent.js';

/** The cassette an attempt of `scenario` plays on the embedded model server, or undefined when none runs. */
export function cassetteInUse(
  scenario: Scenario,
  override: 'oracle' | 'null' | undefined,
): ResolvedPath | undefined {
  const kind = agentKindOf(scenario, override);
  const cassette = 'cassette' in scenario.agent ? scenario.agent.cassette : undefined;
  const needsServer = kind !== 'oracle' && kind !== 'null' && cassette !== undefined;
  const needsLlmServer = scenario.llm.kind !== 'heuristic' && scenario.llm.endpoint === undefined;
  return needsServer || needsLlmServer ? cassette : undefined;
}

/**
 * Loads every cassette the planned attempts will play, before anything runs, so a broken cassette is
 * bad input (one CassetteError listing every problem with file:line:col, exit 2) rather than an attempt
 * that errors halfway through the run. Names in messages are as written in the scenario.
 */
export async function preloadCassettes(
  scenarios: readonly Scenario[],
  override: 'oracle' | 'null' | undefined,
): Promise<Map<string, Cassette>> {
  const loaded = new Map<string, Cassette>();
  const problems: CassetteProblem[] = [];
  for (const scenario of scenarios) {
    const cassette = cassetteInUse(scenario, override);
    if (!cassette || loaded.has(cassette.path)) continue;
    try {
      loaded.set(cassette.path, await loadCassette(cassette.path, cassette.written));
    } catch (error) {
      if (!(error instanceof CassetteError)) throw error;
      if (!problems.some((p) => p.file === cassette.written)) problems.push(...error.problems);
    }
  }
  if (problems.length > 0) throw new CassetteError(problems);
  return loaded;
}
