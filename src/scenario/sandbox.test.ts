import { afterAll, describe, expect, it } from 'vitest';
import { parseScenario } from './parse-scenario.js';
import { formatProblems } from './problem.js';
import { makeTempProject } from './test-helpers/temp-project.js';

const project = makeTempProject({});
afterAll(() => project.cleanup());

/** Lines 1-4 are a valid scenario; `rest` starts at line 5. */
const scenario = (rest: string) => `version: 1
name: t
agent: { kind: oracle }
tasks: [{ id: a, title: A }]
${rest}`;

const parse = (text: string) => parseScenario(text, 'scenarios/t.yaml', { rootDir: project.dir });

describe('sandbox and container Ollama', () => {
  it.each([
    ['', { kind: 'host' }],
    ['sandbox: host\n', { kind: 'host' }],
    ['sandbox: container\n', { kind: 'container', image: 'python:3.12-slim-bookworm' }],
    ['sandbox: { kind: container, image: "debian:12" }\n', { kind: 'container', image: 'debian:12' }],
  ])('%j normalizes to %j', (rest, sandbox) => {
    const { scenario: parsed, problems } = parse(scenario(rest));
    expect(problems).toEqual([]);
    expect(parsed?.sandbox).toEqual(sandbox);
  });

  it.each([
    ['llm: { kind: ollama, model: "qwen2.5:0.5b", container: true }\n', 'ollama/ollama:latest'],
    [
      'llm: { kind: ollama, model: "m", container: { image: "ollama/ollama:0.5.7" } }\n',
      'ollama/ollama:0.5.7',
    ],
  ])('%j starts a container Ollama of image %s', (rest, image) => {
    const { scenario: parsed, problems } = parse(scenario(rest));
    expect(problems).toEqual([]);
    expect(parsed?.llm).toMatchObject({ kind: 'ollama', container: { image } });
  });

  it('container: false is the embedded model server, as without it', () => {
    const { scenario: parsed } = parse(scenario('llm: { kind: ollama, model: m, container: false }\n'));
    expect(parsed?.llm).toEqual({ kind: 'ollama', model: 'm' });
  });

  it.each([
    ['sandbox: docker\n', 'scenarios/t.yaml:5:10 sandbox must be one of "host", "container"; got "docker"'],
    [
      'llm: { kind: ollama, container: true }\n',
      'scenarios/t.yaml:5:6 llm.model must name a real model with container: a container Ollama plays no cassette; got "replay"',
    ],
    [
      'llm: { kind: ollama, model: m, endpoint: "http://127.0.0.1:11434", container: true }\n',
      'scenarios/t.yaml:5:42 llm.endpoint cannot be given with container: the container is the endpoint',
    ],
    ['llm: { kind: openai, container: true }\n', 'llm.container'],
  ])('%j is a problem', (rest, expected) => {
    const { scenario: parsed, problems } = parse(scenario(rest));
    expect(parsed).toBeUndefined();
    expect(formatProblems(problems)).toContain(expected);
  });
});
