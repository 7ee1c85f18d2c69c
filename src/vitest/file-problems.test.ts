import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadScenarios } from '../scenario/index.js';
import { problemsOfFile } from './file-problems.js';

const root = mkdtempSync(join(tmpdir(), 'obra-file-problems-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const scenario = (name: string, extra = '') => `version: 1
name: ${name}
agent: { kind: "null" }
tasks: [{ id: t, title: T, description: do t }]
${extra}`;

describe('problemsOfFile (one folder loaded, one file judged)', () => {
  mkdirSync(join(root, 'scenarios'));
  const files: Record<string, string> = {
    'a.yaml': scenario('a'),
    'b.yaml': scenario('b', 'needs: [a]\n'),
    'bad.yaml': scenario('bad', 'repeat: zero\n'),
    'c.yaml': scenario('c', 'needs: [d]\n'),
    'd.yaml': scenario('d', 'needs: [bad]\n'),
  };
  for (const [name, text] of Object.entries(files)) writeFileSync(join(root, 'scenarios', name), text);
  const load = () => loadScenarios(['scenarios'], { rootDir: root });

  it('a valid file that needs only valid scenarios: no problem; its needs are loaded with it', async () => {
    const result = problemsOfFile('scenarios/b.yaml', await load());
    expect(result.problems).toEqual([]);
    expect(result.needed.map((s) => s.name)).toEqual(['a']);
    expect(problemsOfFile('scenarios/a.yaml', await load()).problems).toEqual([]);
  });

  it('the bad file fails with its own problems only', async () => {
    const { problems } = problemsOfFile('scenarios/bad.yaml', await load());
    expect(problems.map((p) => `${p.file} ${p.path}`)).toEqual(['scenarios/bad.yaml repeat']);
  });

  it('a file that needs the bad one (directly or through another) fails with the bad one’s problems', async () => {
    const direct = problemsOfFile('scenarios/d.yaml', await load()).problems.map((p) => p.file);
    expect(direct).toContain('scenarios/bad.yaml');
    const through = problemsOfFile('scenarios/c.yaml', await load()).problems.map((p) => p.file);
    expect(through).toContain('scenarios/bad.yaml');
  });
});
