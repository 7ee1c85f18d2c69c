// Servers of figure 6, each in its own Node process (the load generator runs in the bench process).
//   node bench/lib/serve.mjs model <cassette.yaml>       the embedded model server (built dist)
//   node bench/lib/serve.mjs bare <reply.json>           a bare node:http server streaming the same bytes
// Prints {"url": ...} on one line, then serves until stdin closes.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [mode, file] = process.argv.slice(2);
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');
let close;
if (mode === 'model') {
  const { startModelServer, loadCassette } = await import(join(dist, 'model-server', 'index.js'));
  const server = await startModelServer({ cassettes: [await loadCassette(file)] });
  process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);
  close = () => server.close();
} else if (mode === 'bare') {
  // The recorded reply: status, headers and the SSE events, written one event per chunk like the
  // model server writes them. The request body is read whole (the model server must parse it).
  const reply = JSON.parse(readFileSync(file, 'utf8'));
  const server = createServer(async (req, res) => {
    for await (const _chunk of req) {
      // drain the body
    }
    res.writeHead(reply.status, reply.headers);
    for (const chunk of reply.chunks) res.write(chunk);
    res.end();
  });
  server.keepAliveTimeout = 5_000;
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}` })}\n`);
  close = () =>
    new Promise((resolve) => {
      server.close(resolve);
      server.closeAllConnections();
    });
} else {
  process.stderr.write(`usage: serve.mjs model <cassette> | bare <reply.json>; got ${mode}\n`);
  process.exit(2);
}
process.stdin.resume();
process.stdin.on('end', async () => {
  await close();
  process.exit(0);
});
