import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { createHostLauncher, type HostLauncher } from './host-launcher.js';
import {
  defaultLaunchHost,
  LAUNCH_HOST_KINDS,
  type LaunchHostKind,
  launchHostTransport,
} from './launch-host.js';
import { NATIVE_LAUNCH_HOST_PATH, NODE_LAUNCH_HOST_PATH } from './launch-host-files.js';
import { directLauncher, type ProcessLauncher } from './launcher.js';
import { encodeStart, nativeHostTransport } from './native-host-transport.js';
import { nodeHostTransport } from './node-host-transport.js';
import { createProcessTracker, runProcess } from './process.js';

const dir = mkdtempSync(join(tmpdir(), 'obra-launch-'));
/** Where `--import tsx` resolves from (the scripts below run src/ TypeScript). */
const repoRoot = join(import.meta.dirname, '..', '..', '..');
// `npm test` builds the native host first; without a C compiler it is not built and its tests say so.
const nativeBuilt = existsSync(NATIVE_LAUNCH_HOST_PATH);
if (!nativeBuilt) {
  process.stderr.write(
    `host-launcher.test.ts: the native launch host's tests are skipped: ${NATIVE_LAUNCH_HOST_PATH} was not built (no C compiler)\n`,
  );
}
const hostKinds = LAUNCH_HOST_KINDS.filter((kind) => kind !== 'native' || nativeBuilt);
const hosts = new Map<LaunchHostKind, HostLauncher>(
  hostKinds.map((kind) => [kind, createHostLauncher(launchHostTransport(kind))]),
);
afterAll(() => {
  for (const host of hosts.values()) host.close();
  rmSync(dir, { recursive: true, force: true });
});

/** True while any process of the group runs. */
/**
 * Whether any live process is in the group `pid` leads: a zombie is dead, only not yet reaped by
 * PID 1 (kill(-pid, 0) would count it, and how soon PID 1 reaps is the machine's, not the host's).
 */
function groupAlive(pid: number): boolean {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    const [state, , group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(group) === pid && state !== 'Z') return true;
  }
  return false;
}

/** Writes a script that imports createHostLauncher and runProcess from this folder; returns its path. */
function hostScript(name: string, body: string): string {
  const script = join(dir, name);
  const from = (file: string) => JSON.stringify(pathToFileURL(join(import.meta.dirname, file)).href);
  writeFileSync(
    script,
    `import { createHostLauncher } from ${from('host-launcher.ts')};\nimport { runProcess } from ${from('process.ts')};\n${body}`,
  );
  return script;
}

/** Node with tsx, from the repository root (where `--import tsx` resolves). */
const tsxArgs = (script: string) => ['--import', 'tsx', script];

/** True once the process is gone or a zombie (killed, not yet reaped by whoever adopted it). */
function processGone(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
  } catch {
    return true;
  }
}

async function waitUntil(condition: () => boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return condition();
}

