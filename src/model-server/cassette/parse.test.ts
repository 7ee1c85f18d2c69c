import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CassetteError } from './errors.js';
import { loadCassette, parseCassette, validateCassette } from './parse.js';

const good = `version: 1
name: demo
conversations:
  - name: build
    when: { first_user_contains: "calculator.py" }
    capture: { n: "Task (\\\\d+)" }
    turns:
      - when: { step: 0 }
        reply:
          text: "I'll create calc_{{n}}.py in {{cwd}}."
          tool_calls:
            - { name: Write, input: { file_path: "calc_{{n}}.py", content: "x = 1\\n" } }
      - when: { step: 1, tool_result_from: Write }
        reply: { text: "Done.", stop_reason: end_turn }
      - when: { step: 2 }
        fault: { kind: http_error, status: 500 }
        times: 1
`;

/** A copy of `good` with one line replaced (1-based), to break it in one place. */
function breakLine(line: number, text: string): string {
  const lines = good.split('\n');
  lines[line - 1] = text;
  return lines.join('\n');
}

function problemsOf(text: string): string[] {
  try {
    parseCassette(text, 'demo.yaml');
  } catch (error) {
    if (error instanceof CassetteError) return error.message.split('\n  ').slice(1);
    throw error;
  }
  throw new Error('expected a CassetteError');
}

