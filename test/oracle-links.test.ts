import { existsSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { latestReport } from './helpers/project.js';
import { makeTempProject, runCli } from './helpers/run-cli.js';

// Issue 28, item 7: a solution dir holding `ld -> ../inner-target` (inside the project) with
// `solution.files: { "ld/x.txt": … }`: the oracle's copy followed the link and created
// fixtures/inner-target/x.txt in the user's project.

const scenario = `version: 1
name: linked
agent: { kind: oracle }
solution:
  dir: fixtures/solution
  files: { "ld/x.txt": "written by the solution\\n" }
tasks: [{ id: t, title: Write through ld, description: Create ld/x.txt }]
checks:
  - { task: t, status: completed }
  - { file: ld/x.txt, contains: "written by the solution" }
  - { file: ld/kept.txt, contains: "kept" }
`;

function projectWithLink() {
  const p = makeTempProject({
    'scenarios/linked.yaml': scenario,
    'fixtures/solution/README.md': 'the solution\n',
    'fixtures/inner-target/kept.txt': 'kept\n',
  });
  symlinkSync('../inner-target', join(p.dir, 'fixtures/solution/ld'));
  return p;
}

describe('the oracle writes only inside the workspace, links in a solution dir included (spawned CLI)', () => {
  it('a link to a folder of the project is copied as that folder: the write lands in the workspace, the project is untouched', async () => {
    const p = projectWithLink();
    try {
      const result = await runCli(['scenarios/', '--reporter', 'json'], { cwd: p.dir, timeoutMs: 90_000 });
      // Nothing was written through the link into the project.
      expect(existsSync(join(p.dir, 'fixtures/inner-target/x.txt'))).toBe(false);
      expect(readdirSync(join(p.dir, 'fixtures/inner-target'))).toEqual(['kept.txt']);
      expect(result.exitCode).toBe(0);
      const report = latestReport(p.dir);
      expect(report.findings.map((f) => f.kind)).not.toContain('outside_write');
      const runDir = join(p.dir, 'reports', report.runId);
      const workspace = join(runDir, 'attempts', 'linked-1', 'workspace');
      expect(readFileSync(join(workspace, 'ld/x.txt'), 'utf8')).toBe('written by the solution\n');
      expect(readFileSync(join(workspace, 'ld/kept.txt'), 'utf8')).toBe('kept\n');
    } finally {
      p.cleanup();
    }
  }, 120_000);
});
