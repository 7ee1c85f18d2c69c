// Writes schema/tools/claude-code-<version>.json: the tools the installed Claude Code CLI offers the model
// (name and input JSON Schema) and the deferred tools it names, as the embedded model server sees them in a
// real request. `obra-validate check` validates every cassette's tool_calls[].input against it.
// Run it after changing the @anthropic-ai/claude-code pin (needs `npm run build` first):
//   node scripts/snapshot-agent-tools.mjs            # writes the snapshot of the installed version
//   node scripts/snapshot-agent-tools.mjs --print    # prints it instead (a test compares it with the file)
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const dist = (path) => import(join(root, 'dist', path));
const { startModelServer } = await dist('model-server/index.js');
const { createClaudeCodeAgent } = await dist('core/agents/claude-code.js');
const { snapshotFromRequest, claudeCodeVersion, toolSnapshotFile } = await dist(
  'model-server/tool-snapshot.js',
);

const print = process.argv.includes('--print');
const scratch = mkdtempSync(join(tmpdir(), 'obra-validate-tools-'));
const server = await startModelServer({
  cassettes: [
    {
      version: 1,
      name: 'tool-snapshot',
      conversations: [{ name: 'any', turns: [{ reply: { text: 'ok' } }] }],
    },
  ],
  keepBodies: 100,
});
try {
  const workspace = join(scratch, 'workspace');
  mkdirSync(workspace);
  const agent = createClaudeCodeAgent({
    home: join(scratch, 'home'),
    tmpDir: join(scratch, 'tmp'),
    baseUrl: server.url,
  });
  await agent.run({ prompt: 'hello', cwd: workspace, sessionId: randomUUID(), maxTurns: 1, resume: false });
  const request = server
    .requests()
    .find((entry) => Array.isArray(entry.body?.tools) && entry.body.tools.length > 0);
  if (request === undefined) {
    console.error('snapshot-agent-tools: Claude Code sent no request that offers tools; nothing written');
    process.exitCode = 1;
  } else {
    const version = claudeCodeVersion();
    const snapshot = snapshotFromRequest(request.body, version);
    const text = `${JSON.stringify(snapshot, null, 2)}\n`;
    if (print) process.stdout.write(text);
    else {
      const file = toolSnapshotFile(version);
      writeFileSync(file, text);
      console.log(
        `snapshot-agent-tools: ${snapshot.tools.length} tools and ${snapshot.deferred.length} deferred tools of Claude Code ${version} → ${file}`,
      );
    }
  }
} finally {
  await server.close();
  rmSync(scratch, { recursive: true, force: true });
}