const launchers: [string, ProcessLauncher][] = [
  ['from this process', directLauncher],
  ...[...hosts].map(([kind, host]): [string, ProcessLauncher] => [`from the ${kind} launch host`, host]),
];
describe.each(launchers)('runProcess, spawned %s', (name, launcher) => {
  it('passes argv, cwd, env and stdin, and returns the exit code and both outputs', async () => {
    const outcome = await runProcess({
      argv: [
        'node',
        '-e',
        'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{console.log(s, process.cwd(), process.env.OBRA_X);console.error("warn");process.exit(3)})',
      ],
      cwd: dir,
      env: { ...process.env, OBRA_X: 'x-value' },
      stdin: 'from stdin',
      launcher,
    });
    expect(outcome).toMatchObject({ exitCode: 3, signal: null, timedOut: false, aborted: false });
    expect(outcome.stdout.trim()).toBe(`from stdin ${dir} x-value`);
    expect(outcome.stderr.trim()).toBe('warn');
  });

  it('gives each process the environment it was given, when it changes between calls and back', async () => {
    const run = (value: string) =>
      runProcess({
        argv: ['node', '-e', 'console.log(process.env.OBRA_ENV_CASE)'],
        cwd: dir,
        env: { ...process.env, OBRA_ENV_CASE: value },
        launcher,
      }).then((outcome) => outcome.stdout.trim());
    expect([await run('a'), await run('a'), await run('b'), await run('a')]).toEqual(['a', 'a', 'b', 'a']);
  });

  it('returns output larger than what the host holds (64 KiB) whole and in order, on both streams', async () => {
    const outcome = await runProcess({
      argv: [
        'node',
        '-e',
        'for (let i = 0; i < 3000; i++) { process.stdout.write(String(i).padStart(60, "o") + "\\n"); process.stderr.write(String(i).padStart(40, "e") + "\\n"); }',
      ],
      cwd: dir,
      env: process.env,
      launcher,
    });
    const lines = (text: string) => text.trim().split('\n');
    expect(lines(outcome.stdout)).toEqual(
      Array.from({ length: 3000 }, (_, i) => String(i).padStart(60, 'o')),
    );
    expect(lines(outcome.stderr)).toEqual(
      Array.from({ length: 3000 }, (_, i) => String(i).padStart(40, 'e')),
    );
  });

  it('keeps binary output byte for byte in its log file', async () => {
    const path = join(dir, `${name.replaceAll(' ', '-')}-bytes.log`);
    await runProcess({
      argv: ['node', '-e', 'process.stdout.write(Buffer.from([0, 255, 128, 10, 200]))'],
      cwd: dir,
      env: process.env,
      stdoutPath: path,
      launcher,
    });
    expect([...readFileSync(path)]).toEqual([0, 255, 128, 10, 200]);
  });

  it('says a binary that is missing could not start (ENOENT)', async () => {
    const outcome = await runProcess({ argv: ['obra-no-such-binary'], cwd: dir, env: process.env, launcher });
    expect(outcome.spawnError?.code).toBe('ENOENT');
    expect(outcome.spawnError?.message).toContain('obra-no-such-binary');
    // The close's code is Node's for a spawn that failed (-errno), whichever launcher started it.
    expect(outcome.exitCode).toBe(-2);
  });

  it('looks a command up on PATH as execvp does: EACCES for a match it cannot run, relative entries from its cwd', async () => {
    const root = mkdtempSync(join(dir, 'path-'));
    mkdirSync(join(root, 'locked'));
    writeFileSync(join(root, 'locked', 'obra-locked'), '#!/bin/sh\necho no\n', { mode: 0o644 });
    mkdirSync(join(root, 'rel'));
    writeFileSync(join(root, 'rel', 'obra-rel'), '#!/bin/sh\necho found\n', { mode: 0o755 });
    const locked = await runProcess({
      argv: ['obra-locked'],
      cwd: root,
      env: { ...process.env, PATH: `${join(root, 'locked')}:/usr/bin:/bin` },
      launcher,
    });
    expect(locked.spawnError?.code).toBe('EACCES');
    const relative = await runProcess({
      argv: ['obra-rel'],
      cwd: root,
      env: { ...process.env, PATH: 'rel:/usr/bin:/bin' },
      launcher,
    });
    expect(relative.spawnError).toBeUndefined();
    expect(relative.stdout.trim()).toBe('found');
  });

  it('never starts a process with a NUL byte in an argument (refused, ERR_INVALID_ARG_VALUE)', async () => {
    const refused = await runProcess({ argv: ['echo', 'a\0b'], cwd: dir, env: process.env, launcher }).then(
      (outcome) => outcome.spawnError,
      (error: NodeJS.ErrnoException) => error,
    );
    expect(refused?.code).toBe('ERR_INVALID_ARG_VALUE');
  });

  it('kills the whole process group at the deadline, grandchildren included', async () => {
    const pidFile = join(dir, `${name.replaceAll(' ', '-')}-grandchild.pid`);
    const tracker = createProcessTracker();
    const outcome = await runProcess({
      argv: ['sh', '-c', `sleep 30 & echo $! > ${pidFile}; wait`],
      cwd: dir,
      env: process.env,
      timeoutMs: 300,
      killGraceMs: 200,
      tracker,
      launcher,
    });
    expect(outcome.timedOut).toBe(true);
    const grandchild = Number(readFileSync(pidFile, 'utf8'));
    expect(await waitUntil(() => !groupAlive(grandchild))).toBe(true);
    expect(tracker.size()).toBe(0);
  });

  it('kills what the process left running in its group once it exited', async () => {
    const outcome = await runProcess({
      argv: ['sh', '-c', 'sleep 30 > /dev/null 2>&1 & echo $!'],
      cwd: dir,
      env: process.env,
      launcher,
    });
    expect(outcome.exitCode).toBe(0);
    const leftBehind = Number(outcome.stdout.trim());
    expect(leftBehind).toBeGreaterThan(0);
    expect(await waitUntil(() => processGone(leftBehind))).toBe(true);
  });

  it('stops on an abort given before the process started', async () => {
    const outcome = await runProcess({
      argv: ['sleep', '30'],
      cwd: dir,
      env: process.env,
      signal: AbortSignal.abort(),
      launcher,
    });
    expect(outcome.aborted).toBe(true);
    expect(outcome.signal).toBe('SIGTERM');
  });
});

