import { existsSync, lstatSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { makeDirs, UserError } from '../shared/index.js';
import { INIT_FILES, type InitFile } from './templates.js';
import { NEW_VITEST_CONFIG, VITEST_CONFIG_NAMES, vitestConfigTemplate } from './vitest-config.js';

export interface InitResult {
  dir: string;
  /** Files written, in order. */
  created: InitFile[];
  /** Files that already existed: left exactly as they were. */
  skipped: InitFile[];
  /** The Vitest config: created, or an existing one the user adds the plugin to. */
  vitest:
    | { kind: 'created'; file: string }
    | { kind: 'existing'; file: string /** It already imports obra-validate/vitest. */; hasPlugin: boolean };
  /** package.json exists (else obra-validate and vitest are not installed here yet). */
  hasPackageJson: boolean;
  /** The project's .gitignore ignores all of reports/ (its baselines too, and reports/.gitignore). */
  gitignoreHidesReports: boolean;
}

/** A path exists, as a file, folder or symlink (even a dangling one). */
function taken(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Adds the example scenario, its cassette and workspace, the gate config, a CI workflow,
 * reports/.gitignore and (when the project has none) a Vitest config to `dir`. Never overwrites: an
 * existing path is skipped, and files are opened with O_EXCL, so a file created meanwhile is not
 * replaced either.
 */
export function initProject(dir: string): InitResult {
  if (!existsSync(dir) || !lstatSync(dir).isDirectory()) {
    throw new UserError(
      `init: "${dir}" is not a folder. Run it in your project's root (or give that folder).`,
    );
  }
  const created: InitFile[] = [];
  const skipped: InitFile[] = [];
  const existingConfig = VITEST_CONFIG_NAMES.find((name) => taken(join(dir, name)));
  const files: InitFile[] = [
    ...INIT_FILES,
    ...(existingConfig
      ? []
      : [
          {
            path: NEW_VITEST_CONFIG,
            content: vitestConfigTemplate,
            purpose: 'the scenarios as Vitest tests',
          },
        ]),
  ];
  for (const file of files) {
    const target = join(dir, file.path);
    if (taken(target)) {
      skipped.push(file);
      continue;
    }
    makeDirs(dirname(target));
    try {
      writeFileSync(target, file.content, { flag: 'wx' });
      created.push(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') skipped.push(file);
      else throw error;
    }
  }
  return {
    dir,
    created,
    skipped,
    vitest: existingConfig
      ? { kind: 'existing', file: existingConfig, hasPlugin: mentionsPlugin(join(dir, existingConfig)) }
      : { kind: 'created', file: NEW_VITEST_CONFIG },
    hasPackageJson: taken(join(dir, 'package.json')),
    gitignoreHidesReports: hidesReports(join(dir, '.gitignore')),
  };
}

/** A line of the root .gitignore that ignores the whole reports/ folder (`reports/`, `/reports`, ...). */
function hidesReports(file: string): boolean {
  try {
    return readFileSync(file, 'utf8')
      .split('\n')
      .some((line) => /^\/?reports\/?$/.test(line.trim()));
  } catch {
    return false;
  }
}

function mentionsPlugin(file: string): boolean {
  try {
    return readFileSync(file, 'utf8').includes('obra-validate/vitest');
  } catch {
    return false;
  }
}
