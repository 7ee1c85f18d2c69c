import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliPath, makeTempProject, repoRoot, runCli } from './helpers/run-cli.js';

const sample = join(repoRoot, 'fixtures', 'runs', 'sample');

describe('obra-validate view (spawned, no terminal)', () => {
  const project = makeTempProject();
  afterAll(() => project.cleanup());

  it('refuses to start without a terminal, saying what to read instead (exit 2)', async () => {
    const result = await runCli(['view', sample], { cwd: project.dir });
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^obra-validate: view is interactive and needs a terminal \(stdin is not a TTY\)\. Without one, read .*fixtures\/runs\/sample\/report\.md or run `npx obra-validate report .*fixtures\/runs\/sample --reporter markdown --out DIR`\.\n$/,
    );
  });

  it('says when there is no run to view, defaulting to reports/latest (exit 2)', async () => {
    const result = await runCli(['view'], { cwd: project.dir });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain(
      `no such run directory: "reports/latest" (${project.dir}/reports/latest).`,
    );
    expect(result.stderr).toContain(
      'Run scenarios first (`npx obra-validate scenarios/` writes reports/latest)',
    );
  });

  it('lists the keys in --help', async () => {
    const result = await runCli(['view', '--help'], { cwd: project.dir });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('Usage: obra-validate view [options] [runDir]');
    expect(result.stdout).toContain(
      'Keys: ↑↓ or j/k move, enter open, esc back, / filter, f failures only, q quit.',
    );
  });
});

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux) console.warn('skipping the tmux smoke test of `obra-validate view`: tmux is not installed');

/**
 * The real terminal: the built CLI in a tmux pane of 80x24, driven by send-keys and read by
 * capture-pane. Its own tmux server (-L), killed at the end.
 */
describe.skipIf(!hasTmux)('obra-validate view in a real terminal (tmux 80x24)', () => {
  const socket = `obra-view-test-${process.pid}`;
  const tmux = (...args: string[]) =>
    execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', env: { ...process.env, TMUX: '' } });
  const screen = () => tmux('capture-pane', '-p', '-t', 'view');
  afterAll(() => {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
  });

  /** Polls the pane until `text` shows (the CLI starts slowly on a busy machine); returns the screen. */
  async function waitFor(text: string | RegExp, timeoutMs = 60_000): Promise<string> {
    const start = Date.now();
    let last = '';
    while (Date.now() - start < timeoutMs) {
      last = screen();
      if (typeof text === 'string' ? last.includes(text) : text.test(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`"${String(text)}" never showed in the pane; it shows:\n${last}`);
  }
  const keys = (...k: string[]) => tmux('send-keys', '-t', 'view', ...k);

  it('browses the recorded run down to an iteration and back, follows a resize, quits with q', async () => {
    // CI=0: Ink draws only the last frame when CI is set (the view command refuses to start then).
    const command = `CI=0 CONTINUOUS_INTEGRATION=0 FORCE_COLOR=0 node ${cliPath} view ${sample}; echo "EXIT=$?"; sleep 600`;
    tmux('new-session', '-d', '-s', 'view', '-x', '80', '-y', '24', '-c', repoRoot, command);

    let shown = await waitFor('Scenarios (4)');
    expect(shown).toMatch(/^run 20261125-103953-b786 +NOT_READY +3 passed, 1 failed/);
    expect(shown).toMatch(/^› ✗ calculator-strict +failed/m);
    expect(shown).toContain('↑↓/jk move · enter open · esc back · / filter · f failures · q quit');
    for (const line of shown.split('\n')) expect(line.length).toBeLessThanOrEqual(80);

    keys('Enter');
    await waitFor('run › calculator-strict\n');
    keys('Enter');
    shown = await waitFor('run › calculator-strict › #1');
    expect(shown).toMatch(/Checks \(19: 1 not passed\)\n {2}✗ a power function exists/);
    keys('Enter');
    await waitFor('task 1 (calc): Create calculator.py; completed');
    keys('j');
    await waitFor(/› ✓ iteration 2/);
    keys('Enter');
    shown = await waitFor('run › calculator-strict › #1 › task 1 › iteration 2');
    expect(shown).toMatch(/^Decision {4}proceed: /m);
    expect(shown).toMatch(/^Session {5}8632d95a-8452-4bf8-9497-aa499fa90153 \(echoed\)/m);
    keys('G');
    shown = await waitFor('Reply (excerpt, interaction 2 in attempts/calculator-strict-1/obra.sqlite)');

    tmux('resize-window', '-t', 'view', '-x', '60', '-y', '16');
    // Rewrapped at 60 columns: more lines than the 33 of 80 columns.
    shown = await waitFor(/\d+–\d+ of (3[4-9]|[4-9]\d)\n/);
    for (const line of shown.split('\n')) expect(line.length).toBeLessThanOrEqual(60);
    expect(shown.trimEnd().split('\n').length).toBeLessThanOrEqual(16);

    keys('Escape');
    await waitFor(/run › calculator-strict › #1 › task 1\s*\n/);
    keys('q');
    shown = await waitFor('EXIT=0');
  }, 120_000);

  it('refuses to start in a terminal when CI is set: Ink would draw nothing until the end (exit 2)', async () => {
    const command = `CI=true node ${cliPath} view ${sample}; echo "EXIT=$?"; sleep 600`;
    tmux('new-session', '-d', '-s', 'ci', '-x', '80', '-y', '24', '-c', repoRoot, command);
    const start = Date.now();
    let shown = '';
    while (!shown.includes('EXIT=') && Date.now() - start < 60_000) {
      await new Promise((r) => setTimeout(r, 100));
      shown = tmux('capture-pane', '-p', '-J', '-t', 'ci');
    }
    expect(shown).toContain(
      'obra-validate: view is interactive, and CI=true is set: in CI Ink draws only the last frame',
    );
    expect(shown).toContain('EXIT=2');
  }, 120_000);
});
