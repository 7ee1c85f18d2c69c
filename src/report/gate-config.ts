import { existsSync, readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { z } from 'zod';
import { formatPath, formatProblems, type ScenarioProblem } from '../scenario/index.js';
import { closest, tooLarge, UserError } from '../shared/index.js';
import { readPositionedYaml, type YamlPath } from './config-yaml.js';
import { defaultGate, type GateConfig, type GateOverrides } from './gate.js';

/** The project config file, at the project root. */
export const CONFIG_FILE = 'obra-validate.config.yaml';

const rate = z.number().min(0).max(1);
const gateSchema = z.strictObject({
  required: z.array(z.string().min(1)).optional(),
  min_pass_rate: rate.optional(),
  max_infra_error_rate: rate.optional(),
  allow_flaky: z.boolean().optional(),
  allow_regressions: z.boolean().optional(),
  timing_noise: z.number().min(0).max(10).optional(),
});
/** The most attempts a run may have at once (`workers:`): each runs its own agents and SQLite file. */
export const MAX_WORKERS = 64;
const configSchema = z.strictObject({
  gate: gateSchema.nullable().optional(),
  workers: z.number().int().min(1).max(MAX_WORKERS).optional(),
  // The image a scenario names → the local tag that runs instead (docs/CONTAINERS.md, "Local images").
  images: z.record(z.string().min(1), z.string().min(1)).optional(),
});

/**
 * What obra-validate.config.yaml sets: the gate's overrides, how many attempts run at once, and the
 * local images that stand for the images scenarios name.
 */
export interface ProjectConfig {
  gate: GateOverrides;
  workers?: number;
  images?: Record<string, string>;
}

const TYPE_NAMES: Record<string, string> = {
  array: 'a list',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  string: 'a string',
  object: 'a mapping',
  record: 'a mapping',
};

/**
 * obra-validate.config.yaml: its `gate:` section as overrides (only the keys written), `workers:` and
 * `images:`.
 * Pure: every problem is collected with its file:line:col, nothing throws.
 */
export function parseGateConfig(text: string, file: string): ProjectConfig & { problems: ScenarioProblem[] } {
  const source = readPositionedYaml(text, file);
  if (source.problems.length > 0) return { gate: {}, problems: source.problems };
  if (source.data === null || source.data === undefined) return { gate: {}, problems: [] };
  const result = configSchema.safeParse(source.data);
  if (!result.success) {
    const problems = result.error.issues.flatMap((issue): ScenarioProblem[] => {
      const path = issue.path as (string | number)[];
      const at = (
        p: YamlPath,
        message: string,
        extra: Partial<ScenarioProblem> = {},
        where: 'key' | 'value' = 'value',
      ): ScenarioProblem => ({
        file,
        ...source.locate(p, where),
        path: formatPath(p),
        message,
        ...extra,
      });
      switch (issue.code) {
        case 'unrecognized_keys': {
          const known = path.length === 0 ? Object.keys(configSchema.shape) : Object.keys(gateSchema.shape);
          return issue.keys.map((key) => {
            const match = closest(key, known);
            const hint = match ? `Did you mean "${match}"?` : `known keys: ${known.join(', ')}`;
            return at([...path, key], 'is not a known key', { hint }, 'key');
          });
        }
        case 'invalid_type':
          return [
            at(
              path,
              path.length === 0
                ? 'must be a YAML mapping with a `gate:` section, `workers:` and/or `images:`'
                : `must be ${TYPE_NAMES[issue.expected] ?? issue.expected}`,
              { value: valueAt(source.data, path) },
            ),
          ];
        case 'too_small':
        case 'too_big':
          return [
            at(
              path,
              issue.origin === 'string'
                ? 'must not be empty'
                : path[0] === 'workers'
                  ? `must be a whole number from 1 to ${MAX_WORKERS} (attempts at once)`
                  : path.at(-1) === 'timing_noise'
                    ? 'must be between 0 and 10 (a share: 0.25 is 25%)'
                    : 'must be between 0 and 1',
              {
                value: valueAt(source.data, path),
              },
            ),
          ];
        default:
          return [at(path, issue.message)];
      }
    });
    return { gate: {}, problems };
  }
  const g = result.data.gate ?? {};
  const gate: GateOverrides = {};
  if (g.required !== undefined) gate.required = g.required;
  if (g.min_pass_rate !== undefined) gate.minPassRate = g.min_pass_rate;
  if (g.max_infra_error_rate !== undefined) gate.maxInfraErrorRate = g.max_infra_error_rate;
  if (g.allow_flaky !== undefined) gate.allowFlaky = g.allow_flaky;
  if (g.allow_regressions !== undefined) gate.allowRegressions = g.allow_regressions;
  if (g.timing_noise !== undefined) gate.timingNoise = g.timing_noise;
  const { workers, images } = result.data;
  return {
    gate,
    ...(workers === undefined ? {} : { workers }),
    ...(images === undefined ? {} : { images }),
    problems: [],
  };
}

/** Config files larger than this are refused before reading. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** The gate overrides of the project config (loadProjectConfig). */
export function loadGateConfig(rootDir: string, configFile?: string): GateOverrides {
  return loadProjectConfig(rootDir, configFile).gate;
}

/**
 * Reads `<rootDir>/obra-validate.config.yaml` (or `configFile`, relative to rootDir). No default file →
 * no overrides; a missing explicit file or any problem → a UserError listing them all.
 */
export function loadProjectConfig(rootDir: string, configFile?: string): ProjectConfig {
  const path = resolve(rootDir, configFile ?? CONFIG_FILE);
  if (!existsSync(path)) {
    if (configFile === undefined) return { gate: {} };
    throw new UserError(
      `no config file at ${path} (--config ${configFile}). Give the path of an obra-validate.config.yaml, or leave --config out to use ${CONFIG_FILE} at the project root when there is one.`,
      'OBRA_CONFIG_INVALID',
    );
  }
  const shown = relative(rootDir, path).startsWith('..') ? path : relative(rootDir, path);
  const large = tooLarge(path, MAX_CONFIG_BYTES, 'a config file');
  if (large) throw new UserError(`${shown} ${large}`, 'OBRA_CONFIG_INVALID');
  const { problems, ...config } = parseGateConfig(readFileSync(path, 'utf8'), shown);
  if (problems.length > 0) {
    throw new UserError(
      `${problems.length} problem${problems.length === 1 ? '' : 's'} in ${shown}:\n${formatProblems(problems)}`,
      'OBRA_CONFIG_INVALID',
    );
  }
  return config;
}

/** The gate to apply: defaults, then the config file, then flags (a flag left undefined does not count). */
export function mergeGate(fileGate: GateOverrides = {}, flagOverrides: GateOverrides = {}): GateConfig {
  const merged: GateConfig = { ...defaultGate, required: [...defaultGate.required] };
  for (const layer of [fileGate, flagOverrides]) {
    for (const [key, value] of Object.entries(layer)) {
      if (value !== undefined) Object.assign(merged, { [key]: value });
    }
  }
  return merged;
}

function valueAt(data: unknown, path: YamlPath): unknown {
  let current = data;
  for (const segment of path) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}
