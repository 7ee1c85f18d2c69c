import type { Scenario } from '../scenario/index.js';
import type { Probe, ProbeId } from './probes.js';

/** Which probes a scenario needs to run (pure). `ollamaUrl`: the Ollama the doctor probed. */
export function needsOf(scenario: Scenario, ollamaUrl: string): ProbeId[] {
  const needs: ProbeId[] = ['node'];
  if (scenario.agent.kind === 'claude-code') needs.push('claude');
  for (const binary of scenario.requires) needs.push(`bin:${binary}`);
  if (scenario.sandbox.kind === 'container') needs.push('container-runtime');
  if (scenario.llm.kind === 'ollama' && scenario.llm.container) needs.push('container-runtime');
  if (
    scenario.llm.kind === 'ollama' &&
    scenario.llm.endpoint &&
    sameOrigin(scenario.llm.endpoint, ollamaUrl)
  ) {
    needs.push('ollama');
  }
  return [...new Set(needs)];
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

export interface DoctorItem {
  probe: Probe;
  /** Names of the default scenarios this missing piece blocks (empty when ok). */
  blocks: string[];
  /** What the missing piece blocks in general, for the line under it. */
  blocksInGeneral: string;
}

export interface DoctorAssessment {
  items: DoctorItem[];
  /** Default scenarios that can run here, and those that cannot (with the probes they miss). */
  runnable: string[];
  blocked: { name: string; missing: string[] }[];
  /** 0: the default scenarios can run here; 3: they cannot (or obra-validate itself cannot). */
  exitCode: 0 | 3;
}

const IN_GENERAL: Record<string, string> = {
  node: 'everything: obra-validate does not support this Node version',
  claude:
    'scenarios with the claude-code agent (the default agent; the shipped scenarios and the init example): the run stops with exit 3',
  'launch-host':
    'nothing when only the native host is missing (runs start their agents from the Node launch host, about 1 ms slower per call); a bad OBRA_LAUNCH_HOST stops every run with exit 2',
  'container-runtime':
    'scenarios with `sandbox: container` or `llm: { kind: ollama, container: true }`: they are blocked',
  ollama:
    'scenarios whose llm endpoint is this Ollama (scenarios without an endpoint use the embedded model server)',
};

/**
 * What each missing piece blocks, for the scenarios of the default run (scenarios/*.yaml), and the
 * exit code (pure). With no default scenarios, the default agent (claude-code) stands for them.
 */
export function assessDoctor(
  probes: readonly Probe[],
  scenarios: readonly Scenario[],
  ollamaUrl: string,
): DoctorAssessment {
  const ok = new Map(probes.map((p) => [p.id, p.ok]));
  const needs = new Map(scenarios.map((s) => [s.name, needsOf(s, ollamaUrl)]));
  const runnable: string[] = [];
  const blocked: { name: string; missing: string[] }[] = [];
  for (const [name, ids] of needs) {
    const missing = ids.filter((id) => ok.get(id) === false);
    if (missing.length === 0) runnable.push(name);
    else blocked.push({ name, missing: missing.map((id) => labelOf(probes, id)) });
  }
  const items = probes.map((probe) => ({
    probe,
    blocks: probe.ok ? [] : [...needs].filter(([, ids]) => ids.includes(probe.id)).map(([name]) => name),
    blocksInGeneral:
      IN_GENERAL[probe.id] ?? `scenarios with \`requires: [${probe.label}]\`: they are blocked`,
  }));
  const coreOk = ok.get('node') !== false && (scenarios.length > 0 || ok.get('claude') !== false);
  return { items, runnable, blocked, exitCode: coreOk && blocked.length === 0 ? 0 : 3 };
}

function labelOf(probes: readonly Probe[], id: ProbeId): string {
  return probes.find((p) => p.id === id)?.label ?? id;
}
