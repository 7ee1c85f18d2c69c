import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface TempProject {
  /** Absolute, symlinks resolved. */
  dir: string;
  /** Writes a file (content) or creates a folder (null), relative to the project. */
  write: (path: string, content: string | null) => void;
  cleanup: () => void;
}

/** A throwaway project folder for loader tests. Call cleanup() in afterAll/afterEach. */
export function makeTempProject(files: Record<string, string | null> = {}): TempProject {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'obra-scenario-')));
  const write = (path: string, content: string | null) => {
    const target = join(dir, path);
    if (content === null) {
      mkdirSync(target, { recursive: true });
      return;
    }
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  };
  for (const [path, content] of Object.entries(files)) write(path, content);
  return { dir, write, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Fixtures most loader tests refer to. */
export const standardFixtures: Record<string, string | null> = {
  'fixtures/cassettes/calc.yaml': 'turns: []\n',
  'fixtures/calc/start': null,
  'fixtures/calc/solution': null,
  'fixtures/calc/hidden-tests/test_calc.py': '',
  'fixtures/csv/a.csv': 'x\n',
  'fixtures/csv/b.csv': 'y\n',
  'fixtures/csv/notes.txt': '',
  'fixtures/csv/baseline/a.csv.out': '',
  'fixtures/baselines/report.json': '{}',
};

/** Replaces the project folder by `<root>` in any JSON-able value, for snapshots. */
export function withRoot<T>(value: T, rootDir: string): T {
  return JSON.parse(JSON.stringify(value).replaceAll(rootDir, '<root>')) as T;
}
