// Baseline of figure 2: the same Claude Code CLI invocations the harness makes for the stress scenario
// (argv and environment built by the very functions the claude-code agent uses, from the built dist),
// run bare against the same model server playing the same cassette: no store, no checks, no events.
//   node bench/lib/bare-claude.mjs '{"count":10,"concurrency":1,"dir":"/tmp/x","cassette":"...","title":"Stress Task {{i}}","description":"..."}'
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dist = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
const { buildPrompt, claudeArgv, claudeEnv, initialMaxTurns, parseCoreConfig, resolveClaudeBinary } =
  await import(join(dist, 'core', 'index.js'));
const { loadCassette, startModelServer } = await import(join(dist, 'model-server', 'index.js'));

const config = JSON.parse(process.argv[2]);
const workspace = join(config.dir, 'workspace');
const home = join(config.dir, 'agent-home');
const tmpDir = join(config.dir, 'tmp');
for (const dir of [workspace, home, tmpDir]) mkdirSync(dir, { recursive: true });

const server = await startModelServer({ cassettes: [await loadCassette(config.cassette)] });
const options = { model: 'replay', baseUrl: server.url, home, tmpDir };
const env = claudeEnv(options);
const binary = resolveClaudeBinary();
const fill = (text, i) => text.replaceAll('{{i}}', String(i));

function once(i) {
  const prompt = buildPrompt({
    title: fill(config.title, i),
    description: fill(config.description, i),
    workingDirectory: workspace,
    iteration: 1,
    feedback: [],
  });
  const request = {
    prompt,
    cwd: workspace,
    sessionId: randomUUID(),
    resume: false,
    maxTurns: initialMaxTurns('task', parseCoreConfig({}).maxTurns),
  };
  const argv = claudeArgv(binary, request, options);
  return new Promise((resolve) => {
    const child = spawn(argv[0], argv.slice(1), {
      cwd: workspace,
      env,
      detached: true,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
    });
    child.stderr.on('data', () => {});
    child.stdin.end();
    child.on('close', (code) => resolve({ code, out }));
  });
}

let next = 0;
let failed = 0;
async function worker() {
  while (next < config.count) {
    const i = ++next;
    const { code, out } = await once(i);
    if (code !== 0 || !out.includes('"is_error":false') || !existsSync(join(workspace, `stress_${i}.txt`))) {
      failed++;
      process.stderr.write(`task ${i}: exit ${code}: ${out.slice(0, 300)}\n`);
    }
  }
}
try {
  await Promise.all(Array.from({ length: config.concurrency }, worker));
} finally {
  await server.close();
}
process.stdout.write(`${JSON.stringify({ count: config.count, failed })}\n`);
process.exitCode = failed === 0 ? 0 : 1;
