import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { closest, errorMessage } from '../shared/index.js';
import { displayPath } from './display-path.js';
import type { ScenarioProblem } from './problem.js';

/** Scenario files larger than this are refused before reading. */
export const MAX_SCENARIO_BYTES = 1024 * 1024;

const SCENARIO_EXTENSIONS = ['.yaml', '.yml'];

type TextResult = { ok: true; text: string } | { ok: false; problem: ScenarioProblem };

function fileProblem(file: string, message: string, hint?: string): ScenarioProblem {
  return { file, line: 0, col: 0, path: '', message, ...(hint === undefined ? {} : { hint }) };
}

/** The text of a scenario file, or a problem (too large, unreadable). */
export async function readScenarioText(absFile: string, shown: string): Promise<TextResult> {
  try {
    const info = await stat(absFile);
    if (info.size > MAX_SCENARIO_BYTES) {
      const mb = (info.size / (1024 * 1024)).toFixed(1);
      return {
        ok: false,
        problem: fileProblem(
          shown,
          `is ${mb} MB; a scenario file may be at most 1 MB`,
          'use a generator (generate: N) instead of listing many tasks',
        ),
      };
    }
    const text = await readFile(absFile, 'utf8');
    return { ok: true, text: text.startsWith('\uFEFF') ? text.slice(1) : text };
  } catch (error) {
    return { ok: false, problem: fileProblem(shown, `could not be read: ${errorMessage(error)}`) };
  }
}

/**
 * The scenario files named by `paths` (files, or folders: their *.yaml / *.yml files, not recursive,
 * sorted by name), absolute and without repeats; a path that does not exist is a problem.
 */
export async function findScenarioFiles(
  paths: readonly string[],
  rootDir: string,
): Promise<{ files: string[]; problems: ScenarioProblem[] }> {
  const files: string[] = [];
  const problems: ScenarioProblem[] = [];
  for (const path of paths) {
    const abs = resolve(rootDir, path);
    const info = await stat(abs).catch(() => undefined);
    if (info === undefined) {
      problems.push(fileProblem(path, 'does not exist', await missingHint(abs, rootDir)));
    } else if (info.isDirectory()) {
      files.push(...(await scenarioFilesIn(abs)));
    } else {
      files.push(abs);
    }
  }
  const unique = [...new Set(files)];
  if (unique.length === 0 && problems.length === 0) {
    problems.push(
      fileProblem(
        paths.length === 0 ? displayPath(rootDir, rootDir) : paths.join(', '),
        'holds no scenario files',
        'give scenario files or folders holding *.yaml / *.yml files (folders are not searched recursively), e.g. scenarios/',
      ),
    );
  }
  return { files: unique, problems };
}

async function scenarioFilesIn(dir: string): Promise<string[]> {
  const names = (await readdir(dir)).filter((name) => SCENARIO_EXTENSIONS.includes(extname(name))).sort();
  const files: string[] = [];
  for (const name of names) {
    const info = await stat(join(dir, name)).catch(() => undefined);
    if (info?.isFile()) files.push(join(dir, name));
  }
  return files;
}

async function missingHint(abs: string, rootDir: string): Promise<string> {
  const siblings = await readdir(dirname(abs)).catch(() => [] as string[]);
  const match = closest(basename(abs), siblings);
  if (match !== undefined) return `Did you mean "${displayPath(rootDir, join(dirname(abs), match))}"?`;
  return `paths are relative to ${rootDir}`;
}
