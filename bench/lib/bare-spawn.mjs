// Baseline of figures 1, 3 and 4: spawns the same process N times, C at a time, with nothing else.
// Run as its own Node process (like the CLI it is compared with):
//   node bench/lib/bare-spawn.mjs '{"argv":["sh","-c","..."],"count":1000,"concurrency":1,"cwd":"/tmp/x"}'
// Each child gets its own process group and piped stdio, as the harness's agents do.
import { spawn } from 'node:child_process';

const { argv, count, concurrency, cwd } = JSON.parse(process.argv[2]);
let started = 0;
let failed = 0;

function once() {
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), { cwd, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', () => {});
    child.stdin.end();
    child.on('close', (code) => {
      if (code !== 0 || out.trim() === '') failed++;
      resolve();
    });
  });
}

async function worker() {
  while (started < count) {
    started++;
    await once();
  }
}

await Promise.all(Array.from({ length: concurrency }, worker));
process.stdout.write(`${JSON.stringify({ count, failed })}\n`);
process.exitCode = failed === 0 ? 0 : 1;
