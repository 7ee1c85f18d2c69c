import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { claudeCodeVersion, toolSnapshotFile } from '../src/model-server/index.js';
import { repoRoot } from './helpers/run-cli.js';

// The tool snapshot `check` validates cassettes against is what the installed Claude Code really offers:
// the script asks the CLI (one offline call against the embedded model server) and the file must match.

describe('schema/tools snapshot of the installed Claude Code', () => {
  it('matches what the CLI offers in a real request (refresh: node scripts/snapshot-agent-tools.mjs)', async () => {
    const version = claudeCodeVersion();
    expect(version, '@anthropic-ai/claude-code is a dependency').toBeDefined();
    const file = toolSnapshotFile(version!);
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(repoRoot, 'scripts', 'snapshot-agent-tools.mjs'), '--print'],
      { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 },
    );
    const stored = readFileSync(file, 'utf8');
    expect(JSON.parse(stdout), `${file} is stale: run node scripts/snapshot-agent-tools.mjs`).toEqual(
      JSON.parse(stored),
    );
  }, 120_000);
});
