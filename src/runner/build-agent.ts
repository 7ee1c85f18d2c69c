import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  type Agent,
  type CommandRuntime,
  type CommandWrapper,
  createAgent,
  createLlm,
  type LlmConfig,
  type LlmProvider,
  type LogWriter,
  type ProcessLauncher,
  type ProcessTracker,
  type TaskSolution,
} from '../core/index.js';
import { renderTemplate, type Scenario } from '../scenario/index.js';
import { createRedactor, withoutSecrets } from '../shared/index.js';

export interface AgentSetup {
  scenario: Scenario;
  override: 'oracle' | 'null' | undefined;
  attemptDir: string;
  /** The embedded model server's URL, when one runs for this attempt. */
  modelServerUrl: string | undefined;
  tracker: ProcessTracker;
  /** What starts the attempt's processes (the run's launch host). @default spawned from this process */
  launcher?: ProcessLauncher;
  env: NodeJS.ProcessEnv;
  /** `sandbox: container`: the agent's commands run in the container. */
  wrap?: CommandWrapper;
  /** `sandbox: container`: the claude binary as mounted in the container. */
  claudeBinary?: string;
  /** What writes the agent's log files (the attempt's deferred writer). @default written at once */
  logWriter?: LogWriter;
  /** The project root: links in an oracle's solution dir may lead only inside it. */
  rootDir?: string;
}

/**
 * How the core runs the scenario's evidence checks (orchestrator.evidence_checks): like the agent, in
 * the attempt's own HOME and TMPDIR, without secret-named variables, tracked, sandboxed and redacted.
 */
export function evidenceCommands(setup: ProcessSetup): CommandRuntime {
  const { home, tmpDir, runtime } = attemptProcesses(setup);
  mkdirSync(home, { recursive: true });
  mkdirSync(tmpDir, { recursive: true });
  return { env: { ...withoutSecrets(setup.env), HOME: home, TMPDIR: tmpDir }, ...runtime };
}

type ProcessSetup = Pick<AgentSetup, 'attemptDir' | 'tracker' | 'launcher' | 'env' | 'wrap'>;

/**
 * What every process of an attempt (its agent, its evidence checks) shares: the attempt's HOME and
 * TMPDIR folders, process tracking, the sandbox, and redaction of the run's secrets (secrets never
 * reach a file).
 */
function attemptProcesses(setup: ProcessSetup) {
  return {
    home: join(setup.attemptDir, 'agent-home'),
    tmpDir: join(setup.attemptDir, 'tmp'),
    runtime: {
      tracker: setup.tracker,
      launcher: setup.launcher,
      redact: createRedactor(setup.env),
      ...(setup.wrap ? { wrap: setup.wrap } : {}),
    },
  };
}

export type AgentKindRun = 'claude-code' | 'command' | 'oracle' | 'null';

export function agentKindOf(scenario: Scenario, override: 'oracle' | 'null' | undefined): AgentKindRun {
  return override ?? scenario.agent.kind;
}

/** The core agent for a scenario's attempt: its own HOME, TMPDIR and logs under the attempt directory. */
export function buildAgent(setup: AgentSetup): Agent {
  const { scenario, attemptDir } = setup;
  const kind = agentKindOf(scenario, setup.override);
  // Secrets never reach a file: the agent's output and logs are redacted, and its environment holds no
  // secret-named variable unless it talks to a live model (the key it needs is then passed explicitly).
  const shared = attemptProcesses(setup);
  const { home, tmpDir } = shared;
  const runtime = {
    logDir: join(attemptDir, 'logs'),
    ...shared.runtime,
    ...(setup.logWriter ? { logWriter: setup.logWriter } : {}),
  };
  const baseEnv = withoutSecrets(setup.env);
  if (kind === 'oracle')
    return createAgent({
      kind: 'oracle',
      solutionFor: (task) => solutionFor(scenario, task.key),
      // Links in a solution dir are copied as what they point to, like the workspace fixture's.
      ...(setup.rootDir === undefined ? {} : { linkRoot: setup.rootDir }),
    });
  if (kind === 'null') return createAgent({ kind: 'null' });
  const spec = scenario.agent;
  if (spec.kind === 'claude-code') {
    return createAgent({
      kind: 'claude-code',
      ...runtime,
      ...(setup.claudeBinary ? { binary: setup.claudeBinary } : {}),
      home,
      tmpDir,
      model: spec.model,
      ...(setup.modelServerUrl ? { baseUrl: setup.modelServerUrl } : {}),
      ...(spec.permissionMode ? { permissionMode: spec.permissionMode } : {}),
      baseEnv,
      ...(spec.model === 'replay'
        ? {}
        : setup.env.ANTHROPIC_API_KEY
          ? { apiKey: setup.env.ANTHROPIC_API_KEY }
          : {}),
    });
  }
  if (spec.kind === 'command') {
    mkdirSync(home, { recursive: true });
    mkdirSync(tmpDir, { recursive: true });
    const serverEnv: Record<string, string> = setup.modelServerUrl
      ? {
          ANTHROPIC_BASE_URL: setup.modelServerUrl,
          OPENAI_BASE_URL: `${setup.modelServerUrl}/v1`,
          OLLAMA_HOST: setup.modelServerUrl,
          OBRA_MODEL_SERVER_URL: setup.modelServerUrl,
        }
      : {};
    return createAgent({
      kind: 'command',
      ...runtime,
      argv: spec.argv,
      result: spec.result,
      env: { HOME: home, TMPDIR: tmpDir, ...serverEnv, ...spec.env },
      // A command agent of a live model (model set, not "replay") keeps the keys it may need.
      baseEnv: spec.model !== undefined && spec.model !== 'replay' ? setup.env : baseEnv,
    });
  }
  throw new Error(`unreachable agent kind ${kind}`);
}

/** The reference solution of a task: its own, else the scenario's, with the task's template variables filled. */
export function solutionFor(scenario: Scenario, key: string | undefined): TaskSolution | undefined {
  const task = scenario.tasks.find((t) => t.id === key);
  const solution = task?.solution ?? scenario.solution;
  if (!solution) return undefined;
  const vars = task?.vars ?? {};
  const files = Object.fromEntries(
    Object.entries(solution.files).map(([path, content]) => [
      renderTemplate(path, vars),
      renderTemplate(content, vars),
    ]),
  );
  return { ...(solution.dir ? { dir: solution.dir.path } : {}), files };
}

/**
 * The scenario's LLM provider; an omitted endpoint means the container Ollama when the scenario starts
 * one (`containerEndpoint`), else the embedded model server.
 */
export function buildLlm(
  scenario: Scenario,
  modelServerUrl: string | undefined,
  env: NodeJS.ProcessEnv,
  containerEndpoint?: string,
): LlmProvider | undefined {
  const spec = scenario.llm;
  if (spec.kind === 'heuristic') return undefined;
  const endpoint = spec.endpoint ?? containerEndpoint ?? modelServerUrl;
  if (endpoint === undefined) {
    throw new Error(
      `scenario ${scenario.name}: llm ${spec.kind} has no endpoint and no cassette for the embedded model server`,
    );
  }
  const tuning = {
    ...(spec.retries === undefined ? {} : { retries: spec.retries }),
    ...(spec.timeoutMs === undefined ? {} : { timeoutMs: spec.timeoutMs }),
  };
  const config: LlmConfig =
    spec.kind === 'ollama'
      ? { kind: 'ollama', model: spec.model, endpoint, ...tuning }
      : { kind: 'openai', model: spec.model, endpoint: spec.endpoint ?? `${endpoint}/v1`, ...tuning };
  return createLlm(config, { env });
}
