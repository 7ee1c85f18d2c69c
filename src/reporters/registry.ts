import { join } from 'node:path';
import { didYouMean, isCi, UserError } from '../shared/index.js';
import { textStream } from '../ui/index.js';
import { createDotReporter } from './dot.js';
import { createEventsReporter } from './events.js';
import { createJsonReporter, JSON_FILE } from './json.js';
import { createJunitReporter, JUNIT_FILE } from './junit.js';
import { createLineReporter } from './line.js';
import { createLiveReporter } from './live.js';
import { createMarkdownReporter, MARKDOWN_FILE } from './markdown.js';
import { type OutputOptions, resolveOutputFile } from './output-file.js';
import type { Reporter } from './reporter.js';

/** What every reporter factory gets. */
export interface ReporterOptions extends OutputOptions {
  /** Writes to standard output. */
  stdout: (text: string) => void;
  /** The terminal the live reporter draws on; without it, the live reporter writes through `stdout`. */
  stdoutStream?: NodeJS.WriteStream;
  /** The files the run's reporters write (set by createReporters), for the closing summary. */
  files?: (runDir: string) => string[];
}

const summaryOf = (o: ReporterOptions) => ({
  ...(o.files ? { files: o.files } : {}),
  ...(o.cwd ? { cwd: o.cwd } : {}),
});

const FACTORIES = {
  line: (o: ReporterOptions) => createLineReporter(o.stdout, summaryOf(o)),
  dot: (o: ReporterOptions) => createDotReporter(o.stdout, summaryOf(o)),
  json: (o: ReporterOptions) => createJsonReporter(o),
  junit: (o: ReporterOptions) => createJunitReporter(o),
  markdown: (o: ReporterOptions) => createMarkdownReporter(o),
  events: (o: ReporterOptions) => createEventsReporter(o.stdout),
  live: (o: ReporterOptions) =>
    createLiveReporter({ stdout: o.stdoutStream ?? textStream(o.stdout), ...summaryOf(o) }),
} satisfies Record<string, (options: ReporterOptions) => Reporter>;

export type ReporterName = keyof typeof FACTORIES;
/** Every reporter name accepted by `--reporter`. */
export const REPORTER_NAMES = Object.keys(FACTORIES) as ReporterName[];

const isReporterName = (name: string): name is ReporterName => Object.hasOwn(FACTORIES, name);

/**
 * `--reporter line,junit` (repeatable: a list of such values) as names, in order, without repeats.
 * An unknown or empty name is a UserError listing the valid ones.
 */
export function parseReporterNames(value: string | readonly string[]): ReporterName[] {
  const names: ReporterName[] = [];
  const values = typeof value === 'string' ? [value] : value;
  for (const raw of values.flatMap((v) => v.split(','))) {
    const name = raw.trim();
    if (!isReporterName(name)) {
      const given = values.find((v) => v.split(',').some((n) => n.trim() === name)) ?? name;
      throw new UserError(
        `--reporter ${name === '' ? `"${given}" has an empty name` : `"${name}" is not a reporter`}.${name === '' ? '' : didYouMean(name, REPORTER_NAMES)} Reporters: ${REPORTER_NAMES.join(', ')}. Example: --reporter line,junit`,
        'OBRA_USAGE',
      );
    }
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/**
 * The reporters of a run when no --reporter is given: dot in CI (env CI set), live on a terminal
 * (stdout a TTY), line elsewhere (a pipe, a file), plus every file reporter (report.json, junit.xml,
 * report.md).
 */
export function defaultReporterNames(
  env: Readonly<Record<string, string | undefined>> = {},
  isTTY = false,
): ReporterName[] {
  return [isCi(env) ? 'dot' : isTTY ? 'live' : 'line', 'json', 'junit', 'markdown'];
}

/**
 * Reporters by name (unknown names: a UserError with "Did you mean"). `json` is always added: report.json
 * is the contract of a run directory (docs/REPORT.md), written by that reporter only.
 */
export function createReporters(names: readonly string[], options: ReporterOptions): Reporter[] {
  const parsed = parseReporterNames(names);
  const files =
    options.files ??
    ((runDir: string) => [...outputFilesOf(parsed, options, runDir), join(runDir, 'events.jsonl')]);
  return withJsonReporter(
    parsed.map((name) => FACTORIES[name]({ ...options, files })),
    options,
  );
}

/** The reporters plus a `json` one when none is there (what runValidation gives the multiplexer). */
export function withJsonReporter(reporters: readonly Reporter[], options: OutputOptions = {}): Reporter[] {
  return reporters.some((r) => r.name === 'json')
    ? [...reporters]
    : [...reporters, createJsonReporter(options)];
}

const FILES: Partial<Record<ReporterName, string>> = {
  json: JSON_FILE,
  junit: JUNIT_FILE,
  markdown: MARKDOWN_FILE,
};

/** The files the named reporters write for a run directory (json always), resolved like the reporters do. */
export function outputFilesOf(
  names: readonly ReporterName[],
  options: OutputOptions,
  runDir: string,
): string[] {
  const all: ReporterName[] = names.includes('json') ? [...names] : [...names, 'json'];
  return all.flatMap((name) => {
    const file = FILES[name];
    return file === undefined ? [] : [resolveOutputFile(name, file, options, runDir)];
  });
}
