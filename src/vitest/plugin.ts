import { readFileSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { configDefaults, type Plugin } from 'vitest/config';
import { parseScenario } from '../scenario/index.js';
import { matchesAny } from './glob-match.js';
import { DEFAULT_SCENARIO_INCLUDE, type ObraValidateOptions, type SuiteSpec } from './options.js';
import { scenarioTestModule } from './test-module.js';
import { scenarioWatchFiles } from './watch-files.js';

/** The runtime the generated test modules import (the .ts source when the plugin runs from src/). */
const runtimeFile = fileURLToPath(
  new URL(`./runtime${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url),
);

const escapeRegExp = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
/** Every compiled module of this package (dist/), whether installed in node_modules or linked. */
const packageDistPattern = new RegExp(`^${escapeRegExp(dirname(dirname(runtimeFile)))}/`);

/**
 * The Vitest plugin: scenario YAML files become test files, one test per attempt, run by the same
 * runValidation as the CLI. Add it to vitest.config.ts: `plugins: [obraValidate()]`.
 */
export function obraValidate(options: ObraValidateOptions = {}): Plugin {
  const include = options.include ?? DEFAULT_SCENARIO_INCLUDE;
  let root = process.cwd();
  const rootDir = () => resolve(root, options.rootDir ?? '.');
  const isScenario = (id: string): boolean => {
    const file = id.split('?')[0]!;
    if (!/\.ya?ml$/.test(file)) return false;
    const rel = relative(root, file);
    return !rel.startsWith('..') && matchesAny(rel.split(sep).join('/'), include);
  };
  return {
    name: 'obra-validate',
    enforce: 'pre',
    config(config) {
      // Vitest's default include would be lost by setting include: keep what the project had.
      const current = config.test?.include ?? configDefaults.include;
      return {
        test: {
          include: [...current, ...include.filter((p) => !current.includes(p))],
          // The compiled runtime (and the harness it imports) runs natively in the worker, as it would
          // from node_modules; only the generated scenario modules go through Vite.
          ...(runtimeFile.endsWith('.js') ? { server: { deps: { external: [packageDistPattern] } } } : {}),
        },
      };
    },
    configResolved(config) {
      root = config.root;
    },
    load(id) {
      if (!isScenario(id)) return null;
      const file = id.split('?')[0]!;
      const text = readFileSync(file, 'utf8');
      // A scenario that does not parse still becomes a module: collecting it fails and lists the problems.
      const { scenario } = parseScenario(text, file, { rootDir: rootDir() });
      // The fixtures join the module graph: changing one reruns this scenario in watch mode.
      for (const dependency of scenario ? scenarioWatchFiles(scenario) : []) this.addWatchFile(dependency);
      const spec: SuiteSpec = {
        file,
        rootDir: rootDir(),
        reportsDir: options.reportsDir ?? 'reports',
        timeoutMarginMs: options.timeoutMarginMs ?? 120_000,
        ...(options.agent ? { agent: options.agent } : {}),
        ...(options.repeat === undefined ? {} : { repeat: options.repeat }),
        ...(options.scale === undefined ? {} : { scale: options.scale }),
        ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      };
      const checks = (scenario?.checks ?? []).map((c) => ({
        id: `checks[${c.index}]`,
        at: { line: c.location.line, col: c.location.col },
      }));
      return scenarioTestModule(spec, runtimeFile, { text, checks });
    },
    configureVitest({ experimental_defineCacheKeyGenerator }) {
      // The generated module depends on the options, not only on the YAML text.
      experimental_defineCacheKeyGenerator(({ id }) =>
        isScenario(id) ? `obra-validate:${JSON.stringify(options)}` : undefined,
      );
    },
  };
}
