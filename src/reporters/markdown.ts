import { type MarkdownOptions, markdownReport } from './markdown-report.js';
import { type OutputOptions, resolveOutputFile, writeOutputFile } from './output-file.js';
import type { Reporter } from './reporter.js';

/** Writes report.md (the written validation report; post it as a PR comment or a job summary). */
export function createMarkdownReporter(options: OutputOptions & MarkdownOptions = {}): Reporter {
  return {
    name: 'markdown',
    onEnd(report, { runDir }) {
      writeOutputFile(
        resolveOutputFile('markdown', 'report.md', options, runDir),
        markdownReport(report, options),
      );
    },
  };
}
