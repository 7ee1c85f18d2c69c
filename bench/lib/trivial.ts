import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { scenariosDir } from './paths.js';

export const TRIVIAL_SCENARIO = join(scenariosDir, 'trivial.yaml');

/** The argv of the trivial agent, read from the scenario so the bare baselines spawn exactly it. */
export function trivialArgv(): string[] {
  const scenario = parse(readFileSync(TRIVIAL_SCENARIO, 'utf8')) as { agent: { argv: string[] } };
  return scenario.agent.argv;
}
