import type { CheckResult, RawFinding, SourceLocation } from '../events/index.js';
import { clip } from '../shared/index.js';
import type { Finding } from './types.js';

/** Ids, hashes, numbers and temp paths replaced, so the same problem in two attempts reads the same. */
export function normalizeMessage(message: string): string {
  return message
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '<uuid>')
    .replace(/\b[0-9a-f]{16,}\b/gi, '<hash>')
    .replace(/\/tmp\/[^\s"']+/g, '<tmp>')
    .replace(/\d+(\.\d+)?/g, '<n>')
    .trim();
}

export function signatureOf(kind: string, message: string, location?: SourceLocation): string {
  const where = location ? `${location.file}:${location.line}:${location.col}` : '';
  return `${kind}|${normalizeMessage(message)}|${where}`;
}

/** A failed (or errored) check as a raw finding. */
export function findingFromCheck(result: CheckResult): RawFinding {
  return {
    kind: result.findingKind ?? (result.status === 'error' ? 'check_error' : `check_${result.kind}`),
    severity: result.severity,
    message: result.message
      ? `${result.title}: ${result.message}`
      : `${result.title}: expected ${result.expected}, got ${result.actual}`,
    evidence: result.evidence,
    ...(result.location ? { location: result.location } : {}),
  };
}

/** A finding's message in the report: one line, at most this long, cut between words with `…`. */
export const MAX_FINDING_MESSAGE = 1_000;

/** Folds raw findings into deduplicated ones (first occurrence kept, counts and attempts accumulated). */
export function createFindingCollector() {
  const bySignature = new Map<string, Finding>();
  return {
    add(raw: RawFinding, where: { attemptId?: string; scenario?: string; seq: number }) {
      const signature = signatureOf(raw.kind, raw.message, raw.location);
      let finding = bySignature.get(signature);
      if (!finding) {
        finding = {
          signature,
          kind: raw.kind,
          severity: raw.severity,
          message: clip(raw.message.split('\n')[0]!, MAX_FINDING_MESSAGE),
          count: 0,
          attempts: [],
          scenarios: [],
          evidence: [],
          ...(raw.location ? { location: raw.location } : {}),
          firstSeq: where.seq,
        };
        bySignature.set(signature, finding);
      }
      finding.count++;
      if (where.attemptId && !finding.attempts.includes(where.attemptId))
        finding.attempts.push(where.attemptId);
      if (where.scenario && !finding.scenarios.includes(where.scenario))
        finding.scenarios.push(where.scenario);
      for (const e of raw.evidence)
        if (finding.evidence.length < 20 && !finding.evidence.includes(e)) finding.evidence.push(e);
    },
    list(): Finding[] {
      const rank = { blocker: 0, major: 1, minor: 2 };
      return [...bySignature.values()].sort(
        (a, b) => rank[a.severity] - rank[b.severity] || a.firstSeq - b.firstSeq,
      );
    },
  };
}
