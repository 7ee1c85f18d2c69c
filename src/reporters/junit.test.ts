import { describe, expect, it } from 'vitest';
import { junitXml } from './junit-xml.js';
import { FIXTURE_RUNS, type FixtureRun, fixtureReport } from './test-helpers/fixtures.js';
import { childrenNamed, parseXml, type XmlElement } from './test-helpers/parse-xml.js';

const OUTCOMES = ['failure', 'error', 'skipped'] as const;
const CASE_CHILDREN = new Set([...OUTCOMES, 'system-out', 'system-err']);

/** The JUnit XSD's structure: testsuites > testsuite[...] > properties?, testcase[...] > outcome*, output. */
function checkJunitStructure(root: XmlElement): void {
  expect(root.name).toBe('testsuites');
  const counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const suite of root.children) {
    expect(suite.name).toBe('testsuite');
    for (const attr of ['name', 'tests', 'failures', 'errors', 'skipped', 'time']) {
      expect(suite.attributes, `testsuite ${suite.attributes.name} @${attr}`).toHaveProperty(attr);
    }
    expect(Number.isFinite(Number(suite.attributes.time))).toBe(true);
    expect(suite.children[0]?.name).toBe('properties');
    for (const p of suite.children[0]!.children) {
      expect(p.name).toBe('property');
      expect(Object.keys(p.attributes).sort()).toEqual(['name', 'value']);
    }
    const cases = suite.children.slice(1);
    const outcomeOf = (c: XmlElement) =>
      c.children.find((x) => (OUTCOMES as readonly string[]).includes(x.name))?.name;
    for (const c of cases) {
      expect(c.name).toBe('testcase');
      for (const attr of ['name', 'classname', 'time']) expect(c.attributes).toHaveProperty(attr);
      expect(Number.isFinite(Number(c.attributes.time))).toBe(true);
      for (const child of c.children) expect(CASE_CHILDREN.has(child.name), child.name).toBe(true);
      // A testcase is failed, errored or skipped, never two of them.
      expect(
        new Set(c.children.filter((x) => x.name !== 'system-out').map((x) => x.name)).size,
      ).toBeLessThanOrEqual(1);
    }
    const suiteCounts = {
      tests: cases.length,
      failures: cases.filter((c) => outcomeOf(c) === 'failure').length,
      errors: cases.filter((c) => outcomeOf(c) === 'error').length,
      skipped: cases.filter((c) => outcomeOf(c) === 'skipped').length,
    };
    for (const [key, value] of Object.entries(suiteCounts)) {
      expect(Number(suite.attributes[key]), `${suite.attributes.name} ${key}`).toBe(value);
      counts[key as keyof typeof counts] += value;
    }
  }
  for (const [key, value] of Object.entries(counts)) expect(Number(root.attributes[key])).toBe(value);
}

/** [testcase name, outcome element or 'passed', type attribute of the first outcome]. */
type Expected = [string, string, string | undefined][];

const EXPECTED: Record<FixtureRun, Expected> = {
  passing: [
    ['calculator attempt 1', 'passed', undefined],
    ['calculator attempt 2', 'passed', undefined],
    ['stress attempt 1', 'passed', undefined],
    ['csv-regression attempt 1', 'passed', undefined],
  ],
  failing: [
    ['calculator attempt 1', 'passed', undefined],
    ['calculator attempt 2', 'failure', 'check_command'],
    ['stress attempt 1', 'failure', 'completion_without_evidence'],
    ['csv-regression attempt 1', 'error', 'infrastructure'],
    ['docs attempt 1', 'skipped', undefined],
  ],
  interrupted: [
    ['calculator attempt 1', 'passed', undefined],
    ['calculator attempt 2', 'skipped', undefined],
    ['stress (not run)', 'skipped', undefined],
  ],
  'sharded-full': [
    ['calculator attempt 1', 'passed', undefined],
    ['calculator attempt 2', 'failure', 'cassette_miss'],
    ['stress attempt 1', 'passed', undefined],
    ['csv-regression attempt 1', 'passed', undefined],
  ],
  'shard-1': [
    ['calculator attempt 1', 'passed', undefined],
    ['stress attempt 1', 'passed', undefined],
    ['csv-regression (not run)', 'skipped', undefined],
  ],
  'shard-2': [
    ['calculator attempt 2', 'failure', 'cassette_miss'],
    ['stress (not run)', 'skipped', undefined],
    ['csv-regression attempt 1', 'passed', undefined],
  ],
};

describe('junit.xml', () => {
  it.each(FIXTURE_RUNS)('%s: well-formed, JUnit-shaped, one testcase per attempt', async (name) => {
    const report = await fixtureReport(name);
    const root = parseXml(junitXml(report));
    checkJunitStructure(root);
    const cases = root.children.flatMap((s) => childrenNamed(s, 'testcase'));
    const actual = cases.map((c) => {
      const outcome = c.children.find((x) => x.name !== 'system-out');
      return [c.attributes.name, outcome?.name ?? 'passed', outcome?.attributes.type];
    });
    expect(actual).toEqual(EXPECTED[name]);
    for (const suite of root.children) {
      const props = Object.fromEntries(
        suite.children[0]!.children.map((p) => [p.attributes.name, p.attributes.value]),
      );
      expect(props.run_id).toBe(report.runId);
    }
  });

  it('puts expected and actual in the failure body, escaped and readable back', async () => {
    const root = parseXml(junitXml(await fixtureReport('failing')));
    const calculator = root.children.find((s) => s.attributes.name === 'calculator')!;
    const failures = childrenNamed(childrenNamed(calculator, 'testcase')[1]!, 'failure');
    expect(failures.map((f) => f.attributes.type)).toEqual(['check_command', 'session_mismatch']);
    expect(failures[0]!.attributes.message).toBe(
      'command python3 -m unittest -q exits 0: exit 1: 2 tests failed (test_divide_by_zero, test_divide_float)',
    );
    expect(failures[0]!.text).toContain('expected: exit 0 and ≥ 5 tests');
    expect(failures[0]!.text).toContain(
      'FAIL: test_divide_by_zero <ValueError> & "quotes" | pipe \\u001b[31mred',
    );
    expect(failures[0]!.text).toContain('location: scenarios/calculator.yaml:17:5');
    expect(failures[1]!.text).toContain('actual: the agent echoed 7f00aa3e-9999-2222-3333-444455556666');
  });

  it('adds findings that did not come from a check (session_not_found) as failures, blocked as skipped with the reason', async () => {
    const root = parseXml(junitXml(await fixtureReport('failing')));
    const testcase = (suite: string) =>
      childrenNamed(root.children.find((s) => s.attributes.name === suite)!, 'testcase')[0]!;
    expect(childrenNamed(testcase('stress'), 'failure').map((f) => f.attributes.type)).toEqual([
      'completion_without_evidence',
      'session_not_found',
    ]);
    expect(childrenNamed(testcase('docs'), 'skipped')[0]!.attributes.message).toBe(
      'needs scenario "calculator", which did not pass',
    );
    expect(childrenNamed(testcase('csv-regression'), 'error')[0]!.attributes.message).toContain(
      'spawn python3 ENOENT',
    );
  });
});
