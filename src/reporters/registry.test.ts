import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../shared/index.js';
import { outputFileEnvName, resolveOutputFile } from './output-file.js';
import {
  createReporters,
  defaultReporterNames,
  outputFilesOf,
  parseReporterNames,
  REPORTER_NAMES,
  withJsonReporter,
} from './registry.js';

describe('reporter registry', () => {
  it('knows every reporter of DESIGN.md', () => {
    expect(REPORTER_NAMES).toEqual(['line', 'dot', 'json', 'junit', 'markdown', 'events', 'live']);
  });

  it.each<[string | string[], string[]]>([
    ['junit', ['junit']],
    ['markdown, junit,json', ['markdown', 'junit', 'json']],
    [
      ['line', 'dot,line'],
      ['line', 'dot'],
    ],
  ])('parses %j', (value, names) => {
    expect(parseReporterNames(value)).toEqual(names);
  });

  it.each([
    [
      'markdwon',
      /--reporter "markdwon" is not a reporter\. Did you mean "markdown"\? Reporters: line, dot, json, junit, markdown, events, live\./,
    ],
    ['html', /"html" is not a reporter\. Reporters: line, dot/],
    ['junit,', /--reporter "junit," has an empty name\./],
  ])('refuses %j with the valid names', (value, message) => {
    expect(() => parseReporterNames(value)).toThrow(UserError);
    expect(() => parseReporterNames(value)).toThrow(message);
  });

  it('always includes json (report.json is the contract of a run directory)', () => {
    const reporters = createReporters(['dot', 'markdown'], { stdout: () => {} });
    expect(reporters.map((r) => r.name)).toEqual(['dot', 'markdown', 'json']);
    expect(reporters.map((r) => r.printsToStdio === true)).toEqual([true, false, false]);
    expect(withJsonReporter([]).map((r) => r.name)).toEqual(['json']);
    expect(withJsonReporter(reporters)).toHaveLength(3);
  });

  it.each<[Record<string, string>, boolean, string]>([
    [{}, false, 'line'],
    [{ CI: 'true' }, false, 'dot'],
    [{ CI: '1' }, false, 'dot'],
    [{ CI: 'false' }, false, 'line'],
    [{ CI: '' }, false, 'line'],
    [{}, true, 'live'],
    [{ CI: 'false' }, true, 'live'],
    [{ CI: 'true' }, true, 'dot'],
  ])('defaults with env %j and a TTY %s start with %s', (env, isTTY, first) => {
    expect(defaultReporterNames(env, isTTY)).toEqual([first, 'json', 'junit', 'markdown']);
  });
});

describe('output files', () => {
  it.each<[string, { outDir?: string; env?: Record<string, string> }, string]>([
    ['run directory by default', {}, '/runs/r1/junit.xml'],
    [
      '--out wins over the environment',
      { outDir: 'out', env: { OBRA_VALIDATE_JUNIT_OUTPUT_FILE: 'x.xml' } },
      '/work/out/junit.xml',
    ],
    [
      'OBRA_VALIDATE_JUNIT_OUTPUT_FILE',
      { env: { OBRA_VALIDATE_JUNIT_OUTPUT_FILE: 'ci/results.xml' } },
      '/work/ci/results.xml',
    ],
  ])('%s', (_what, options, path) => {
    expect(resolveOutputFile('junit', 'junit.xml', { cwd: '/work', ...options }, '/runs/r1')).toBe(path);
  });

  it('names the variables and lists the files the file reporters write', () => {
    expect(outputFileEnvName('markdown')).toBe('OBRA_VALIDATE_MARKDOWN_OUTPUT_FILE');
    expect(outputFilesOf(['line', 'junit', 'markdown'], {}, '/r')).toEqual([
      join('/r', 'junit.xml'),
      join('/r', 'report.md'),
      join('/r', 'report.json'),
    ]);
  });
});
