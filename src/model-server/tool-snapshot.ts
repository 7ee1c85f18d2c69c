import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { packageRoot } from '../shared/index.js';
import type { JsonSchema } from './cassette/json-schema-subset.js';

/** Marks a tool snapshot file (schema/tools/*.json). */
export const TOOL_SNAPSHOT_FORMAT = 'obra-validate-tool-snapshot';

/** One tool an agent CLI offers the model: its name and the JSON Schema of its input. */
export interface OfferedTool {
  name: string;
  input_schema: JsonSchema;
}

/**
 * What one version of an agent CLI offers the model, as the model server saw it in a real request
 * (scripts/snapshot-agent-tools.mjs writes it). `deferred` tools are named to the model but not offered:
 * the CLI refuses a direct call until a ToolSearch call loads their schema.
 */
export interface ToolSnapshot {
  format: typeof TOOL_SNAPSHOT_FORMAT;
  cli: 'claude-code';
  version: string;
  tools: OfferedTool[];
  deferred: string[];
}

const deferredHeading =
  /The following deferred tools are now available via ToolSearch[^\n]*\n((?:[^\n]+\n?)+)/;

/** The snapshot of an Anthropic Messages request body: its `tools` and the deferred tools its text names. Pure. */
export function snapshotFromRequest(body: unknown, version: string): ToolSnapshot {
  const request = (body ?? {}) as { tools?: unknown; messages?: unknown; system?: unknown };
  const tools = (Array.isArray(request.tools) ? request.tools : []).map((tool) => {
    const { name, input_schema } = tool as { name: string; input_schema: JsonSchema & { $schema?: string } };
    const { $schema: _dialect, ...schema } = input_schema;
    return { name, input_schema: schema };
  });
  const listed = stringsOf([request.system, request.messages])
    .map((text) => deferredHeading.exec(text)?.[1])
    .find((found) => found !== undefined);
  const deferred = (listed ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^[A-Za-z][\w-]*$/.test(line));
  return {
    format: TOOL_SNAPSHOT_FORMAT,
    cli: 'claude-code',
    version,
    tools: tools.sort((a, b) => a.name.localeCompare(b.name)),
    deferred: [...new Set(deferred)].sort(),
  };
}

/** Every string inside a JSON value (the texts of system prompts and messages). */
function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(stringsOf);
  if (value !== null && typeof value === 'object') return Object.values(value).flatMap(stringsOf);
  return [];
}

/** The version of the Claude Code CLI installed with obra-validate, or undefined when it is absent. */
export function claudeCodeVersion(): string | undefined {
  const require = createRequire(import.meta.url);
  try {
    const manifest = require.resolve('@anthropic-ai/claude-code/package.json');
    return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

const snapshotDir = () => join(packageRoot(), 'schema', 'tools');

/** Where the snapshot of Claude Code `version` lives in the package. */
export function toolSnapshotFile(version: string): string {
  return join(snapshotDir(), `claude-code-${version}.json`);
}

/** The snapshot of Claude Code `version`, or the versions the package has snapshots of. */
export function loadToolSnapshot(
  version: string,
): { ok: true; snapshot: ToolSnapshot } | { ok: false; available: string[] } {
  const file = toolSnapshotFile(version);
  if (!existsSync(file)) {
    const available = existsSync(snapshotDir())
      ? readdirSync(snapshotDir())
          .map((name) => /^claude-code-(.+)\.json$/.exec(name)?.[1])
          .filter((v): v is string => v !== undefined)
      : [];
    return { ok: false, available };
  }
  let snapshot: ToolSnapshot;
  try {
    snapshot = JSON.parse(readFileSync(file, 'utf8')) as ToolSnapshot;
  } catch (error) {
    throw new Error(
      `${file} cannot be read as a tool snapshot (${(error as Error).message}); reinstall obra-validate`,
    );
  }
  if (snapshot?.format !== TOOL_SNAPSHOT_FORMAT) {
    throw new Error(
      `${file} is not a tool snapshot (no "format": "${TOOL_SNAPSHOT_FORMAT}"); reinstall obra-validate`,
    );
  }
  return { ok: true, snapshot };
}
