import type { CheckResult, RawFinding } from '../events/index.js';
import {
  type AttemptReport,
  findingFromCheck,
  gateHeadline,
  type RunReport,
  type ScenarioReport,
  signatureOf,
} from '../report/index.js';
import { openTag, xmlText } from './xml.js';

/** Longest message attribute; the full text is in the element's body. */
const MAX_MESSAGE = 1000;

interface Outcome {
  /** failure: a check did not hold; error: the harness could not judge; skipped: blocked or not run. */
  element: 'failure' | 'error' | 'skipped';
  message: string;
  type?: string;
  body?: string;
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);
const short = (text: string): string => {
  const line = text.split('\n')[0] ?? '';
  return line.length > MAX_MESSAGE ? `${line.slice(0, MAX_MESSAGE - 1)}…` : line;
};

/**
 * junit.xml of a report: one testsuite per scenario, one testcase per attempt (`<scenario> attempt
 * <n>`). A failed check is a `<failure>` (type = its finding kind, expected and actual in the body), a
 * run that could not be judged an `<error>`, a blocked or skipped attempt `<skipped>`; every suite
 * carries the run id in its properties. Pure.
 */
export function junitXml(report: RunReport): string {
  const suites = report.scenarios.map((s) => suiteXml(s, report));
  const count = (element: Outcome['element']) =>
    report.scenarios.reduce(
      (n, s) => n + cases(s).filter((c) => c.outcomes[0]?.element === element).length,
      0,
    );
  const tests = report.scenarios.reduce((n, s) => n + cases(s).length, 0);
  const time = report.scenarios.reduce((n, s) => n + s.attempts.reduce((m, a) => m + a.durationMs, 0), 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `${openTag('testsuites', {
      name: `obra-validate ${report.runId}`,
      tests,
      failures: count('failure'),
      errors: count('error'),
      skipped: count('skipped'),
      time: seconds(time),
      timestamp: report.startedAt,
    })}>`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

interface Case {
  name: string;
  durationMs: number;
  outcomes: Outcome[];
  output: string;
}

function cases(scenario: ScenarioReport): Case[] {
  if (scenario.attempts.length === 0) {
    return [
      {
        name: `${scenario.name} (not run)`,
        durationMs: 0,
        outcomes: [{ element: 'skipped', message: 'no attempt of this scenario ran in this run' }],
        output: '',
      },
    ];
  }
  return scenario.attempts.map((a) => ({
    name: `${scenario.name} attempt ${a.attempt}`,
    durationMs: a.durationMs,
    outcomes: outcomes(a),
    output: attemptOutput(a),
  }));
}

function suiteXml(scenario: ScenarioReport, report: RunReport): string {
  const list = cases(scenario);
  const count = (element: Outcome['element']) =>
    list.filter((c) => c.outcomes[0]?.element === element).length;
  const lines = [
    `  ${openTag('testsuite', {
      name: scenario.name,
      tests: list.length,
      failures: count('failure'),
      errors: count('error'),
      skipped: count('skipped'),
      time: seconds(list.reduce((n, c) => n + c.durationMs, 0)),
      timestamp: report.startedAt,
      file: scenario.file,
    })}>`,
    '    <properties>',
    ...Object.entries({
      run_id: report.runId,
      'scenario.file': scenario.file,
      'scenario.verdict': scenario.verdict,
      'scenario.pass_at_1': scenario.passAt1 === null ? 'n/a' : String(scenario.passAt1),
      readiness: report.readiness.status,
      ...(report.gate ? { 'gate.exit_code': String(report.gate.exitCode) } : {}),
      ...(gateHeadline(report) ? { gate: gateHeadline(report) } : {}),
    }).map(([name, value]) => `      ${openTag('property', { name, value })}/>`),
    '    </properties>',
  ];
  for (const c of list) {
    const open = `    ${openTag('testcase', { name: c.name, classname: scenario.name, time: seconds(c.durationMs) })}`;
    if (c.outcomes.length === 0 && c.output === '') {
      lines.push(`${open}/>`);
      continue;
    }
    lines.push(`${open}>`);
    for (const o of c.outcomes) {
      const tag = `      ${openTag(o.element, { message: short(o.message), type: o.type })}`;
      lines.push(o.body ? `${tag}>${xmlText(o.body)}</${o.element}>` : `${tag}/>`);
    }
    if (c.output) lines.push(`      <system-out>${xmlText(c.output)}</system-out>`);
    lines.push('    </testcase>');
  }
  lines.push('  </testsuite>');
  return lines.join('\n');
}

function outcomes(a: AttemptReport): Outcome[] {
  const reason = a.reason ?? a.verdict;
  switch (a.verdict) {
    case 'passed':
      return [];
    case 'blocked':
    case 'skipped':
      return [{ element: 'skipped', message: a.interrupted ? `interrupted: ${reason}` : reason }];
    case 'error': {
      const errored = a.checks.filter((c) => c.status === 'error').map((c) => checkOutcome(c, 'error'));
      return errored.length > 0
        ? errored
        : [{ element: 'error', message: reason, type: 'infrastructure', body: reason }];
    }
    case 'failed': {
      const failed = a.checks.filter((c) => c.status === 'failed').map((c) => checkOutcome(c, 'failure'));
      const other = otherFindings(a)
        .filter((f) => f.severity !== 'minor')
        .map(
          (f): Outcome => ({ element: 'failure', message: f.message, type: f.kind, body: findingBody(f) }),
        );
      const all = [...failed, ...other];
      return all.length > 0
        ? all
        : [{ element: 'failure', message: reason, type: 'attempt_failed', body: reason }];
    }
  }
}

function checkOutcome(c: CheckResult, element: 'failure' | 'error'): Outcome {
  const raw = findingFromCheck(c);
  const body = [
    `check: ${c.id} (${c.kind}) ${c.title}`,
    `expected: ${c.expected}`,
    `actual: ${c.actual}`,
    ...(c.message ? [`message: ${c.message}`] : []),
    ...(c.location ? [`location: ${c.location.file}:${c.location.line}:${c.location.col}`] : []),
    ...(c.evidence.length > 0 ? [`evidence: ${c.evidence.join(', ')}`] : []),
    `severity: ${c.severity}`,
  ].join('\n');
  return { element, message: raw.message, type: raw.kind, body };
}

/** Findings of an attempt that did not come from its checks (cassette misses, exceptions, leaks). */
function otherFindings(a: AttemptReport): RawFinding[] {
  const fromChecks = new Set(
    a.checks
      .filter((c) => c.status === 'failed' || c.status === 'error')
      .map((c) => findingFromCheck(c))
      .map((f) => signatureOf(f.kind, f.message, f.location)),
  );
  return a.findings.filter((f) => !fromChecks.has(signatureOf(f.kind, f.message, f.location)));
}

function findingBody(f: RawFinding): string {
  return [
    `${f.severity} ${f.kind}: ${f.message}`,
    ...(f.location ? [`location: ${f.location.file}:${f.location.line}:${f.location.col}`] : []),
    ...(f.evidence.length > 0 ? [`evidence: ${f.evidence.join(', ')}`] : []),
  ].join('\n');
}

/** The attempt's reason and findings as plain text (system-out), empty when there is nothing to say. */
function attemptOutput(a: AttemptReport): string {
  const lines = [
    ...(a.reason ? [`${a.verdict}: ${a.reason}`] : []),
    ...a.findings.map((f) => `finding ${f.severity} ${f.kind}: ${short(f.message)}`),
  ];
  return lines.join('\n');
}
