import { describe, expect, it } from 'vitest';
import type { RawFinding, RunEvent } from '../events/index.js';
import { buildReport } from './build-report.js';
import { type ChecklistStatus, validationChecklist } from './checklist.js';
import { sampleRuns } from './test-helpers/sample-runs.js';

const runs = sampleRuns();

/** The passing run plus one finding in calculator#1. */
function passingWith(finding: RawFinding): RunEvent[] {
  const events = [...runs.passing!];
  const at = events.findIndex((e) => e.type === 'attempt_begin');
  events.splice(at + 1, 0, { v: 1, seq: 1000, time: 0, type: 'finding', attemptId: 'calculator#1', finding });
  return events;
}

const finding = (kind: string): RawFinding => ({
  kind,
  severity: 'blocker',
  message: `${kind} seen`,
  evidence: [],
});

describe('validation checklist', () => {
  it.each<[string, RunEvent[], ChecklistStatus[]]>([
    ['passing', runs.passing!, ['pass', 'pass', 'pass', 'pass']],
    ['failing', runs.failing!, ['fail', 'pass', 'fail', 'pass']],
    ['a contract finding', passingWith(finding('attribute_error')), ['pass', 'fail', 'pass', 'pass']],
    ['a contract_ kind', passingWith(finding('contract_bool_for_dict')), ['pass', 'fail', 'pass', 'pass']],
    [
      'an exception out of the orchestrator',
      passingWith(finding('harness_or_core_exception')),
      ['pass', 'fail', 'pass', 'pass'],
    ],
    [
      'no attempt judged, no invariant run',
      runs
        .passing!.filter((e) => e.type !== 'check')
        .map((e) => (e.type === 'attempt_end' ? { ...e, verdict: 'error' as const } : e)),
      ['n/a', 'n/a', 'n/a', 'n/a'],
    ],
  ])('%s → %j', (_what, events, statuses) => {
    const items = validationChecklist(buildReport(events));
    expect(items.map((i) => i.status)).toEqual(statuses);
    expect(items.map((i) => i.question)).toEqual([
      'Every task gets its own agent session, even one run on its own',
      'Agent and task results are read as their types declare',
      'Each agent call echoed the session id the store recorded',
      'No agent session is left open when the attempt ends',
    ]);
  });

  it('says what each answer rests on', () => {
    const items = validationChecklist(buildReport(runs.failing!));
    expect(items.map((i) => i.basis)).toEqual([
      'session_not_found (1×)',
      'no contract finding',
      'invariant agent-session-echoed failed in 1 of 3 attempts',
      'invariant no-active-session passed in 3 attempts',
    ]);
  });
});
