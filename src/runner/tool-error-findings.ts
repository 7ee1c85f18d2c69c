import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { RawFinding } from '../events/index.js';
import { cassettePosition, type ToolErrorRecord } from '../model-server/index.js';
import type { ResolvedPath } from '../scenario/index.js';

/** A refusal that says the call can never run in this CLI version, whatever the workspace holds. */
const shapeRefusal = /InputValidationError|No such tool available/;

/**
 * One `agent_tool_error` finding per replayed tool call the agent CLI refused (model-server tool-errors.ts):
 * the tool, the CLI's error text and the cassette turn's position. A call refused for its shape (an input
 * key the tool does not take, a tool the CLI does not offer) is a blocker: the cassette no longer plays
 * what it records. A call refused in this workspace (a file an Edit needs is missing) is major.
 */
export function toolErrorFindings(
  records: readonly ToolErrorRecord[],
  cassette: ResolvedPath | undefined,
  evidence: readonly string[],
): RawFinding[] {
  const source = cassette === undefined ? undefined : readCassette(cassette.path);
  return records.map((record) => {
    const where = locate(record, cassette, source);
    return {
      kind: 'agent_tool_error',
      severity: shapeRefusal.test(record.text) ? 'blocker' : 'major',
      message: `the agent CLI refused the replayed ${record.tool} call${where.text}: ${oneLine(record.text)}`,
      evidence: [...evidence],
      ...(where.location ? { location: where.location } : {}),
    };
  });
}

interface Source {
  text: string;
}

function readCassette(path: string): Source | undefined {
  try {
    return { text: readFileSync(path, 'utf8') };
  } catch {
    return undefined; // the cassette moved since the attempt began: the finding says the turn without a position
  }
}

/** `(cassette turn write turns[0] tool_calls[0], fixtures/cassettes/x.yaml:15:17)` and the location. */
function locate(
  record: ToolErrorRecord,
  cassette: ResolvedPath | undefined,
  source: Source | undefined,
): { text: string; location?: { file: string; line: number; col: number } } {
  const served = record.servedBy;
  if (served === undefined) return { text: '' };
  const turn = `conversation ${served.conversation} turns[${served.turn}] tool_calls[${served.call}]`;
  if (cassette === undefined || source === undefined) return { text: ` (${turn})` };
  const index = conversationIndex(source.text, served.conversation);
  if (index === undefined) return { text: ` (${turn})` };
  const call = ['conversations', index, 'turns', served.turn, 'reply', 'tool_calls', served.call];
  const key = offendingKey(record.text);
  const position = cassettePosition(source.text, key === undefined ? call : [...call, 'input', key]);
  const location = { file: cassette.written, ...position };
  return { text: ` (${turn}, ${location.file}:${location.line}:${location.col})`, location };
}

/** The index of the conversation named `name` in the cassette's YAML. */
function conversationIndex(text: string, name: string): number | undefined {
  try {
    const doc = parse(text) as { conversations?: { name?: unknown }[] };
    const index = (doc.conversations ?? []).findIndex((conversation) => conversation.name === name);
    return index >= 0 ? index : undefined;
  } catch {
    return undefined;
  }
}

/** The input key Claude Code names in an InputValidationError (an unexpected or mistyped parameter). */
function offendingKey(text: string): string | undefined {
  return /(?:unexpected parameter|The parameter) `([^`]+)`/.exec(text)?.[1];
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 400 ? `${flat.slice(0, 399)}…` : flat;
}
