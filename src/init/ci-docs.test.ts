import { execFileSync } from 'node:child_process';
import {
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIRST_BASELINE_COMMAND, INIT_FILES, reportsGitignore, workflow } from './templates.js';

const doc = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

// Issue 29: README "In CI", docs/REPORT.md and the workflow `init` writes once disagreed.
describe('one CI workflow in the docs and in init', () => {
  it('README and docs/REPORT.md show the workflow init writes, verbatim', () => {
    expect(INIT_FILES.find((f) => f.path === '.github/workflows/obra-validate.yml')?.content).toBe(workflow);
    for (const path of ['README.md', 'docs/REPORT.md']) {
      expect(doc(path), path).toContain(`\`\`\`yaml\n${workflow}\`\`\``);
      expect(doc(path), path).toContain(FIRST_BASELINE_COMMAND);
    }
  });

  it('uploads the resolved run folder, never reports/ or the reports/latest symlink', () => {
    expect(workflow).toContain('cp -rL reports/latest obra-validate-run');
    expect(workflow).toContain('path: obra-validate-run/');
    expect(workflow).not.toMatch(/path: reports/);
    expect(workflow).toContain('--baseline reports/baselines/main.json');
  });

  it('reports/.gitignore keeps run folders and reports/latest out of git and the baselines in', () => {
    const dir = realpathSync(mkdtempSync(join(tmpdir(), 'obra-gitignore-')));
    try {
      const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8' });
      git('init', '-q', '.');
      mkdirSync(join(dir, 'reports/baselines'), { recursive: true });
      mkdirSync(join(dir, 'reports/20261207-010203-abcd/attempts/hello-1'), { recursive: true });
      writeFileSync(join(dir, 'reports/baselines/main.json'), '{}\n');
      writeFileSync(join(dir, 'reports/20261207-010203-abcd/events.jsonl'), '');
      writeFileSync(join(dir, 'reports/20261207-010203-abcd/attempts/hello-1/x'), '');
      symlinkSync('20261207-010203-abcd', join(dir, 'reports/latest'));
      writeFileSync(join(dir, 'reports/.gitignore'), reportsGitignore);
      git('add', '-A');
      expect(git('diff', '--cached', '--name-only').trim().split('\n')).toEqual([
        'reports/.gitignore',
        'reports/baselines/main.json',
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
