import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from './helpers/processes.js';
import { repoRoot } from './helpers/run-cli.js';

// Issue 28, "a flag matrix": every value-taking flag and argument of every command, read from its
// --help, given a careless value (one per flag here, rotating through "", -1, 1e20, abc, 1.5, a missing
// path, a folder, a file; the full matrix is `node scripts/flag-matrix.mjs`, figures in docs/FAULTS.md).

interface MatrixCase {
  command: string;
  flag: string;
  valueName: string;
  code: number | null;
  outcome: string;
  problems: string[];
  stderr: string;
}

describe('the flag matrix, bounded (scripts/flag-matrix.mjs --bounded)', () => {
  it('no case prints a stack or "internal error"; every rejection is exit 2 naming the value', async () => {
    const result = await runCommand(
      [process.execPath, join(repoRoot, 'scripts', 'flag-matrix.mjs'), '--bounded', '--json'],
      { cwd: repoRoot, timeoutMs: 240_000 },
    );
    const cases: MatrixCase[] = result.stdout
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as MatrixCase);
    // Every command's flags were found (run alone has more than a dozen).
    expect(new Set(cases.map((c) => c.command))).toEqual(
      new Set(['run', 'model-server', 'check', 'report', 'view']),
    );
    expect(cases.length).toBeGreaterThan(30);
    for (const c of cases)
      expect(c.problems, `${c.command} ${c.flag} ${c.valueName}: ${c.stderr}`).toEqual([]);
    expect(cases.filter((c) => c.code === 2).length).toBeGreaterThan(cases.length / 2);
    expect(result.exitCode, result.stdout.split('\n').slice(-6).join('\n')).toBe(0);
  }, 300_000);
});
