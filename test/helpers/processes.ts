import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Pids of live processes (not zombies) whose command line contains every one of `parts` (reads /proc,
 * no ps needed). The test runner's own processes are left out.
 */
export function processesWith(...parts: string[]): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const zombie = stat.slice(stat.lastIndexOf(')') + 2)[0] === 'Z';
      if (!zombie && !cmd.includes('vitest') && parts.every((p) => cmd.includes(p))) found.push(Number(pid));
    } catch {
      // the process ended while we looked
    }
  }
  return found;
}

/**
 * Can this machine give a spawned command its own mount namespace with a tmpfs (root with
 * CAP_SYS_ADMIN and util-linux `unshare`)? The mount disappears with the command: nothing leaks.
 */
export function canMountTmpfs(): boolean {
  const dir = mkdtempSync(join(tmpdir(), 'obra-mount-probe-'));
  try {
    const probe = spawnSync(
      'unshare',
      ['-m', '--propagation', 'private', 'sh', '-c', 'mount -t tmpfs -o size=4k tmpfs "$1"', 'sh', dir],
      { stdio: 'ignore', timeout: 10_000 },
    );
    return probe.status === 0;
  } catch {
    return false;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** argv that runs `command` with a private tmpfs (mount options `options`, e.g. "ro,size=64k") on `dir`. */
export function withTmpfs(dir: string, options: string, command: readonly string[]): string[] {
  return [
    'unshare',
    '-m',
    '--propagation',
    'private',
    'sh',
    '-c',
    'mount -t tmpfs -o "$1" tmpfs "$2" && shift 2 && exec "$@"',
    'sh',
    options,
    dir,
    ...command,
  ];
}

/** Runs any command (e.g. the CLI under `unshare`) and collects its exit code and output. */
export function runCommand(
  argv: readonly string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number },
): Promise<{ exitCode: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const [command, ...args] = argv;
    const child = spawn(command!, args, {
      cwd: options.cwd,
      env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', CI: 'true', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (exitCode) => {
      clearTimeout(timer);
      resolve({ exitCode, stdout, stderr });
    });
  });
}
