import { relative, resolve } from 'node:path';
import { type OwnedFileKind, refusalToWrite } from '../shared/index.js';
import { JSON_FILE, JSON_FILE_KIND } from './json.js';
import { JUNIT_FILE, JUNIT_FILE_KIND } from './junit.js';
import { MARKDOWN_FILE, MARKDOWN_FILE_KIND } from './markdown.js';
import { type OutputOptions, outputFileEnvName } from './output-file.js';
import type { ReporterName } from './registry.js';

const FILES: Partial<Record<ReporterName, { file: string; kind: OwnedFileKind }>> = {
  json: { file: JSON_FILE, kind: JSON_FILE_KIND },
  junit: { file: JUNIT_FILE, kind: JUNIT_FILE_KIND },
  markdown: { file: MARKDOWN_FILE, kind: MARKDOWN_FILE_KIND },
};

/**
 * Why the named reporters (json always) could not write their files where the user sent them (the
 * `--out` folder, an OBRA_VALIDATE_<NAME>_OUTPUT_FILE), one message per file; [] when all may. Files
 * in a run directory are obra-validate's own and not checked. Asked before anything runs or is
 * written, so a refusal costs the user nothing.
 */
export function outputFileRefusals(names: readonly ReporterName[], options: OutputOptions): string[] {
  const cwd = options.cwd ?? process.cwd();
  const all: ReporterName[] = names.includes('json') ? [...names] : [...names, 'json'];
  return all.flatMap((name) => {
    const output = FILES[name];
    if (output === undefined) return [];
    const envName = outputFileEnvName(name);
    const fromEnv = options.env?.[envName];
    const given =
      options.outDir !== undefined
        ? { path: resolve(cwd, options.outDir, output.file), source: `--out ${options.outDir}` }
        : fromEnv
          ? { path: resolve(cwd, fromEnv), source: `${envName}=${fromEnv}` }
          : undefined;
    if (given === undefined) return [];
    const refusal = refusalToWrite(given.path, output.kind);
    if (refusal === undefined) return [];
    const shown = relative(cwd, given.path) || given.path;
    return [`${given.source}: ${shown.startsWith('..') ? given.path : shown} ${refusal}.`];
  });
}
