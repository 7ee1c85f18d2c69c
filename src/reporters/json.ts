import type { OwnedFileKind } from '../shared/index.js';
import { type OutputOptions, resolveOutputFile, writeOutputFile } from './output-file.js';
import type { Reporter } from './reporter.js';

/** The file it writes (in the run directory unless --out or OBRA_VALIDATE_JSON_OUTPUT_FILE says otherwise). */
export const JSON_FILE = 'report.json';

/** report.json starts with its marker, `"schemaVersion"`, then `"runId"`: replaced only when it does. */
export const JSON_FILE_KIND: OwnedFileKind = {
  what: 'a report.json written by obra-validate',
  marker: '"schemaVersion" and "runId" as its first keys',
  isOurs: (head) => /^\{\s*"schemaVersion"\s*:\s*\d+,\s*"runId"\s*:/.test(head),
};

/** report.json's text: the report, indented, with a final newline. */
export const reportJsonText = (report: unknown): string => `${JSON.stringify(report, null, 2)}\n`;

/**
 * Writes report.json (the machine-readable report: docs/REPORT.md). This reporter is the only writer
 * of report.json; createReporters always includes it, so every run directory has one.
 */
export function createJsonReporter(options: OutputOptions = {}): Reporter {
  return {
    name: 'json',
    onEnd(report, { runDir }) {
      writeOutputFile(
        resolveOutputFile('json', JSON_FILE, options, runDir),
        reportJsonText(report),
        JSON_FILE_KIND,
      );
    },
  };
}
