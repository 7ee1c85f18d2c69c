import { resolve } from 'node:path';
import {
  type Cassette,
  CassetteError,
  type CassetteLoadOptions,
  checkToolInputs,
  claudeCodeVersion,
  loadCassette,
  loadToolSnapshot,
  type ToolSnapshot,
} from '../model-server/index.js';
import { formatProblems, loadScenarios, type Scenario } from '../scenario/index.js';
import { agentKindOf } from './build-agent.js';
import { cassetteInUse } from './cassettes.js';

/** What `obra-validate check` found: how much it loaded, every problem as printed lines, and notes. */
export interface CheckFilesResult {
  scenarios: number;
  cassettes: number;
  /** Scenario problems then cassette problems, each already `file:line:col path message`. */
  problems: string[];
  /** What was checked beyond the files' own format (the agent CLI's tool inputs), or why not. */
  notes: string[];
}

/** The tool snapshot to check cassettes against, or the note that says why there is none. */
export type ToolCheck = { snapshot: ToolSnapshot } | { note: string };

/**
 * Loads the scenarios under `paths` and every cassette they play, as a run would before it starts, and
 * runs nothing: no workspace, no run directory, no agent. A scenario with problems cannot name its
 * cassette reliably, so only the cassettes of the scenarios that loaded are read. A cassette played by
 * the Claude Code CLI has its tool calls checked against the tools that CLI version offers.
 */
export async function checkFiles(
  paths: readonly string[],
  options: { rootDir: string; tools?: ToolCheck },
): Promise<CheckFilesResult> {
  const rootDir = resolve(options.rootDir);
  const { scenarios, problems } = await loadScenarios(paths, { rootDir });
  const lines = problems.length > 0 ? formatProblems(problems).split('\n') : [];
  const tools = options.tools ?? bundledToolCheck();
  const played = cassettesPlayed(scenarios);
  let checkedTools = 0;
  for (const [path, { written, byClaudeCode }] of played) {
    const snapshot = byClaudeCode && 'snapshot' in tools ? tools.snapshot : undefined;
    const load: CassetteLoadOptions = snapshot
      ? { rules: (c: Cassette) => checkToolInputs(c, snapshot) }
      : {};
    if (snapshot) checkedTools++;
    try {
      await loadCassette(path, written, load);
    } catch (error) {
      if (!(error instanceof CassetteError)) throw error;
      lines.push(...error.message.split('\n'));
    }
  }
  const others = [...played.values()].filter((c) => !c.byClaudeCode).length;
  const notes = [
    ...([...played.values()].some((c) => c.byClaudeCode)
      ? ['snapshot' in tools ? toolNote(tools.snapshot, checkedTools) : tools.note]
      : []),
    ...(others > 0
      ? [
          `tool calls of ${others} cassette${others === 1 ? '' : 's'} not checked: only agents other than claude-code play ${others === 1 ? 'it' : 'them'}, and their tools are not known here`,
        ]
      : []),
  ];
  return { scenarios: scenarios.length, cassettes: played.size, problems: lines, notes };
}

/** Each cassette the scenarios play (by path), as first written, and whether a claude-code agent plays it. */
function cassettesPlayed(
  scenarios: readonly Scenario[],
): Map<string, { written: string; byClaudeCode: boolean }> {
  const played = new Map<string, { written: string; byClaudeCode: boolean }>();
  for (const scenario of scenarios) {
    const cassette = cassetteInUse(scenario, undefined);
    if (!cassette) continue;
    const byClaudeCode = agentKindOf(scenario, undefined) === 'claude-code';
    const seen = played.get(cassette.path);
    played.set(cassette.path, {
      written: seen?.written ?? cassette.written,
      byClaudeCode: (seen?.byClaudeCode ?? false) || byClaudeCode,
    });
  }
  return played;
}

function toolNote(snapshot: ToolSnapshot, cassettes: number): string {
  return `tool calls of ${cassettes} cassette${cassettes === 1 ? '' : 's'} checked against the ${snapshot.tools.length} tools Claude Code ${snapshot.version} offers (schema/tools/claude-code-${snapshot.version}.json)`;
}

/** The snapshot of the Claude Code CLI installed with obra-validate. */
export function bundledToolCheck(): ToolCheck {
  const version = claudeCodeVersion();
  if (version === undefined) {
    return { note: 'tool calls not checked: @anthropic-ai/claude-code is not installed (npm install)' };
  }
  const found = loadToolSnapshot(version);
  if (found.ok) return { snapshot: found.snapshot };
  const have = found.available.length > 0 ? found.available.join(', ') : 'none';
  return {
    note: `tool calls not checked: no tool snapshot of Claude Code ${version} in this package (it has: ${have}); write one with node scripts/snapshot-agent-tools.mjs`,
  };
}
