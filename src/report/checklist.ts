import type { RunReport } from './types.js';

export type ChecklistStatus = 'pass' | 'fail' | 'n/a';

export interface ChecklistItem {
  /** The question, as a reviewer would ask it. */
  question: string;
  status: ChecklistStatus;
  /** What the answer rests on. */
  basis: string;
}

/** Finding kinds that mean a result or interface was not used as declared (a broken contract). */
export const CONTRACT_FINDING_KINDS: readonly string[] = [
  'contract_violation',
  'attribute_error',
  'type_error',
  'missing_method',
  'unclassified_exception',
  // Invariants judgement-complete and task-result-recorded: a field read that does not exist, a bool for a dict.
  'quality_mismatch',
  'type_mismatch',
  // The orchestrator threw instead of classifying: in practice a TypeError from a broken contract.
  'harness_or_core_exception',
];

const isContractKind = (kind: string) =>
  CONTRACT_FINDING_KINDS.includes(kind) || kind.startsWith('contract_');

/**
 * The validation checklist of report.md, answered from the findings and invariant results: pass when
 * the run judged something and the evidence is clean, fail on the named finding or a failed invariant,
 * n/a when nothing was judged (or the invariant never ran).
 */
export function validationChecklist(report: RunReport): ChecklistItem[] {
  const attempts = report.scenarios.flatMap((s) => s.attempts);
  const judged = attempts.some((a) => a.verdict === 'passed' || a.verdict === 'failed');
  const byFinding = (question: string, test: (kind: string) => boolean, basis: string): ChecklistItem => {
    const hits = report.findings.filter((f) => test(f.kind));
    if (hits.length > 0) {
      return { question, status: 'fail', basis: `${hits.map((f) => `${f.kind} (${f.count}×)`).join(', ')}` };
    }
    return { question, status: judged ? 'pass' : 'n/a', basis: judged ? basis : 'no attempt was judged' };
  };
  const byInvariant = (question: string, name: string): ChecklistItem => {
    const results = attempts.flatMap((a) => a.checks.filter((c) => c.id === `invariant:${name}`));
    const failed = results.filter((c) => c.status === 'failed');
    if (failed.length > 0) {
      return {
        question,
        status: 'fail',
        basis: `invariant ${name} failed in ${failed.length} of ${results.length} attempts`,
      };
    }
    const passed = results.filter((c) => c.status === 'passed');
    if (passed.length === 0) return { question, status: 'n/a', basis: `invariant ${name} did not run` };
    return { question, status: 'pass', basis: `invariant ${name} passed in ${passed.length} attempts` };
  };
  return [
    byFinding(
      'Every task gets its own agent session, even one run on its own',
      (kind) => kind === 'session_not_found',
      'no session_not_found finding',
    ),
    byFinding(
      'Agent and task results are read as their types declare',
      isContractKind,
      'no contract finding',
    ),
    byInvariant('Each agent call echoed the session id the store recorded', 'agent-session-echoed'),
    byInvariant('No agent session is left open when the attempt ends', 'no-active-session'),
  ];
}
