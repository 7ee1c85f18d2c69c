import { execFileSync, spawnSync } from 'node:child_process';
import { cliPath } from './paths.js';

let sessions = 0;

/** Whether tmux can run here (the view figure needs a real terminal). */
export function hasTmux(): boolean {
  return spawnSync('tmux', ['-V']).status === 0;
}

/**
 * Opens `obra-validate view RUN_DIR` in a tmux pane of 80x24 (a real terminal, CI unset) and returns the
 * milliseconds from the spawn until the first screen (the scenario list) is drawn; then quits with q.
 * The pane is read every 5 ms, so the figure is at most that much late.
 */
export async function timeViewReady(
  runDir: string,
  cwd: string,
  timeoutMs = 30_000,
  cli: string = cliPath,
): Promise<number> {
  const socket = `obra-bench-${process.pid}-${++sessions}`;
  const tmux = (...args: string[]) =>
    execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8', env: { ...process.env, TMUX: '' } });
  const command = `env -u CI -u CONTINUOUS_INTEGRATION TERM=xterm-256color ${process.execPath} ${cli} view ${runDir}`;
  try {
    const started = performance.now();
    execFileSync(
      'tmux',
      ['-L', socket, 'new-session', '-d', '-s', 'view', '-x', '80', '-y', '24', '-c', cwd, command],
      {
        env: { ...process.env, TMUX: '' },
      },
    );
    while (performance.now() - started < timeoutMs) {
      const screen = tmux('capture-pane', '-p', '-t', 'view');
      if (/Scenarios \(\d+\)/.test(screen)) {
        const readyMs = performance.now() - started;
        tmux('send-keys', '-t', 'view', 'q');
        return readyMs;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    throw new Error(`obra-validate view ${runDir} drew no scenario list within ${timeoutMs} ms`);
  } finally {
    spawnSync('tmux', ['-L', socket, 'kill-server']);
  }
}
