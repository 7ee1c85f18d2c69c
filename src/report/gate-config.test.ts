import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatProblems } from '../scenario/index.js';
import { UserError } from '../shared/index.js';
import { defaultGate, type GateOverrides } from './gate.js';
import { loadGateConfig, loadProjectConfig, mergeGate, parseGateConfig } from './gate-config.js';

const FILE = 'obra-validate.config.yaml';

describe('parseGateConfig', () => {
  it.each<[string, GateOverrides]>([
    ['', {}],
    ['# only a comment\n', {}],
    ['gate:\n', {}],
    [
      'gate:\n  required: [stress, calculator]\n  min_pass_rate: 1.0\n  max_infra_error_rate: 0\n  allow_flaky: false\n  allow_regressions: false\n',
      {
        required: ['stress', 'calculator'],
        minPassRate: 1,
        maxInfraErrorRate: 0,
        allowFlaky: false,
        allowRegressions: false,
      },
    ],
    ['gate: { min_pass_rate: 0.9, allow_flaky: true }', { minPassRate: 0.9, allowFlaky: true }],
    ['gate: { timing_noise: 1.5 }', { timingNoise: 1.5 }],
  ])('%j → %j', (text, gate) => {
    expect(parseGateConfig(text, FILE)).toEqual({ gate, problems: [] });
  });

  it('workers: attempts at once, beside the gate', () => {
    expect(parseGateConfig('workers: 2\ngate: { allow_flaky: true }\n', FILE)).toEqual({
      gate: { allowFlaky: true },
      workers: 2,
      problems: [],
    });
  });

  it('images: the local tag that runs for the image a scenario names', () => {
    expect(
      parseGateConfig(
        'images:\n  "python:3.12-slim-bookworm": localhost/obra-validate/python3:bookworm\n',
        FILE,
      ),
    ).toEqual({
      gate: {},
      images: { 'python:3.12-slim-bookworm': 'localhost/obra-validate/python3:bookworm' },
      problems: [],
    });
  });

  it.each<[string, string]>([
    ['images: [a]\n', `${FILE}:1:9 images must be a mapping; got a list (["a"])`],
    ['images:\n  "debian:12": ""\n', `${FILE}:2:16 images["debian:12"] must not be empty; got ""`],
    ['images:\n  "debian:12": 3\n', `${FILE}:2:16 images["debian:12"] must be a string; got 3`],
    ['image: {}\n', `${FILE}:1:1 image is not a known key. Did you mean "images"?`],
    ['gate:\n  min_pass_rate: 1.5\n', `${FILE}:2:18 gate.min_pass_rate must be between 0 and 1; got 1.5`],
    ['gate:\n  required: stress\n', `${FILE}:2:13 gate.required must be a list; got "stress"`],
    ['gate:\n  required: [stress, ""]\n', `${FILE}:2:22 gate.required[1] must not be empty; got ""`],
    [
      'gate:\n  timing_noise: -0.1\n',
      `${FILE}:2:17 gate.timing_noise must be between 0 and 10 (a share: 0.25 is 25%); got -0.1`,
    ],
    ['gate:\n  allow_flaky: yes\n', `${FILE}:2:16 gate.allow_flaky must be true or false; got "yes"`],
    [
      'gate:\n  alow_flaky: true\n',
      `${FILE}:2:3 gate.alow_flaky is not a known key. Did you mean "allow_flaky"?`,
    ],
    ['gates:\n  required: []\n', `${FILE}:1:1 gates is not a known key. Did you mean "gate"?`],
    [
      '- gate\n',
      `${FILE}:1:1 must be a YAML mapping with a \`gate:\` section, \`workers:\` and/or \`images:\`; got a list (["gate"])`,
    ],
    ['workers: 0\n', `${FILE}:1:10 workers must be a whole number from 1 to 64 (attempts at once); got 0`],
    ['workers: 65\n', `${FILE}:1:10 workers must be a whole number from 1 to 64 (attempts at once); got 65`],
    ['workers: 1.5\n', `${FILE}:1:10 workers must be a whole number; got 1.5`],
    ['worker: 2\n', `${FILE}:1:1 worker is not a known key. Did you mean "workers"?`],
    ['gate:\n  required: [a\n', `${FILE}:2:13 is not valid YAML`],
    [
      'gate:\n  max_infra_error_rate: -1\n  allow_regressions: 1\n',
      `${FILE}:2:25 gate.max_infra_error_rate must be between 0 and 1; got -1\n${FILE}:3:22 gate.allow_regressions must be true or false; got 1`,
    ],
  ])('%j → %s', (text, expected) => {
    const { gate, problems } = parseGateConfig(text, FILE);
    expect(gate).toEqual({});
    expect(formatProblems(problems)).toContain(expected);
  });
});

describe('loadGateConfig and mergeGate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'obra-gate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('no config file: no overrides; an explicit file that is missing: a UserError', () => {
    expect(loadGateConfig(dir)).toEqual({});
    expect(() => loadGateConfig(dir, 'ci/gate.yaml')).toThrow(
      /no config file at .*ci\/gate\.yaml \(--config ci\/gate\.yaml\)/,
    );
  });

  it('reads the file at the root, or the one given; problems name the file and line', () => {
    writeFileSync(join(dir, FILE), 'gate:\n  required: [stress]\n  allow_flaky: true\n');
    expect(loadGateConfig(dir)).toEqual({ required: ['stress'], allowFlaky: true });
    writeFileSync(join(dir, FILE), 'workers: 3\ngate:\n  required: [stress]\n');
    expect(loadProjectConfig(dir)).toEqual({ gate: { required: ['stress'] }, workers: 3 });
    mkdirSync(join(dir, 'ci'), { recursive: true });
    writeFileSync(join(dir, 'ci', 'bad.yaml'), 'gate:\n  min_pass_rate: high\n');
    const load = () => loadGateConfig(dir, 'ci/bad.yaml');
    expect(load).toThrow(UserError);
    expect(load).toThrow(
      '1 problem in ci/bad.yaml:\nci/bad.yaml:2:18 gate.min_pass_rate must be a number; got "high"',
    );
  });

  it.each<[GateOverrides, GateOverrides, Partial<typeof defaultGate>]>([
    [{}, {}, {}],
    [{ minPassRate: 0.8, required: ['a'] }, {}, { minPassRate: 0.8, required: ['a'] }],
    [
      { minPassRate: 0.8, allowFlaky: true },
      { minPassRate: 1, allowFlaky: undefined },
      { minPassRate: 1, allowFlaky: true },
    ],
    [{ required: ['a'] }, { required: ['b', 'c'] }, { required: ['b', 'c'] }],
  ])('defaults ← file %j ← flags %j', (file, flags, expected) => {
    expect(mergeGate(file, flags)).toEqual({ ...defaultGate, ...expected });
  });

  it('never shares the default gate arrays', () => {
    mergeGate().required.push('x');
    expect(defaultGate.required).toEqual([]);
  });
});
