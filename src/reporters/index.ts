export { createDotReporter, DOT_MARKS } from './dot.js';
export { createEventsReporter } from './events.js';
export { createJsonReporter, JSON_FILE, reportJsonText } from './json.js';
export { createJunitReporter, JUNIT_FILE } from './junit.js';
export { junitXml } from './junit-xml.js';
export { createLineReporter, type SummaryFiles, seconds, summaryText } from './line.js';
export { createLiveReporter, type LiveReporterOptions } from './live.js';
export { createMarkdownReporter, MARKDOWN_FILE } from './markdown.js';
export { type MarkdownOptions, markdownReport } from './markdown-report.js';
export { createMultiplexer, exitCodeWithReporterErrors, type ReporterMultiplexer } from './multiplexer.js';
export { outputFileRefusals } from './output-check.js';
export { type OutputOptions, outputFileEnvName, resolveOutputFile } from './output-file.js';
export {
  createReporters,
  defaultReporterNames,
  outputFilesOf,
  parseReporterNames,
  REPORTER_NAMES,
  type ReporterName,
  type ReporterOptions,
  withJsonReporter,
} from './registry.js';
export { replayEvents } from './replay.js';
export type { Reporter, ReporterEndContext, RunBeginEvent } from './reporter.js';
