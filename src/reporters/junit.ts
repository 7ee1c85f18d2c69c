import { junitXml } from './junit-xml.js';
import { type OutputOptions, resolveOutputFile, writeOutputFile } from './output-file.js';
import type { Reporter } from './reporter.js';

/** Writes junit.xml (for CI test tabs: one testsuite per scenario, one testcase per attempt). */
export function createJunitReporter(options: OutputOptions = {}): Reporter {
  return {
    name: 'junit',
    onEnd(report, { runDir }) {
      writeOutputFile(resolveOutputFile('junit', 'junit.xml', options, runDir), junitXml(report));
    },
  };
}
