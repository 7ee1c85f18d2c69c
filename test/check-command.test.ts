import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { copyOfShippedProject } from './helpers/project.js';
import { makeTempProject, runCli } from './helpers/run-cli.js';

// `obra-validate check`: every scenario and the cassettes they play are loaded, every problem printed,
// nothing run (no reports folder appears).

describe('obra-validate check (spawned CLI)', () => {
  it('the shipped scenarios and their cassettes load: exit 0, nothing run', async () => {
    const project = copyOfShippedProject();
    try {
      const result = await runCli(['check'], { cwd: project.dir });
      expect(result.exitCode, result.output).toBe(0);
      expect(result.stdout).toMatch(
        /obra-validate check: 13 scenarios and \d+ cassettes load without a problem/,
      );
      expect(result.stdout).toMatch(
        /tool calls of [1-9]\d* cassettes checked against the \d+ tools Claude Code [\d.]+ offers \(schema\/tools\/claude-code-[\d.]+\.json\)/,
      );
      expect(existsSync(join(project.dir, 'reports', 'latest'))).toBe(false);
    } finally {
      project.cleanup();
    }
  });

  it('a bad scenario and a bad cassette are both reported at file:line:col: exit 2, nothing run', async () => {
    const project = makeTempProject({
      'scenarios/bad.yaml': 'version: 1\nname: bad\nagent: { kind: oracle }\ntaskz: []\n',
      'scenarios/good.yaml': `version: 1
name: good
agent: { kind: claude-code, cassette: cassettes/broken.yaml }
tasks:
  - { id: hello, title: Create hello.txt, description: Write hello into hello.txt }
checks:
  - { file: hello.txt }
`,
      'cassettes/broken.yaml': 'version: 1\nname: broken\nconversationz: []\n',
    });
    try {
      const result = await runCli(['check', 'scenarios/'], { cwd: project.dir });
      expect(result.exitCode, result.output).toBe(2);
      expect(result.stderr).toMatch(/^scenarios\/bad\.yaml:4:1 /m);
      expect(result.stderr).toMatch(/^\s*cassettes\/broken\.yaml:3:1 conversationz/m);
      expect(result.stderr).toContain('obra-validate check:');
      expect(result.stderr).toContain('nothing was run');
      expect(existsSync(join(project.dir, 'reports'))).toBe(false);
    } finally {
      project.cleanup();
    }
  });

  it('a Write input with one line indented short: an unexpected key of the Write input at its line:col', async () => {
    const project = makeTempProject({
      'scenarios/fizzbuzz.yaml': `version: 1
name: fizzbuzz
agent: { kind: claude-code, model: replay, cassette: fixtures/cassettes/fizzbuzz.yaml }
tasks:
  - { id: fb, title: Create fizzbuzz.py, description: Write fizzbuzz.py }
checks:
  - { file: fizzbuzz.py }
`,
      // Valid YAML: the short line ends the block scalar, so it and the line after become keys of input.
      'fixtures/cassettes/fizzbuzz.yaml': `version: 1
name: fizzbuzz
conversations:
  - name: write
    turns:
      - when: { step: 0 }
        reply:
          tool_calls:
            - name: Write
              input:
                file_path: "{{cwd}}/fizzbuzz.py"
                content: |
                  def fizzbuzz(n):
                      return str(n)
                if __name__ == "__main__":
                    print(fizzbuzz(3))
      - when: { step: 1 }
        reply: { text: Created fizzbuzz.py. }
`,
    });
    try {
      const result = await runCli(['check'], { cwd: project.dir });
      expect(result.exitCode, result.output).toBe(2);
      expect(result.stderr).toMatch(
        /^\s*fixtures\/cassettes\/fizzbuzz\.yaml:15:17 conversations\[0\]\.turns\[0\]\.reply\.tool_calls\[0\]\.input\.if __name__ == "__main__" is not a parameter of the Write tool of Claude Code [\d.]+ \(it takes file_path, content\)/m,
      );
      expect(existsSync(join(project.dir, 'reports'))).toBe(false);
    } finally {
      project.cleanup();
    }
  });
});
