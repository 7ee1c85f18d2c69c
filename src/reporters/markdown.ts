import type { OwnedFileKind } from '../shared/index.js';
import { type MarkdownOptions, markdownReport } from './markdown-report.js';
import { type OutputOptions, resolveOutputFile, writeOutputFile } from './output-file.js';
import type { Reporter } from './reporter.js';

/** The file it writes (in the run directory unless --out or OBRA_VALIDATE_MARKDOWN_OUTPUT_FILE says otherwise). */
export const MARKDOWN_FILE = 'report.md';

/** report.md's first line is its banner, `# <icon> <status>: obra-validate run <id>`: replaced only when it is. */
export const MARKDOWN_FILE_KIND: OwnedFileKind = {
  what: 'a report.md written by obra-validate',
  marker: 'the first line "# … obra-validate run RUN_ID"',
  isOurs: (head) => /^# [^\n]*: obra-validate run /.test(head),
};

/** Writes report.md (the written validation report; post it as a PR comment or a job summary). */
export function createMarkdownReporter(options: OutputOptions & MarkdownOptions = {}): Reporter {
  return {
    name: 'markdown',
    onEnd(report, { runDir }) {
      writeOutputFile(
        resolveOutputFile('markdown', MARKDOWN_FILE, options, runDir),
        markdownReport(report, options),
        MARKDOWN_FILE_KIND,
      );
    },
  };
}