describe.each(hostKinds)('the %s launch host', (kind) => {
  const host = hosts.get(kind)!;
  const transport = () => launchHostTransport(kind);
  /** Runs a script of hostScript to its end, its launchers on this kind of host. */
  const runHostScript = (script: string) =>
    spawnSync(process.execPath, tsxArgs(script), {
      cwd: repoRoot,
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, OBRA_LAUNCH_HOST: kind },
    });
  it('runs processes at the same time', async () => {
    const started = performance.now();
    const outcomes = await Promise.all(
      [1, 2, 3, 4].map((i) =>
        runProcess({
          argv: ['sh', '-c', `sleep 0.3; echo ${i}`],
          cwd: dir,
          env: process.env,
          launcher: host,
        }),
      ),
    );
    expect(outcomes.map((o) => o.stdout.trim())).toEqual(['1', '2', '3', '4']);
    // Four 0.3 s sleeps one after the other would take 1.2 s.
    expect(performance.now() - started).toBeLessThan(1100);
  });

  it('ends the processes it ran when it dies, and the next launch starts a new host', async () => {
    const launcher = createHostLauncher(transport());
    const tracker = createProcessTracker();
    const pidFile = join(dir, `${kind}-lost-host.pid`);
    const running = runProcess({
      argv: ['sh', '-c', `echo $$ > ${pidFile}; exec sleep 30`],
      cwd: dir,
      env: process.env,
      tracker,
      launcher,
    });
    expect(await waitUntil(() => tracker.size() === 1 && existsSync(pidFile))).toBe(true);
    const agent = Number(readFileSync(pidFile, 'utf8'));
    const first = launcher.hostPid()!;
    process.kill(first, 'SIGKILL');
    const outcome = await running;
    expect(outcome.spawnError?.code).toBe('EHOSTLOST');
    expect(outcome.spawnError?.message).toContain('was killed by SIGKILL');
    expect(tracker.size()).toBe(0);
    // The host could not kill it at its close: the launcher did, when it learned the host was gone.
    expect(await waitUntil(() => processGone(agent))).toBe(true);
    const again = await runProcess({ argv: ['echo', 'again'], cwd: dir, env: process.env, launcher });
    expect(again.stdout.trim()).toBe('again');
    expect(launcher.hostPid()).not.toBe(first);
    launcher.close();
  });

  it('kills, when it is closed, what a process whose leader exited still runs in its group', async () => {
    const launcher = createHostLauncher(transport());
    const pidFile = join(dir, `${kind}-left-member.pid`);
    // The leader exits at once; the member keeps the group's stdout open, so the call has not closed.
    launcher.launch(
      {
        file: 'sh',
        args: ['-c', `sleep 30 & echo $! > ${pidFile}; exit 3`],
        cwd: dir,
        env: process.env,
        stdin: '',
      },
      { spawned() {}, output() {}, error() {}, closed() {} },
    );
    expect(await waitUntil(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '')).toBe(
      true,
    );
    const member = Number(readFileSync(pidFile, 'utf8'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(processGone(member)).toBe(false);
    launcher.close();
    expect(await waitUntil(() => processGone(member))).toBe(true);
  });

  it('can be started before the first launch, and then runs it on that host', async () => {
    const launcher = createHostLauncher(transport());
    launcher.warm();
    const warmed = launcher.hostPid();
    expect(warmed).toBeGreaterThan(0);
    const outcome = await runProcess({ argv: ['echo', 'warm'], cwd: dir, env: process.env, launcher });
    expect(outcome.stdout.trim()).toBe('warm');
    expect(launcher.hostPid()).toBe(warmed);
    launcher.close();
  });

  it('does not keep its parent alive once nothing runs', () => {
    const script = hostScript(
      `idle-${kind}.mjs`,
      `createHostLauncher().warm(); // a host started and never used
const outcome = await runProcess({ argv: ['echo', 'ran'], cwd: process.cwd(), env: process.env, launcher: createHostLauncher() });
console.log(outcome.stdout.trim());`,
    );
    const parent = runHostScript(script);
    expect(parent.error).toBeUndefined(); // no ETIMEDOUT: it exited by itself
    expect(parent.stdout.trim()).toBe('ran');
    expect(parent.status).toBe(0);
  });

  it('kills every group it still runs when its parent goes away', () => {
    // A parent that starts a long process through the host, prints its pid, then exits without waiting.
    const script = hostScript(
      `parent-${kind}.mjs`,
      `const launcher = createHostLauncher();
launcher.launch({ file: 'sleep', args: ['30'], cwd: process.cwd(), env: process.env, stdin: '' }, {
  spawned: (pid) => { console.log(pid); process.exit(0); },
  output() {}, error() {}, closed() {},
});`,
    );
    const parent = runHostScript(script);
    expect(parent.status).toBe(0);
    const pid = Number(parent.stdout.trim());
    expect(pid).toBeGreaterThan(0);
    return waitUntil(() => !groupAlive(pid)).then((gone) => expect(gone).toBe(true));
  });

  it('kills, when its parent goes away, what a process whose leader exited left in its group', () => {
    const pidFile = join(dir, `${kind}-orphan-member.pid`);
    // The leader exits at once; the member holds the group's stdout, so no close was sent for it.
    const script = hostScript(
      `orphan-${kind}.mjs`,
      `const launcher = createHostLauncher();
launcher.launch({ file: 'sh', args: ['-c', 'sleep 30 & echo $! > ${pidFile}; exit 3'], cwd: process.cwd(), env: process.env, stdin: '' }, {
  spawned() {}, output() {}, error() {}, closed() {},
});
setTimeout(() => process.exit(0), 500);`,
    );
    const parent = runHostScript(script);
    expect(parent.status).toBe(0);
    const member = Number(readFileSync(pidFile, 'utf8'));
    expect(member).toBeGreaterThan(0);
    return waitUntil(() => processGone(member)).then((gone) => expect(gone).toBe(true));
  });

  it('kills what it runs when a signal meant for the terminal ends its parent (SIGHUP to both)', async () => {
    const script = hostScript(
      `hangup-${kind}.mjs`,
      `const launcher = createHostLauncher();
launcher.launch({ file: 'sleep', args: ['30'], cwd: process.cwd(), env: process.env, stdin: '' }, {
  spawned: (pid) => console.log(JSON.stringify({ agent: pid, host: launcher.hostPid() })),
  output() {}, error() {}, closed() {},
});`,
    );
    const parent = spawn(process.execPath, tsxArgs(script), {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, OBRA_LAUNCH_HOST: kind },
    });
    const line = await new Promise<string>((resolve) =>
      parent.stdout.once('data', (chunk: Buffer) => resolve(String(chunk))),
    );
    const { agent, host: hostPid } = JSON.parse(line) as { agent: number; host: number };
    expect(groupAlive(agent)).toBe(true);
    process.kill(hostPid, 'SIGHUP');
    process.kill(parent.pid!, 'SIGHUP');
    expect(await waitUntil(() => !groupAlive(agent))).toBe(true);
  });

  it('kills what it runs when its parent is SIGKILLed with its whole process group (issue 28)', async () => {
    const script = hostScript(
      `group-kill-${kind}.mjs`,
      `const launcher = createHostLauncher();
launcher.launch({ file: 'sleep', args: ['30'], cwd: process.cwd(), env: process.env, stdin: '' }, {
  spawned: (pid) => console.log(JSON.stringify({ agent: pid, host: launcher.hostPid() })),
  output() {}, error() {}, closed() {},
});`,
    );
    // The parent leads its own process group, as a shell starts a command.
    const parent = spawn(process.execPath, tsxArgs(script), {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, OBRA_LAUNCH_HOST: kind },
      detached: true,
    });
    const line = await new Promise<string>((resolve) =>
      parent.stdout.once('data', (chunk: Buffer) => resolve(String(chunk))),
    );
    const { agent, host: hostPid } = JSON.parse(line) as { agent: number; host: number };
    expect(groupAlive(agent)).toBe(true);
    // The host is not in that group: the group's SIGKILL leaves it to kill the agent's group.
    const stat = readFileSync(`/proc/${hostPid}/stat`, 'utf8');
    const hostGroup = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]);
    expect(hostGroup).not.toBe(parent.pid);
    process.kill(-parent.pid!, 'SIGKILL');
    expect(await waitUntil(() => !groupAlive(agent), 1500)).toBe(true);
    expect(await waitUntil(() => processGone(hostPid))).toBe(true);
  });

  it('says which host it is', () => {
    expect(host.kind).toBe(kind);
  });
});

