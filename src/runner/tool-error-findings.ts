import { readFileSync } from 'node:fs';
import type { RawFinding } from '../events/index.js';
import { cassettePositions, type ToolErrorRecord } from '../model-server/index.js';
import type { ResolvedPath } from '../scenario/index.js';
import { clip } from '../shared/index.js';

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
  const positions = cassette === undefined ? undefined : readCassette(cassette.path);
  return records.map((record) => {
    const where = locate(record, cassette, positions);
    return {
      kind: 'agent_tool_error',
      severity: shapeRefusal.test(record.text) ? 'blocker' : 'major',
      message: `the agent CLI refused the replayed ${record.tool} call${where.text}: ${clip(record.text, 400)}`,
      evidence: [...evidence],
      ...(where.location ? { location: where.location } : {}),
    };
  });
}

type Locate = (path: readonly PropertyKey[]) => { line: number; col: number };

/** The positions in the cassette as it is on disk now (read once per attempt, only when something was refused). */
function readCassette(path: string): Locate | undefined {
  try {
    return cassettePositions(readFileSync(path, 'utf8'));
  } catch {
    return undefined; // the cassette moved since the attempt began: the finding says the turn without a position
  }
}

/** `(conversation write turns[0] tool_calls[0], fixtures/cassettes/x.yaml:15:17)` and the location. */
function locate(
  record: ToolErrorRecord,
  cassette: ResolvedPath | undefined,
  positions: Locate | undefined,
): { text: string; location?: { file: string; line: number; col: number } } {
  const served = record.servedBy;
  if (served === undefined) return { text: '' };
  const turn = `conversation ${served.conversation} turns[${served.turn}] tool_calls[${served.call}]`;
  if (cassette === undefined || positions === undefined) return { text: ` (${turn})` };
  const call = [
    'conversations',
    served.conversationIndex,
    'turns',
    served.turn,
    'reply',
    'tool_calls',
    served.call,
  ];
  const key = offendingKey(record.text);
  const location = {
    file: cassette.written,
    ...positions(key === undefined ? call : [...call, 'input', key]),
  };
  return { text: ` (${turn}, ${location.file}:${location.line}:${location.col})`, location };
}

/** The input key Claude Code names in an InputValidationError (an unexpected or mistyped parameter). */
function offendingKey(text: string): string | undefined {
  return /(?:unexpected parameter|The parameter) `([^`]+)`/.exec(text)?.[1];
}