describe('parseCassette', () => {
  it('reads a valid cassette and remembers its file', () => {
    const cassette = parseCassette(good, 'demo.yaml');
    expect(cassette.file).toBe('demo.yaml');
    expect(cassette.conversations[0]?.capture).toEqual({ n: 'Task (\\d+)' });
    expect(cassette.conversations[0]?.turns[0]?.reply?.tool_calls?.[0]?.input).toEqual({
      file_path: 'calc_{{n}}.py',
      content: 'x = 1\n',
    });
  });

  it.each([
    ['a wrong version', breakLine(1, 'version: 2'), ['demo.yaml:1:1 version must be 1; got 2']],
    [
      'a missing name',
      breakLine(2, 'nam: demo'),
      [
        'demo.yaml:1:1 name is required (a string)',
        'demo.yaml:2:1 nam is not a known key here (known keys: version, name, description, models, conversations). Did you mean "name"?',
      ],
    ],
    [
      'a step that is not an integer',
      breakLine(8, '      - when: { step: zero }'),
      ['demo.yaml:8:17 conversations[0].turns[0].when.step must be an integer; got "zero"'],
    ],
    [
      'a misspelled turn key',
      breakLine(9, '        replay:'),
      [
        'demo.yaml:9:9 conversations[0].turns[0].replay is not a known key here (known keys: name, when, reply, fault, times). Did you mean "reply"?',
      ],
    ],
    [
      'an unknown fault kind',
      breakLine(16, '        fault: { kind: http_eror, status: 500 }'),
      [
        'demo.yaml:16:18 conversations[0].turns[2].fault.kind must be one of "http_error", "rate_limit", "delay", "truncated", "malformed", "drop"; got "http_eror". Did you mean "http_error"?',
      ],
    ],
    [
      'a status out of range',
      breakLine(16, '        fault: { kind: http_error, status: 200 }'),
      ['demo.yaml:16:36 conversations[0].turns[2].fault.status must be >= 400; got 200'],
    ],
    [
      'an unknown placeholder',
      breakLine(10, '          text: "I\'ll create calc_{{m}}.py."'),
      [
        'demo.yaml:10:11 conversations[0].turns[0].reply.text uses {{m}}, which is neither {{cwd}} nor a capture of this conversation (cwd, n); got "I\'ll create calc_{{m}}.py.". Did you mean "n"?',
      ],
    ],
    [
      'an unknown placeholder with nothing close (no ".;" joiner)',
      breakLine(10, '          text: "in {{workdir}}"'),
      [
        'demo.yaml:10:11 conversations[0].turns[0].reply.text uses {{workdir}}, which is neither {{cwd}} nor a capture of this conversation (cwd, n); got "in {{workdir}}"',
      ],
    ],
    [
      'a bad capture pattern',
      breakLine(6, '    capture: { n: "Task (\\\\d+" }'),
      [
        'demo.yaml:6:16 conversations[0].capture.n is not an RE2 pattern (missing closing ): `Task (\\d+`); capture patterns use RE2 syntax, which matches in linear time; YAML double quotes need "\\\\d" for \\d; got "Task (\\\\d+"',
      ],
    ],
    [
      'times zero',
      breakLine(17, '        times: 0'),
      ['demo.yaml:17:9 conversations[0].turns[2].times must be >= 1; got 0'],
    ],
    [
      'a reply with a non-delay fault',
      breakLine(17, '        reply: { text: "x" }'),
      [
        'demo.yaml:17:9 conversations[0].turns[2].reply cannot be combined with fault kind "http_error" (only delay and truncated faults play a reply); remove one',
      ],
    ],
    [
      'tool_use without tool calls',
      breakLine(14, '        reply: { text: "Done.", stop_reason: tool_use }'),
      [
        'demo.yaml:14:33 conversations[0].turns[1].reply.stop_reason is tool_use but the reply has no tool_calls; add tool_calls or use end_turn; got "tool_use"',
      ],
    ],
    [
      'contains given a number',
      breakLine(5, '    when: { first_user_contains: 42 }'),
      ['demo.yaml:5:13 conversations[0].when.first_user_contains must be a string or a list; got 42'],
    ],
    [
      'no conversations',
      'version: 1\nname: x\nconversations: []\n',
      ['demo.yaml:3:1 conversations must have at least 1 item; got []'],
    ],
    [
      'a YAML syntax error',
      'version: 1\nname: "unclosed\n',
      ['demo.yaml:2:7 YAML syntax: Missing closing "quote (the quoted text starting here is never closed)'],
    ],
    ['a duplicate key', 'version: 1\nversion: 1\n', ['demo.yaml:2:1 YAML syntax: Map keys must be unique']],
    [
      'a document that is not a mapping',
      '- 1\n- 2\n',
      ['demo.yaml:1:1 must be a mapping (key: value); got [1,2]'],
    ],
  ])('reports %s with file:line:col', (_name, text, expected) => {
    expect(problemsOf(text)).toEqual(expected);
  });

  it('reports duplicate conversation names', () => {
    const text = `version: 1
name: x
conversations:
  - { name: a, turns: [{ reply: { text: "1" } }] }
  - { name: a, turns: [{ reply: { text: "2" } }] }
`;
    expect(problemsOf(text)).toEqual([
      'demo.yaml:5:7 conversations[1].name duplicates the name of conversations[0]; give each conversation its own name; got "a"',
    ]);
  });

  it('collects every problem into one CassetteError with structured problems', () => {
    const text = breakLine(1, 'version: 3').replace('step: 1,', 'step: -1,');
    const error = (() => {
      try {
        parseCassette(text, 'demo.yaml');
      } catch (e) {
        return e as CassetteError;
      }
    })();
    expect(error).toBeInstanceOf(CassetteError);
    expect(error?.problems.map((p) => [p.line, p.col, p.path])).toEqual([
      [1, 1, 'version'],
      [13, 17, 'conversations[0].turns[1].when.step'],
    ]);
    expect(error?.message).toMatch(
      /^invalid cassette \(2 problems; docs\/CASSETTES.md describes the format\):/,
    );
  });
});

describe('validateCassette', () => {
  it('validates objects built in code, without positions', () => {
    expect(() =>
      validateCassette({ version: 1, name: 'x', conversations: [{ name: 'c', turns: [{}] }] }, 'inline'),
    ).toThrow('inline conversations[0].turns[0] needs a reply or a fault');
  });
});

describe('loadCassette', () => {
  const dir = mkdtempSync(join(tmpdir(), 'obra-cassette-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file and reports problems with its path', async () => {
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'version: 1\nname: x\nconversations: 3\n');
    await expect(loadCassette(path)).rejects.toThrow(`${path}:3:1 conversations must be a list; got 3`);
  });

  it('names a missing file', async () => {
    await expect(loadCassette(join(dir, 'nope.yaml'))).rejects.toThrow(
      'nope.yaml no such file; give the path of a cassette YAML file',
    );
  });

  const shipped = new URL('../../../fixtures/cassettes/', import.meta.url);
  const files = readdirSync(shipped).filter((f) => f.endsWith('.yaml'));
  it.each(files)('the shipped cassette %s loads', async (file) => {
    const cassette = await loadCassette(new URL(file, shipped).pathname);
    expect(cassette.conversations.length).toBeGreaterThan(0);
  });
});
