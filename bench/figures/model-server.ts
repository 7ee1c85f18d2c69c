import { type ChildProcess, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type BenchContext, type FigureResult, judged } from '../lib/figure.js';
import { benchDir, repoRoot } from '../lib/paths.js';
import { pairedRatios, summarize } from '../lib/stats.js';

const CLIENTS = 8;
const WINDOW_MS = 3000;
const WARMUP_REQUESTS = 200;
const CASSETTE = join(repoRoot, 'fixtures', 'cassettes', 'stress.yaml');

/**
 * Figure 6: streamed replies per second of the model server with 8 concurrent keep-alive clients, each
 * sending a Claude-Code-shaped first turn of the stress scenario, against a bare node:http server
 * streaming the very same reply bytes. Both servers run in their own process.
 */
export async function modelServerFigure(ctx: BenchContext): Promise<FigureResult[]> {
  const body = JSON.stringify(stressFirstTurn(7));
  const model = await startServer(['model', CASSETTE]);
  let reply: Reply;
  try {
    reply = await post(model.url, body, new Agent({ keepAlive: true }));
  } catch (error) {
    model.stop();
    throw error;
  }
  if (reply.status !== 200 || !reply.chunks.join('').includes('stress_7.txt')) {
    model.stop();
    throw new Error(
      `figure 6: the model server did not play the stress turn: ${reply.status} ${reply.chunks.join('').slice(0, 500)}`,
    );
  }
  const replyFile = join(ctx.workDir, 'model-server-reply.json');
  writeFileSync(replyFile, JSON.stringify(reply));
  const bare = await startServer(['bare', replyFile]);
  const modelRates: number[] = [];
  const bareRates: number[] = [];
  try {
    for (let rep = 0; rep < ctx.reps; rep++) {
      for (const side of rep % 2 === 0 ? ['bare', 'model'] : ['model', 'bare']) {
        const rate = await measure(side === 'model' ? model.url : bare.url, body);
        (side === 'model' ? modelRates : bareRates).push(rate);
      }
      ctx.log(
        `  6: rep ${rep + 1}/${ctx.reps}: model server ${modelRates.at(-1)!.toFixed(0)}/s, bare ${bareRates.at(-1)!.toFixed(0)}/s`,
      );
    }
  } finally {
    model.stop();
    bare.stop();
  }
  return [
    judged({
      id: '6a',
      name: `model server: streamed replies/s, ${CLIENTS} concurrent clients`,
      unit: '/s',
      summary: summarize(modelRates),
      details: { bareRates, requestBytes: body.length, replyBytes: reply.chunks.join('').length },
    }),
    judged({
      id: '6b',
      name: 'model server: replies/s vs a bare node:http server streaming the same bytes',
      unit: 'x',
      summary: summarize(pairedRatios(modelRates, bareRates)),
    }),
  ];
}

interface Reply {
  status: number;
  headers: Record<string, string>;
  chunks: string[];
}

async function measure(url: string, body: string): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS });
  try {
    let warm = 0;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (warm++ < WARMUP_REQUESTS) await post(url, body, agent);
      }),
    );
    let done = 0;
    const started = performance.now();
    const until = started + WINDOW_MS;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (performance.now() < until) {
          await post(url, body, agent);
          done++;
        }
      }),
    );
    return done / ((performance.now() - started) / 1000);
  } finally {
    agent.destroy();
  }
}

function post(url: string, body: string, agent: Agent): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}/v1/messages?beta=true`,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'anthropic-version': '2023-06-01',
          'x-api-key': 'bench',
          'content-length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: string[] = [];
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => chunks.push(chunk));
        res.on('end', () => {
          const headers: Record<string, string> = {};
          for (const [k, v] of Object.entries(res.headers)) {
            if (
              typeof v === 'string' &&
              !['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(k)
            )
              headers[k] = v;
          }
          // One chunk per SSE event, like the model server writes them.
          const text = chunks.join('');
          const events = text.split(/(?<=\n\n)/).filter((e) => e !== '');
          resolve({ status: res.statusCode ?? 0, headers, chunks: events });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** The first request Claude Code sends for "Stress Task n" (shape and size of a real one, ~10 KB). */
function stressFirstTurn(n: number): Record<string, unknown> {
  const cwd = '/tmp/obra-bench/workspace';
  return {
    model: 'replay',
    max_tokens: 32000,
    stream: true,
    system: [
      { type: 'text', text: "You are a Claude agent, built on Anthropic's Claude Agent SDK." },
      {
        type: 'text',
        text: `Primary working directory: ${cwd}\n${'You are an interactive CLI tool. '.repeat(220)}`,
      },
    ],
    messages: [
      {
        role: 'user',
        content: [
          {
            type: 'text',
            text: `Task: Stress Task ${n}\nWorking directory: ${cwd}\n\nCreate the file stress_${n}.txt in the working directory containing exactly: Stress Task ${n} done`,
          },
        ],
      },
    ],
    tools: ['Write', 'Read', 'Bash', 'Edit'].map((name) => ({
      name,
      description: `${name} tool. `.repeat(40),
      input_schema: {
        type: 'object',
        properties: { file_path: { type: 'string' }, content: { type: 'string' } },
      },
    })),
  };
}

async function startServer(args: string[]): Promise<{ url: string; stop: () => void }> {
  const child: ChildProcess = spawn(process.execPath, [join(benchDir, 'lib', 'serve.mjs'), ...args], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout! });
  const first = await new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`serve.mjs ${args[0]} exited with ${code}`)));
  });
  const { url } = JSON.parse(first) as { url: string };
  return {
    url,
    stop: () => {
      child.stdin!.end();
    },
  };
}
