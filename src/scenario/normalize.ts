import { resolve } from 'node:path';
import { durationMs } from './duration.js';
import { expandTasks, solution } from './expand-tasks.js';
import { normalizeCheck } from './normalize-checks.js';
import type { DocPath, SourceLocation } from './problem.js';
import type { ScenarioParsed } from './schema.js';
import { DEFAULT_OLLAMA_IMAGE, DEFAULT_SANDBOX_IMAGE } from './schema-sandbox.js';
import type {
  AgentSpec,
  Budgets,
  LlmSpec,
  ResolvedPath,
  SandboxSpec,
  Scenario,
  StoreSpec,
  Thresholds,
} from './types.js';

export interface NormalizeContext {
  /** Absolute path of the scenario file. */
  file: string;
  /** The file as shown in messages. */
  relFile: string;
  /** The project root: every path of the scenario is relative to it. */
  rootDir: string;
  /** Overrides every generator's count. */
  scale?: number;
  locationOf: (path: DocPath) => SourceLocation;
}

const DEFAULT_WALL_MS = 10 * 60_000;

/** Pure: fills defaults, camelCases keys, converts durations to ms, expands generators, resolves paths. */
export function normalizeScenario(parsed: ScenarioParsed, context: NormalizeContext): Scenario {
  const resolvePath = (written: string): ResolvedPath => ({
    written,
    path: resolve(context.rootDir, written),
  });
  const paths = { resolve: resolvePath, locationOf: context.locationOf };
  return {
    file: context.file,
    relFile: context.relFile,
    name: parsed.name,
    ...(parsed.description === undefined ? {} : { description: parsed.description }),
    tags: parsed.tags ?? [],
    requires: parsed.requires ?? [],
    needs: parsed.needs ?? [],
    agent: agentSpec(parsed.agent, resolvePath),
    llm: llmSpec(parsed.llm),
    sandbox: sandboxSpec(parsed.sandbox),
    orchestrator: parsed.orchestrator ?? {},
    ...(parsed.workspace === undefined ? {} : { workspace: resolvePath(parsed.workspace) }),
    ...(parsed.solution === undefined ? {} : { solution: solution(parsed.solution, {}, paths) }),
    tasks: expandTasks(parsed.tasks, {
      ...paths,
      ...(context.scale === undefined ? {} : { scale: context.scale }),
    }),
    milestones: (parsed.milestones ?? []).map((m) => ({
      id: m.id,
      name: m.name,
      description: m.description ?? '',
    })),
    store: storeSpec(parsed.store),
    budgets: budgets(parsed.budgets),
    repeat: parsed.repeat,
    concurrency: parsed.concurrency,
    checks: (parsed.checks ?? []).map((check, index) => normalizeCheck(check, index, paths)),
    thresholds: thresholds(parsed.thresholds),
  };
}

function agentSpec(agent: ScenarioParsed['agent'], resolvePath: (w: string) => ResolvedPath): AgentSpec {
  if (agent === undefined) return { kind: 'claude-code', model: 'replay' };
  const cassette = (written: string | undefined) =>
    written === undefined ? {} : { cassette: resolvePath(written) };
  switch (agent.kind) {
    case undefined:
    case 'claude-code':
      return {
        kind: 'claude-code',
        model: agent.model,
        ...cassette(agent.cassette),
        ...(agent.max_turns === undefined ? {} : { maxTurns: agent.max_turns }),
        ...(agent.permission_mode === undefined ? {} : { permissionMode: agent.permission_mode }),
      };
    case 'command':
      return {
        kind: 'command',
        argv: agent.argv,
        result: agent.result,
        env: agent.env ?? {},
        ...(agent.model === undefined ? {} : { model: agent.model }),
        ...cassette(agent.cassette),
      };
    default:
      return { kind: agent.kind };
  }
}

function llmSpec(llm: ScenarioParsed['llm']): LlmSpec {
  if (llm === undefined || llm.kind === 'heuristic') return { kind: 'heuristic' };
  const container = llm.kind === 'ollama' && 'container' in llm ? llm.container : undefined;
  return {
    kind: llm.kind,
    model: llm.model,
    ...(llm.endpoint === undefined ? {} : { endpoint: llm.endpoint }),
    ...(llm.retries === undefined ? {} : { retries: llm.retries }),
    ...(llm.timeout === undefined ? {} : { timeoutMs: durationMs(llm.timeout)! }),
    ...(container === undefined || container === false
      ? {}
      : { container: { image: (container === true ? undefined : container.image) ?? DEFAULT_OLLAMA_IMAGE } }),
  };
}

function sandboxSpec(sandbox: ScenarioParsed['sandbox']): SandboxSpec {
  const kind = typeof sandbox === 'string' ? sandbox : (sandbox?.kind ?? 'host');
  if (kind === 'host') return { kind: 'host' };
  return {
    kind: 'container',
    image: (typeof sandbox === 'object' ? sandbox.image : undefined) ?? DEFAULT_SANDBOX_IMAGE,
  };
}

function storeSpec(written: ScenarioParsed['store']): StoreSpec {
  return {
    inWorkspace: written?.in_workspace ?? false,
    ...(written?.busy_timeout === undefined ? {} : { busyTimeoutMs: durationMs(written.busy_timeout)! }),
    ...(written?.locked_from === undefined ? {} : { lockedFrom: written.locked_from }),
  };
}

function budgets(written: ScenarioParsed['budgets']): Budgets {
  const wallMs = written === undefined ? DEFAULT_WALL_MS : durationMs(written.wall)!;
  const taskWallMs = written?.task_wall === undefined ? wallMs : durationMs(written.task_wall)!;
  return {
    wallMs,
    taskWallMs,
    ...(written?.turns === undefined ? {} : { turns: written.turns }),
    ...(written?.tokens === undefined ? {} : { tokens: written.tokens }),
    ...(written?.stop_expected ? { stopExpected: true } : {}),
  };
}

function thresholds(written: ScenarioParsed['thresholds']): Thresholds {
  if (written === undefined) return {};
  const result: Thresholds = {};
  if (written.pass_rate !== undefined) result.passRate = written.pass_rate;
  if (written.p95_task_s !== undefined) result.p95TaskS = written.p95_task_s;
  if (written.p50_task_s !== undefined) result.p50TaskS = written.p50_task_s;
  if (written.max_tokens !== undefined) result.maxTokens = written.max_tokens;
  if (written.max_cost_usd !== undefined) result.maxCostUsd = written.max_cost_usd;
  return result;
}
