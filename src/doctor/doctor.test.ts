import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testScenario } from '../checks/test-helpers/scenario.js';
import type { Scenario } from '../scenario/index.js';
import { assessDoctor, needsOf } from './assess.js';
import { satisfiesEngines } from './node-version.js';
import { ollamaUrl, type Probe, probeOllama } from './probes.js';

describe('satisfiesEngines', () => {
  it.each([
    ['v20.20.2', '>=20.19', true],
    ['v20.19.0', '>=20.19', true],
    ['v20.18.9', '>=20.19', false],
    ['v18.20.0', '>=20.19', false],
    ['v22.1.0', '>=20.19', true],
    ['v20.18.0', '>=18 >=20.19', false],
    ['v18.0.0', '>=20.19 || >=18', true],
    ['v20.0.0', '^20', undefined],
  ])('%s against %s: %s', (version, range, expected) => {
    expect(satisfiesEngines(version, range)).toBe(expected);
  });
});

describe('ollamaUrl', () => {
  it.each([
    [undefined, 'http://127.0.0.1:11434'],
    ['0.0.0.0', 'http://127.0.0.1:11434'],
    ['0.0.0.0:11500', 'http://127.0.0.1:11500'],
    ['gpu-box:11434', 'http://gpu-box:11434'],
    ['https://ollama.example.com', 'https://ollama.example.com'],
    ['http://10.0.0.5:8080/', 'http://10.0.0.5:8080'],
  ])('OLLAMA_HOST=%s → %s', (host, url) => {
    expect(ollamaUrl(host === undefined ? {} : { OLLAMA_HOST: host })).toBe(url);
  });
});

const probe = (id: Probe['id'], ok: boolean): Probe => ({
  id,
  label: id.replace('bin:', ''),
  ok,
  detail: '',
});
const all = (over: Partial<Record<Probe['id'], boolean>> = {}): Probe[] =>
  (['node', 'claude', 'bin:python3', 'container-runtime', 'ollama'] as const).map((id) =>
    probe(id, over[id] ?? true),
  );
const scenario = (name: string, over: Partial<Scenario>): Scenario => ({ ...testScenario(), name, ...over });

describe('assessDoctor', () => {
  const shipped = [
    scenario('stress', { agent: { kind: 'claude-code', model: 'replay' } }),
    scenario('calculator', { agent: { kind: 'claude-code', model: 'replay' }, requires: ['python3'] }),
  ];
  const url = 'http://127.0.0.1:11434';

  it('exit 0 when every default scenario has what it needs, even without containers or Ollama', () => {
    const result = assessDoctor(all({ 'container-runtime': false, ollama: false }), shipped, url);
    expect(result.exitCode).toBe(0);
    expect(result.runnable).toEqual(['stress', 'calculator']);
    expect(result.items.find((i) => i.probe.id === 'container-runtime')?.blocks).toEqual([]);
  });

  it('exit 3 naming what each missing piece blocks', () => {
    const result = assessDoctor(all({ 'bin:python3': false }), shipped, url);
    expect(result.exitCode).toBe(3);
    expect(result.blocked).toEqual([{ name: 'calculator', missing: ['python3'] }]);
    expect(result.items.find((i) => i.probe.id === 'bin:python3')?.blocks).toEqual(['calculator']);
  });

  it('container scenarios need the container runtime; an Ollama endpoint needs that Ollama', () => {
    const sandboxed = scenario('boxed', { sandbox: { kind: 'container', image: 'debian:12' } });
    const ollama = scenario('scored', {
      llm: { kind: 'ollama', model: 'm', container: { image: 'ollama/ollama:latest' } },
    });
    const live = scenario('live', {
      llm: { kind: 'ollama', model: 'm', endpoint: 'http://127.0.0.1:11434/' },
    });
    expect(needsOf(sandboxed, url)).toEqual(['node', 'container-runtime']);
    expect(needsOf(ollama, url)).toEqual(['node', 'container-runtime']);
    expect(needsOf(live, url)).toEqual(['node', 'ollama']);
    const result = assessDoctor(all({ 'container-runtime': false }), [sandboxed, ollama, live], url);
    expect(result.exitCode).toBe(3);
    expect(result.items.find((i) => i.probe.id === 'container-runtime')?.blocks).toEqual(['boxed', 'scored']);
  });

  it('without default scenarios, the default agent decides: no claude is exit 3', () => {
    expect(assessDoctor(all(), [], url).exitCode).toBe(0);
    expect(assessDoctor(all({ claude: false }), [], url).exitCode).toBe(3);
    expect(assessDoctor(all({ node: false }), shipped, url).exitCode).toBe(3);
  });
});

describe('probeOllama (a real HTTP server on 127.0.0.1)', () => {
  let server: Server;
  let port: number;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/api/tags') {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ models: [{ name: 'qwen2.5:0.5b' }, { name: 'llama3.2:1b' }] }));
      } else {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('lists the models of a reachable Ollama', async () => {
    const result = await probeOllama({ OLLAMA_HOST: `127.0.0.1:${port}` });
    expect(result).toMatchObject({
      ok: true,
      detail: `http://127.0.0.1:${port}, 2 models (qwen2.5:0.5b, llama3.2:1b)`,
    });
  });

  it('says what it tried when nothing listens', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await probeOllama({ OLLAMA_HOST: `127.0.0.1:${closedPort}` });
    expect(result.ok).toBe(false);
    expect(result.detail).toBe(`not reachable at http://127.0.0.1:${closedPort} (ECONNREFUSED)`);
    expect(result.fix).toContain('ollama serve');
  });
});
