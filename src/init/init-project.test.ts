import { mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CONFIG_FILE, parseGateConfig } from '../report/index.js';
import { parseScenario } from '../scenario/index.js';
import { formatInitResult } from './format.js';
import { initProject } from './init-project.js';
import { EXAMPLE_SCENARIO, FIRST_BASELINE_COMMAND, INIT_FILES } from './templates.js';

const dirs: string[] = [];
const tempDir = () => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'obra-init-')));
  dirs.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('the files init writes', () => {
  it('the example scenario loads without a problem against the files init writes next to it', () => {
    const dir = tempDir();
    initProject(dir);
    const file = join(dir, 'scenarios/hello.yaml');
    const { scenario, problems } = parseScenario(readFileSync(file, 'utf8'), file, { rootDir: dir });
    expect(problems).toEqual([]);
    expect(scenario?.name).toBe(EXAMPLE_SCENARIO);
  });

  it('the gate config parses and requires nothing, so a run of one own file alone passes the gate', () => {
    const config = INIT_FILES.find((f) => f.path === CONFIG_FILE)!;
    const { gate, problems } = parseGateConfig(config.content, CONFIG_FILE);
    expect(problems).toEqual([]);
    expect(gate).toMatchObject({ required: [], minPassRate: 1 });
    expect(config.content).toContain(`e.g. [${EXAMPLE_SCENARIO}]`);
  });
});

describe('initProject', () => {
  it('creates every file in an empty folder, and a Vitest config when there is none', () => {
    const dir = tempDir();
    const result = initProject(dir);
    expect(result.created.map((f) => f.path)).toEqual([
      'scenarios/hello.yaml',
      'fixtures/cassettes/hello.yaml',
      'fixtures/hello/start/README.md',
      'obra-validate.config.yaml',
      '.github/workflows/obra-validate.yml',
      'reports/.gitignore',
      'vitest.config.mts',
    ]);
    expect(result.skipped).toEqual([]);
    expect(result.vitest).toEqual({ kind: 'created', file: 'vitest.config.mts' });
    expect(readFileSync(join(dir, 'vitest.config.mts'), 'utf8')).toContain('plugins: [obraValidate()]');
    expect(formatInitResult(result)).toContain('No package.json here');
    expect(formatInitResult(result)).toContain(FIRST_BASELINE_COMMAND);
    expect(result.gitignoreHidesReports).toBe(false);
    expect(formatInitResult(result)).not.toContain('.gitignore ignores all of reports/');
  });

  it('says how to fix a project .gitignore that ignores all of reports/ (the baseline too)', () => {
    const dir = tempDir();
    writeFileSync(join(dir, '.gitignore'), 'node_modules/\n/reports/\n');
    const result = initProject(dir);
    expect(result.gitignoreHidesReports).toBe(true);
    expect(formatInitResult(result)).toContain(
      '.gitignore ignores all of reports/, so the baseline cannot be committed: replace that line with\n  reports/*\n  !reports/baselines/',
    );
  });

  it('never overwrites: existing files are skipped and keep their content', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'package.json'), '{}');
    writeFileSync(join(dir, CONFIG_FILE), 'gate: { min_pass_rate: 0.5 }\n');
    writeFileSync(join(dir, 'vite.config.ts'), 'export default {};\n');
    const result = initProject(dir);
    expect(result.skipped.map((f) => f.path)).toEqual([CONFIG_FILE]);
    expect(readFileSync(join(dir, CONFIG_FILE), 'utf8')).toBe('gate: { min_pass_rate: 0.5 }\n');
    expect(result.vitest).toEqual({ kind: 'existing', file: 'vite.config.ts', hasPlugin: false });
    const text = formatInitResult(result);
    expect(text).toMatch(/skipped {2}obra-validate\.config\.yaml\s+exists: left unchanged/);
    expect(text).toContain("import { obraValidate } from 'obra-validate/vitest';");
    expect(text).not.toContain('No package.json');
    expect(readFileSync(join(dir, 'vite.config.ts'), 'utf8')).toBe('export default {};\n');

    const again = initProject(dir);
    expect(again.created).toEqual([]);
    expect(again.skipped).toHaveLength(INIT_FILES.length);
  });

  it('a second init says the Vitest config it created already uses the plugin', () => {
    const dir = tempDir();
    initProject(dir);
    const again = initProject(dir);
    expect(again.vitest).toEqual({ kind: 'existing', file: 'vitest.config.mts', hasPlugin: true });
    expect(formatInitResult(again)).toContain('vitest.config.mts already uses obra-validate/vitest.');
  });

  it('refuses a path that is not a folder, saying what to do', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'file'), '');
    expect(() => initProject(join(dir, 'file'))).toThrow(/is not a folder\. Run it in your project's root/);
  });
});
