import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { ToolErrorRecord } from '../model-server/index.js';
import { toolErrorFindings } from './tool-error-findings.js';

const dir = mkdtempSync(join(tmpdir(), 'obra-tool-errors-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const path = join(dir, 'c.yaml');
writeFileSync(
  path,
  `version: 1
name: c
conversations:
  - name: other
    turns: [{ reply: { text: hi } }]
  - name: write
    turns:
      - reply:
          tool_calls:
            - name: Bash
              input: { command: ls }
            - name: Write
              input:
                file_path: a
                stray: 1
`,
);
const cassette = { path, written: 'fixtures/c.yaml' } as never;
const record = (text: string, call = 1): ToolErrorRecord => ({
  seq: 4,
  time: '2026-12-07T00:00:00.000Z',
  tool: call === 1 ? 'Write' : 'Bash',
  callId: `toolu_replay_0_${call}`,
  text,
  servedBy: { cassette: path, conversation: 'write', conversationIndex: 1, turn: 0, call, servedSeq: 3 },
});

describe('toolErrorFindings', () => {
  it('a refusal for the input names the tool, the error and the offending key at its line:col (blocker)', () => {
    const [found] = toolErrorFindings(
      [
        record(
          'InputValidationError: Write failed due to the following issue:\nAn unexpected parameter `stray` was provided',
        ),
      ],
      cassette,
      ['attempts/a-1/wire.jsonl'],
    );
    expect(found).toEqual({
      kind: 'agent_tool_error',
      severity: 'blocker',
      message:
        'the agent CLI refused the replayed Write call (conversation write turns[0] tool_calls[1], fixtures/c.yaml:15:17): InputValidationError: Write failed due to the following issue: An unexpected parameter `stray` was provided',
      evidence: ['attempts/a-1/wire.jsonl'],
      location: { file: 'fixtures/c.yaml', line: 15, col: 17 },
    });
  });

  it('a refusal in this workspace is major and points at the call; without the turn, no position is made up', () => {
    const [inWorkspace, unserved] = toolErrorFindings(
      [
        record('File does not exist.', 0),
        { ...record('No such tool available: Glob'), tool: 'Glob', servedBy: undefined },
      ],
      cassette,
      [],
    );
    expect(inWorkspace).toMatchObject({ severity: 'major', location: { line: 10, col: 15 } });
    expect(unserved).toMatchObject({
      severity: 'blocker',
      message: 'the agent CLI refused the replayed Glob call: No such tool available: Glob',
    });
    expect(unserved).not.toHaveProperty('location');
  });
});
