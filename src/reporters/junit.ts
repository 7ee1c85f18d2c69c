import { junitXml } from './junit-xml.js';
import { type OutputOptions, resolveOutputFile, writeOutputFile } from './output-file.js';
import type { Reporter } from './reporter.js';

/** The file it writes (in the run directory unless --out or OBRA_VALIDATE_JUNIT_OUTPUT_FILE says otherwise). */
export const JUNIT_FILE = 'junit.xml';

/** Writes junit.xml (for CI test tabs: one testsuite per scenario, one testcase per attempt). */
export function createJunitReporter(options: OutputOptions = {}): Reporter {
  return {
    name: 'junit',
    onEnd(report, { runDir }) {
      writeOutputFile(resolveOutputFile('junit', JUNIT_FILE, options, runDir), junitXml(report));
    },
  };
}
