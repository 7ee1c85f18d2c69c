/** The outcome of one configured evidence check (a command run in the workspace after the agent call). */
export interface EvidenceCheck {
  name: string;
  passed: boolean;
  /** One line: the exit status, and the output's end when it failed. */
  detail: string;
}

/** What an agent call left behind: the files it changed, and the evidence checks run when it changed none. */
export interface Evidence {
  changedFiles: readonly string[];
  checks: readonly EvidenceCheck[];
}

/** Evidence of work: a changed file, or evidence checks that all passed (at least one ran). */
export function hasEvidence(evidence: Evidence): boolean {
  return (
    evidence.changedFiles.length > 0 ||
    (evidence.checks.length > 0 && evidence.checks.every((check) => check.passed))
  );
}

/** Why there is no evidence, for the quality issues and the next prompt's feedback. */
export function missingEvidence(evidence: Evidence): string[] {
  const failed = evidence.checks.filter((check) => !check.passed);
  if (failed.length === 0) return ['no file in the workspace was created, changed or deleted'];
  return [
    'no file in the workspace was created, changed or deleted, and the evidence checks did not pass',
    ...failed.map((check) => `evidence check "${check.name}" failed: ${check.detail}`),
  ];
}
