import type { Scenario } from '../scenario/index.js';
import { detectContainerRuntime } from './container-runtime.js';

/** What in the scenario needs a container runtime, or undefined. Pure. */
export function containerNeed(scenario: Scenario): string | undefined {
  const needs: string[] = [];
  if (scenario.sandbox.kind === 'container') needs.push(`sandbox: container (${scenario.sandbox.image})`);
  if (scenario.llm.kind === 'ollama' && scenario.llm.container) {
    needs.push(`llm: { kind: ollama, container: true } (${scenario.llm.container.image})`);
  }
  return needs.length > 0 ? needs.join(' and ') : undefined;
}

/** Why a scenario that needs containers is blocked here (no runtime answers), or undefined. */
export async function containerBlockReason(
  scenario: Scenario,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  const need = containerNeed(scenario);
  if (need === undefined) return undefined;
  const runtime = await detectContainerRuntime(env);
  if (runtime.available) return undefined;
  return `${need} needs a container runtime: ${runtime.reason}. Fix: ${runtime.hint}`;
}
