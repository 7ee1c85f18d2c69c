import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadScenarios, type Scenario } from '../scenario/index.js';
import { packageVersion } from '../shared/index.js';
import { assessDoctor, type DoctorAssessment } from './assess.js';
import { formatDoctor } from './format.js';
import {
  ollamaUrl,
  type Probe,
  probeBinary,
  probeClaude,
  probeContainerRuntime,
  probeLaunchHost,
  probeNode,
  probeOllama,
} from './probes.js';

export interface DoctorResult {
  probes: Probe[];
  assessment: DoctorAssessment;
  text: string;
  exitCode: 0 | 3;
}

/** The default scenarios folder, as the run command uses it. */
const DEFAULT_SCENARIOS = 'scenarios';

/**
 * Probes what this machine offers (Node, the claude binary, python3 and every binary the default
 * scenarios require, a container runtime, a reachable Ollama) and says what each missing piece blocks.
 */
export async function runDoctor(options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<DoctorResult> {
  const { cwd, env } = options;
  const scenariosFound = existsSync(join(cwd, DEFAULT_SCENARIOS));
  let scenarios: Scenario[] = [];
  let loadProblems = 0;
  if (scenariosFound) {
    const loaded = await loadScenarios([DEFAULT_SCENARIOS], { rootDir: cwd });
    scenarios = loaded.scenarios;
    loadProblems = loaded.problems.length;
  }
  const binaries = [...new Set(['python3', ...scenarios.flatMap((s) => s.requires)])];
  const probes: Probe[] = [
    probeNode(),
    probeClaude(env),
    probeLaunchHost(env),
    ...binaries.map((b) => probeBinary(b, env)),
    await probeContainerRuntime(env),
    await probeOllama(env),
  ];
  const url = ollamaUrl(env);
  const assessment = assessDoctor(probes, scenarios, url);
  const text = formatDoctor(
    { version: packageVersion(), cwd, scenariosDir: `${DEFAULT_SCENARIOS}/`, scenariosFound, loadProblems },
    assessment,
  );
  return { probes, assessment, text, exitCode: assessment.exitCode };
}