describe.skipIf(!nativeBuilt)('the native launch host on Linux (PR_SET_PDEATHSIG)', () => {
  it('kills what it runs when its parent dies, even while its stdin stays open', async () => {
    const marker = `obra-pdeathsig-${process.pid}`;
    // The host's stdin is a FIFO it holds open for writing too, so it never reads an end of file: only
    // the parent-death signal can tell it that its parent is gone. An intermediate parent starts it.
    const fifo = join(dir, 'pdeathsig.fifo');
    execFileSync('mkfifo', [fifo]);
    const parent = spawn(
      process.execPath,
      [
        '-e',
        `const fd = require('node:fs').openSync(${JSON.stringify(fifo)}, 'r+');
const h = require('node:child_process').spawn(${JSON.stringify(NATIVE_LAUNCH_HOST_PATH)}, [String(process.pid)], { stdio: [fd, 'ignore', 'inherit'], detached: true });
console.log(h.pid); setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const hostPid = Number(
      await new Promise<string>((resolve) =>
        parent.stdout.once('data', (chunk: Buffer) => resolve(String(chunk))),
      ),
    );
    writeFileSync(
      fifo,
      encodeStart({
        id: 1,
        file: 'sh',
        args: ['-c', 'sleep 30; exit 0', marker],
        cwd: dir,
        env: process.env,
        stdin: '',
      }),
    );
    const agent = () =>
      readdirSync('/proc')
        .filter((p) => /^\d+$/.test(p))
        .find((p) => {
          try {
            return readFileSync(`/proc/${p}/cmdline`, 'utf8').includes(marker);
          } catch {
            return false;
          }
        });
    expect(await waitUntil(() => agent() !== undefined)).toBe(true);
    const agentPid = Number(agent());
    parent.kill('SIGKILL');
    try {
      // Killed (a zombie until whoever adopted it reaps it) within a second or so.
      expect(await waitUntil(() => processGone(agentPid), 1500)).toBe(true);
      expect(await waitUntil(() => processGone(hostPid))).toBe(true);
    } finally {
      for (const pid of [agentPid, hostPid]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone
        }
      }
    }
  });
});

describe('the launch host files and the choice of host', () => {
  it('are files of the package (bin/, dist/native/), found from src/ and dist/ alike', () => {
    expect(readFileSync(NODE_LAUNCH_HOST_PATH, 'utf8')).toContain("type: 'spawned'");
    expect(NATIVE_LAUNCH_HOST_PATH).toBe(
      join(repoRoot, 'dist', 'native', `launch-host-${process.platform}-${process.arch}`),
    );
  });

  it('takes OBRA_LAUNCH_HOST, else the native host when built, and says why', () => {
    expect(defaultLaunchHost({ OBRA_LAUNCH_HOST: 'node' })).toMatchObject({
      transport: { kind: 'node' },
      reason: 'OBRA_LAUNCH_HOST',
    });
    const chosen = defaultLaunchHost({});
    expect(chosen.transport.kind).toBe(nativeBuilt ? 'native' : 'node');
    expect(chosen.reason).toMatch(
      nativeBuilt ? /built for this platform/ : /no native launch host was built/,
    );
  });

  it('refuses an OBRA_LAUNCH_HOST that is not a host, naming the value and the choices', () => {
    expect(() => defaultLaunchHost({ OBRA_LAUNCH_HOST: 'fast' })).toThrow(
      'OBRA_LAUNCH_HOST="fast" is not a launch host; use native or node (or unset it)',
    );
  });

  it.each([
    ['node', nodeHostTransport, 'reinstall the package (npm ci)'],
    ['native', nativeHostTransport, 'reinstall the package (npm ci)'],
  ] as const)('says how to get a %s host whose file is missing', (_kind, transport, fix) => {
    const launcher = createHostLauncher(transport(join(dir, 'no-such-host')));
    const handlers = { spawned() {}, output() {}, error() {}, closed() {} };
    expect(() => launcher.launch({ file: 'true', args: [], cwd: dir, env: {}, stdin: '' }, handlers)).toThrow(
      fix,
    );
  });
});
