import { describe, expect, it } from 'vitest';
import { claudeCodeVersion, loadToolSnapshot, type ToolSnapshot } from '../tool-snapshot.js';
import { parseCassette } from './parse.js';
import { checkToolInputs } from './tool-inputs.js';

const snapshot: ToolSnapshot = {
  format: 'obra-validate-tool-snapshot',
  cli: 'claude-code',
  version: '9.9.9',
  tools: [
    {
      name: 'Write',
      input_schema: {
        type: 'object',
        properties: { file_path: { type: 'string' }, content: { type: 'string' } },
        required: ['file_path', 'content'],
        additionalProperties: false,
      },
    },
    {
      name: 'ToolSearch',
      input_schema: {
        type: 'object',
        properties: { query: { type: 'string' } },
        additionalProperties: false,
      },
    },
  ],
  deferred: ['WebFetch'],
};

const cassette = (calls: string) => `version: 1
name: c
conversations:
  - name: one
    turns:
      - reply:
          tool_calls:
${calls}
`;

const problemsOf = (text: string, against = snapshot) => {
  try {
    parseCassette(text, 'c.yaml', { rules: (c) => checkToolInputs(c, against) });
    return [];
  } catch (error) {
    return (error as { problems: { line: number; col: number; path: string; message: string }[] }).problems;
  }
};

describe('checkToolInputs (a cassette against the tools an agent CLI offers)', () => {
  it('a block scalar left by a line indented short: the stray key is an error at its own line and column', () => {
    const problems = problemsOf(
      cassette(`            - name: Write
              input:
                file_path: "{{cwd}}/fizzbuzz.py"
                content: |
                  def fizzbuzz(n):
                      return str(n)
                if __name__ == "__main__":
                    print(fizzbuzz(3))`),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      line: 14,
      col: 17,
      path: 'conversations[0].turns[0].reply.tool_calls[0].input.if __name__ == "__main__"',
    });
    expect(problems[0]?.message).toContain(
      'is not a parameter of the Write tool of Claude Code 9.9.9 (it takes file_path, content)',
    );
    expect(problems[0]?.message).toContain('indent that line like the others');
  });

  it('a missing required key, an unknown tool (with a suggestion) and a deferred tool called directly', () => {
    const problems = problemsOf(
      cassette(`            - name: Write
              input: { file_path: a }
            - name: Wrte
              input: { file_path: a, content: b }
            - name: WebFetch
              input: { url: "http://x" }`),
    );
    expect(problems.map((p) => `${p.line}:${p.col} ${p.message}`)).toEqual([
      '9:15 lacks "content", which the Write tool of Claude Code 9.9.9 requires; add it',
      expect.stringMatching(/^10:15 is not a tool of Claude Code 9\.9\.9 \(it offers Write, ToolSearch\)/),
      expect.stringMatching(/^12:15 is a deferred tool of Claude Code 9\.9\.9: .*query "select:WebFetch"/),
    ]);
    expect(problems[1]).toMatchObject({ hint: expect.stringContaining('Write') });
  });

  it('a deferred tool that an earlier ToolSearch loaded is not refused', () => {
    expect(
      problemsOf(
        cassette(`            - name: ToolSearch
              input: { query: "select:WebFetch" }
            - name: WebFetch
              input: { url: "http://x" }`),
      ),
    ).toEqual([]);
  });

  it('against the shipped snapshot: ToolSearch without max_results (it has a default) passes; a nested stray key names its own object', () => {
    const found = loadToolSnapshot(claudeCodeVersion()!);
    if (!found.ok) throw new Error('the shipped snapshot of the installed Claude Code is missing');
    const problems = problemsOf(
      cassette(`            - name: ToolSearch
              input: { query: "select:WebFetch" }
            - name: WebFetch
              input: { url: "https://example.com", prompt: summarise }
            - name: ReportFindings
              input: { findings: [{ file: a.ts, line: 1, bogus: 2 }] }`),
      found.snapshot,
    );
    const paths = problems.map((p) => p.path);
    expect(
      paths.filter((p) => /tool_calls\[[01]\]/.test(p)),
      'ToolSearch and the loaded WebFetch pass',
    ).toEqual([]);
    const stray = problems.find((p) => p.path.endsWith('.input.findings[0].bogus'));
    expect(stray?.message).toMatch(/\(it takes file, line, summary,/);
  });

  it('a turn waiting for a result from a tool the CLI does not have never matches: reported with a suggestion', () => {
    const problems = problemsOf(`version: 1
name: c
conversations:
  - name: one
    turns:
      - when: { step: 1, tool_result_from: write }
        reply: { text: done }
`);
    expect(problems).toMatchObject([
      {
        line: 6,
        col: 26,
        path: 'conversations[0].turns[0].when.tool_result_from',
        message: expect.stringContaining('names no tool of Claude Code 9.9.9'),
        hint: expect.stringContaining('"Write"'),
      },
    ]);
  });
});
