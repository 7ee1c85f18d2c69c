import type { SuiteSpec } from './options.js';
import { lineSourceMap, type SourceMapV3, type YamlPosition } from './source-map.js';

/** What the generated module needs to know about the scenario file. */
export interface ScenarioFacts {
  /** The YAML text (embedded in the source map). */
  text: string;
  /** Where each declared check is written, by check id (`checks[2]`). */
  checks: { id: string; at: YamlPosition }[];
}

/** Where the scenario's `name:` is written (1:1 when not found): tests and annotations point there. */
export function namePosition(text: string): YamlPosition {
  const lines = text.split('\n');
  const index = lines.findIndex((l) => /^name\s*:/.test(l));
  return index === -1 ? { line: 1, col: 1 } : { line: index + 1, col: 1 };
}

/**
 * The JavaScript module a scenario file becomes (pure), with a source map into the YAML. It imports
 * Vitest from the project (the tests register with the project's own Vitest) and this package's runtime
 * by absolute path, loads the scenario when collected, and declares one test per attempt. The calls to
 * `annotate`, `skip` and `expect` are made here, in the test file: each failed check asserts on its own
 * generated line, mapped to the line of the check in the YAML, so Vitest's code frame shows the check.
 */
export function scenarioTestModule(
  spec: SuiteSpec,
  runtimeUrl: string,
  facts: ScenarioFacts,
): { code: string; map: SourceMapV3 } {
  const top = namePosition(facts.text);
  const lines: [string, YamlPosition][] = [];
  const add = (text: string, at: YamlPosition = top) => lines.push([text, at]);
  add(`import { afterAll, describe, expect, test } from 'vitest';`);
  add(`import { createScenarioSuite, obraMatchers } from ${JSON.stringify(runtimeUrl)};`);
  add('expect.extend(obraMatchers);');
  add(`const suite = await createScenarioSuite(${JSON.stringify(spec)});`);
  add('const assertAt = {');
  for (const check of facts.checks) {
    add(`  ${JSON.stringify(check.id)}: (check) => expect.soft(check).toPassObraCheck(),`, check.at);
  }
  add('};');
  add('const assertCheck = (check) => expect.soft(check).toPassObraCheck();');
  add('describe(suite.title, () => {');
  add('  afterAll(() => suite.close());');
  add('  for (const attempt of suite.attempts) {');
  add('    test(attempt.title, { timeout: attempt.timeoutMs }, async ({ annotate, skip, signal }) => {');
  add('      const outcome = await suite.outcome(attempt.attempt, signal);');
  add('      for (const note of outcome.annotations) await annotate(note.message, note.type);');
  add('      if (outcome.skipReason !== undefined) {');
  add("        console.warn(suite.title + ' > ' + attempt.title + ' skipped: ' + outcome.skipReason);");
  add('        skip(outcome.skipReason);');
  add('      }');
  add('      for (const check of outcome.failedChecks) (assertAt[check.id] ?? assertCheck)(check);');
  add('      if (outcome.error !== undefined) throw new Error(outcome.error);');
  add('    });');
  add('  }');
  add('});');
  const code = `${lines.map(([text]) => text).join('\n')}\n`;
  const map = lineSourceMap(
    spec.file,
    facts.text,
    `${spec.file}.js`,
    lines.map(([, at]) => at),
  );
  return { code, map };
}
