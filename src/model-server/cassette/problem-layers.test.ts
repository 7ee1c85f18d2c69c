import { describe, expect, it } from 'vitest';
import { CassetteError } from './errors.js';
import { parseCassette } from './parse.js';

function problemsOf(text: string): string[] {
  try {
    parseCassette(text, 'demo.yaml');
  } catch (error) {
    if (error instanceof CassetteError) return error.message.split('\n  ').slice(1);
    throw error;
  }
  return [];
}

const cassette = (turn: string) => `version: 1
name: demo
conversations:
  - name: build
    turns:
${turn}`;

describe('cassette schema and rule problems in one pass (issue 29, 5)', () => {
  it('a wrong key and an unknown placeholder are reported together', () => {
    const text = cassette(`      - when: { step: 0 }
        wait: 1
        reply: { text: "Working in {{workdir}}." }
`);
    expect(problemsOf(text)).toEqual([
      'demo.yaml:7:9 conversations[0].turns[0].wait is not a known key here (known keys: name, when, reply, fault, times)',
      'demo.yaml:8:18 conversations[0].turns[0].reply.text uses {{workdir}}, which is neither {{cwd}} nor a capture of this conversation (cwd); got "Working in {{workdir}}."',
    ]);
  });

  it('a rule problem that only follows from removing a rejected node is left out', () => {
    // `reply` misspelt: "needs a reply or a fault" would only repeat the unknown key.
    const text = cassette(`      - when: { step: 0 }
        repy: { text: "hi" }
`);
    expect(problemsOf(text)).toEqual([
      'demo.yaml:7:9 conversations[0].turns[0].repy is not a known key here (known keys: name, when, reply, fault, times). Did you mean "reply"?',
    ]);
  });

  it('a bad fault kind drops the fault, not the whole cassette, for the rules', () => {
    const text = `${cassette(`      - when: { step: 0 }
        fault: { kind: http_eror, status: 500 }
`)}  - name: other
    turns:
      - reply: { text: "{{nope}}" }
`;
    const problems = problemsOf(text);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(
      /^demo\.yaml:7:\d+ conversations\[0\]\.turns\[0\]\.fault\.kind must be one of/,
    );
    expect(problems[1]).toMatch(
      /^demo\.yaml:10:\d+ conversations\[1\]\.turns\[0\]\.reply\.text uses \{\{nope\}\}/,
    );
  });
});

describe('cassette YAML syntax errors are reported where the problem starts', () => {
  it('an unclosed quote on line 3 is reported on line 3, not at the end of the file', () => {
    const text =
      'version: 1\nname: demo\ndescription: "unclosed\nconversations:\n  - name: a\n    turns: []\n';
    expect(problemsOf(text)).toEqual([
      'demo.yaml:3:14 YAML syntax: Missing closing "quote (the quoted text starting here is never closed)',
    ]);
  });
});
