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
        /obra-validate check: 12 scenarios and \d+ cassettes load without a problem/,
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
});
