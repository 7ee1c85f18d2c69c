import { describe, expect, it } from 'vitest';
import { decodeMappings } from './test-helpers/decode-mappings.js';
import { namePosition, scenarioTestModule } from './test-module.js';

const spec = { file: '/p/scenarios/a.yaml', rootDir: '/p', reportsDir: 'reports', timeoutMarginMs: 1000 };
const text = '# comment\nversion: 1\nname: a\nchecks:\n  - { file: x }\n  - { file: y }\n';

describe('scenarioTestModule', () => {
  const { code, map } = scenarioTestModule(spec, '/pkg/dist/vitest/runtime.js', {
    text,
    checks: [
      { id: 'checks[0]', at: { line: 5, col: 5 } },
      { id: 'checks[1]', at: { line: 6, col: 5 } },
    ],
  });
  const lines = code.split('\n');

  it("imports the project's vitest and the runtime by absolute path, with the spec as JSON", () => {
    expect(lines[0]).toBe("import { afterAll, describe, expect, test } from 'vitest';");
    expect(code).toContain('from "/pkg/dist/vitest/runtime.js"');
    expect(code).toContain(`createScenarioSuite(${JSON.stringify(spec)})`);
  });

  it('has one mapping per generated line, and the line of each check maps to the check', () => {
    const segments = map.mappings.split(';');
    expect(segments).toHaveLength(lines.length - 1);
    expect(map.sourcesContent).toEqual([text]);
    const sourceLines = decodeMappings(map.mappings).map(([, , line]) => line! + 1);
    const lineOf = (needle: string) => sourceLines[lines.findIndex((l) => l.includes(needle))];
    expect(lineOf('"checks[0]"')).toBe(5);
    expect(lineOf('"checks[1]"')).toBe(6);
    expect(lineOf('test(attempt.title')).toBe(3);
    expect(lineOf('await annotate(')).toBe(3);
  });
});

describe('namePosition', () => {
  it.each([
    ['# c\nversion: 1\nname: x\n', { line: 3, col: 1 }],
    ['version: 1\n', { line: 1, col: 1 }],
    ['  name: nested\nname: top\n', { line: 2, col: 1 }],
  ])('%j → %j', (source, position) => {
    expect(namePosition(source)).toEqual(position);
  });
});
