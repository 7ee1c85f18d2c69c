import type { RunReport } from '../report/index.js';
import {
  bannerSection,
  baselineSection,
  checklistSection,
  findingsSection,
  readinessSection,
  scenariosSection,
  summarySection,
} from './markdown-sections.js';

export interface MarkdownOptions {
  /** Findings listed in full; the rest are counted. @default 50 */
  maxFindings?: number;
  /** Attempt rows per scenario. @default 20 */
  maxAttempts?: number;
}

/**
 * report.md: the validation report, also fit for a pull-request comment or a GitHub job summary.
 * Verdict first (the readiness banner), then the executive summary, the scenarios, the findings with
 * fix hints, the validation checklist, the deltas against the baseline (when there is one) and the
 * readiness assessment. Size is bounded whatever the run. Pure.
 */
export function markdownReport(report: RunReport, options: MarkdownOptions = {}): string {
  const sections = [
    bannerSection(report),
    summarySection(report),
    scenariosSection(report, options.maxAttempts ?? 20),
    findingsSection(report, options.maxFindings ?? 50),
    checklistSection(report),
    baselineSection(report),
    readinessSection(report),
  ].filter((s) => s !== '');
  return `${sections.join('\n\n')}\n`;
}
