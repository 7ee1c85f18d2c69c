import type { OwnedFileKind } from '../shared/index.js';
import { junitXml } from './junit-xml.js';
import { type OutputOptions, resolveOutputFile, writeOutputFile } from './output-file.js';
import type { Reporter } from './reporter.js';

/** The file it writes (in the run directory unless --out or OBRA_VALIDATE_JUNIT_OUTPUT_FILE says otherwise). */
export const JUNIT_FILE = 'junit.xml';

/** junit.xml's root element is named after the run: replaced only when it is. */
export const JUNIT_FILE_KIND: OwnedFileKind = {
  what: 'a junit.xml written by obra-validate',
  marker: '<testsuites name="obra-validate RUN_ID"',
  isOurs: (head) => /^<\?xml[^>]*\?>\s*<testsuites name="obra-validate /.test(head),
};

/** Writes junit.xml (for CI test tabs: one testsuite per scenario, one testcase per attempt). */
export function createJunitReporter(options: OutputOptions = {}): Reporter {
  return {
    name: 'junit',
    onEnd(report, { runDir }) {
      writeOutputFile(
        resolveOutputFile('junit', JUNIT_FILE, options, runDir),
        junitXml(report),
        JUNIT_FILE_KIND,
      );
    },
  };
}
