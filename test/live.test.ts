import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { copyOfShippedProject, latestReport } from './helpers/project.js';
import { cliPath, repoRoot, runCli } from './helpers/run-cli.js';

// The live reporter through the built CLI, with the oracle agent (fast, no model): in a pipe when
// forced with --reporter live, and as the default in a real terminal (tmux).
describe('the live reporter, spawned', () => {
  const project = copyOfShippedProject();
  afterAll(() => project.cleanup());
  const args = ['scenarios/stress.yaml', 'scenarios/calculator.yaml', '--agent', 'oracle', '--no-deps'];

  it('--reporter live in a pipe: frames, the finished attempts, then the readiness summary', async () => {
    const result = await runCli([...args, '--reporter', 'live,json'], { cwd: project.dir, env: { CI: '0' } });
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    // Frames are redrawn in place (erase codes); what remains on a terminal is what matters here.
    const stdout = stripVTControlCharacters(result.stdout);
    expect(stdout).toMatch(/^✓ stress#1 {2}passed {2}\S+ {2}10\/10 tasks$/m);
    expect(stdout).toMatch(/^✓ calculator#1 {2}passed /m);
    expect(stdout).toMatch(/Readiness: +READY +every scenario passed and nothing needs attention/);
    expect(stdout).toMatch(/^ {2}stress +✓ passed +100% +10\/10 /m);
    expect(stdout).toMatch(/Reports in reports\/\S+\/: report\.json, events\.jsonl\n*$/);
    expect(latestReport(project.dir).readiness.status).toBe('READY');
  }, 180_000);

  it('--reporter live with CI set: no redrawn frames, only the finished attempts and the summary', async () => {
    const result = await runCli([...args, '--reporter', 'live,json'], {
      cwd: project.dir,
      env: { CI: 'true' },
    });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).not.toContain('\u001b[2K');
    expect(result.stdout).toMatch(/^✓ stress#1 {2}passed /m);
    expect(result.stdout).toContain('Readiness:');
  }, 180_000);
});

const hasScript = spawnSync('script', ['--version']).status === 0;
if (!hasScript)
  console.warn('skipping the live reporter in a size-less terminal: script (util-linux) is not installed');

// `script` with no terminal of its own gives the run a pseudo-terminal without a size (0 x 0), as some
// CI runners and terminal recorders do.
describe.skipIf(!hasScript)('the live reporter in a terminal without a size (script)', () => {
  const project = copyOfShippedProject();
  afterAll(() => project.cleanup());

  it('redraws its frames in place: never clears the terminal or its scrollback', () => {
    // Three tasks of 0.4 s: a run long enough to draw frames (5 a second) before its summary.
    writeFileSync(
      join(project.dir, 'slow.yaml'),
      [
        'version: 1',
        'name: slow',
        'agent: { kind: command, argv: ["sh", "-c", "sleep 0.4; echo done > out-$$.txt; echo done"] }',
        'tasks: { generate: 3, id: "t-{{i}}", title: "Slow Task {{i}}" }',
        'checks:',
        '  - { name: all tasks completed, metric: completion_rate, equals: 1 }',
        '',
      ].join('\n'),
    );
    const command = `node '${cliPath}' slow.yaml`;
    const result = spawnSync('script', ['-qec', command, '/dev/null'], {
      cwd: project.dir,
      env: { ...process.env, CI: '0', TERM: 'xterm-256color' },
      stdio: ['ignore', 'pipe', 'pipe'],
      encoding: 'utf8',
      timeout: 180_000,
    });
    expect(result.status).toBe(0);
    const written = result.stdout;
    // Drawn live (frames erased line by line), then the summary.
    expect(written).toContain('\u001b[2K');
    expect(stripVTControlCharacters(written)).toMatch(/Readiness: +READY/);
    // Ink clears the whole screen (2J) and the scrollback (3J) when it takes the terminal to have 0 rows.
    expect(written).not.toContain('\u001b[2J');
    expect(written).not.toContain('\u001b[3J');
  }, 180_000);
});

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
if (!hasTmux) console.warn('skipping the tmux tests of the live reporter: tmux is not installed');

describe.skipIf(!hasTmux)('the live reporter in a real terminal (tmux 100x30)', () => {
  const project = copyOfShippedProject();
  const socket = `obra-live-test-${process.pid}`;
  const tmux = (...a: string[]) =>
    execFileSync('tmux', ['-L', socket, ...a], { encoding: 'utf8', env: { ...process.env, TMUX: '' } });
  afterAll(() => {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
    project.cleanup();
  });

  async function waitFor(session: string, text: string | RegExp, timeoutMs = 120_000): Promise<string> {
    const start = Date.now();
    let last = '';
    while (Date.now() - start < timeoutMs) {
      last = tmux('capture-pane', '-p', '-J', '-S', '-100', '-t', session);
      if (typeof text === 'string' ? last.includes(text) : text.test(last)) return last;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`"${String(text)}" never showed in the pane; it shows:\n${last}`);
  }
  const start = (session: string, cliArgs: string, command = `node ${cliPath}`) =>
    tmux(
      'new-session',
      ...['-d', '-s', session, '-x', '100', '-y', '30', '-c', project.dir],
      `CI=0 ${command} ${cliArgs}; echo "EXIT=$?"; sleep 600`,
    );
  const cursorShown = (session: string) =>
    tmux('display', '-p', '-t', session, '#{cursor_flag}').trim() === '1';

  it('is the default on a terminal: attempts above, the summary last, the cursor given back', async () => {
    start('done', 'scenarios/stress.yaml scenarios/calculator.yaml --agent oracle --no-deps');
    const shown = await waitFor('done', 'EXIT=');
    expect(shown).toMatch(/^✓ stress#1 {2}passed /m);
    expect(shown).toMatch(/^✓ calculator#1 {2}passed /m);
    expect(shown).toMatch(/Readiness: +READY +every scenario passed/);
    expect(shown).toContain('Reports in reports/');
    expect(shown).toContain('EXIT=0');
    // The live rows are gone: only the summary follows the attempts.
    expect(shown).not.toMatch(/attempts {2}✓/);
    expect(cursorShown('done')).toBe(true);
  }, 180_000);

  it('draws the same when no thread was started early (the CLI entry called as a library would)', async () => {
    // Not through bin/obra-validate.js: the view starts its worker thread itself, at run_begin.
    const bundle = pathToFileURL(join(repoRoot, 'dist', 'cli-bundle', 'index.js')).href;
    const script = join(project.dir, 'direct.mjs');
    writeFileSync(
      script,
      `const { main } = await import(${JSON.stringify(bundle)});\nprocess.exitCode = await main(process.argv.slice(2));\n`,
    );
    start('direct', 'scenarios/stress.yaml --agent oracle', `node ${script}`);
    const shown = await waitFor('direct', 'EXIT=');
    expect(shown).toMatch(/^✓ stress#1 {2}passed /m);
    expect(shown).toMatch(/Readiness: +READY/);
    expect(shown).toContain('EXIT=0');
    expect(cursorShown('direct')).toBe(true);
  }, 180_000);

  it('bad input on a terminal: the error, exit 2 at once, the cursor shown (the early view thread unused)', async () => {
    // The command line says "a run with the live view", so its thread starts before the CLI loads
    // (src/cli/preboot.ts); the run then fails on its input, and no view ever uses that thread.
    const started = Date.now();
    start('bad', 'scenarios/nosuch.yaml');
    const shown = await waitFor('bad', 'EXIT=');
    expect(shown).toContain('obra-validate: no such file or folder: "scenarios/nosuch.yaml".');
    expect(shown).toContain('EXIT=2');
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(cursorShown('bad')).toBe(true);
  }, 60_000);

  it('lets Ctrl+C reach the run: stops gracefully, partial summary, exit 130, terminal restored', async () => {
    // The real Claude Code CLI (replaying the cassette): the run waits on processes, so signals arrive.
    start('stop', 'scenarios/stress.yaml --scale 20');
    await waitFor('stop', /stress#1 {2}task \d+\/20 {2}iter 1/);
    tmux('send-keys', '-t', 'stop', 'C-c');
    const shown = await waitFor('stop', 'EXIT=');
    expect(shown).toContain('obra-validate: stopping gracefully (a partial report will be written)');
    expect(shown).toMatch(/^· stress#1 {2}skipped .*interrupted \(Ctrl\+C\)/m);
    expect(shown).toMatch(/Readiness: +UNKNOWN +the run was interrupted: the report is partial/);
    expect(shown).toContain('EXIT=130');
    expect(cursorShown('stop')).toBe(true);
  }, 180_000);

  it('a second Ctrl+C kills at once: its message is shown and the cursor given back', async () => {
    // The view draws from a worker thread; process.exit stops it wherever it is, and what the run wrote
    // to stderr must not be lost with it. The agent ignores SIGTERM, so the graceful stop waits for the
    // kill grace (2 s) and the second Ctrl+C surely comes while the run is stopping: when a run stopped
    // before it, that Ctrl+C met no handler and killed the shell of the pane with the CLI.
    writeFileSync(
      join(project.dir, 'stubborn.yaml'),
      [
        'version: 1',
        'name: stubborn',
        `agent: { kind: command, argv: ["sh", "-c", "trap '' TERM; sleep 30; echo done"] }`,
        'tasks: { generate: 3, id: "t-{{i}}", title: "Stubborn Task {{i}}" }',
        'checks:',
        '  - { name: all tasks completed, metric: completion_rate, equals: 1 }',
        '',
      ].join('\n'),
    );
    start('kill', 'stubborn.yaml');
    await waitFor('kill', /stubborn#1 {2}task 1\/3 {2}iter 1/);
    tmux('send-keys', '-t', 'kill', 'C-c');
    await waitFor('kill', 'stopping gracefully');
    tmux('send-keys', '-t', 'kill', 'C-c');
    const shown = await waitFor('kill', 'EXIT=');
    expect(shown).toContain('obra-validate: killed.');
    expect(shown).toContain('EXIT=130');
    expect(cursorShown('kill')).toBe(true);
  }, 180_000);
});
