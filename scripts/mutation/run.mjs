// npm run mutation: Stryker over src/core with the shipped scenarios as the only tests, on the named,
// fixed sample of mutant sites (sample.mjs), then the per-folder table (table.mjs).
//   npm run mutation                      the default sample: seed obra-2026-12, 1 site in 20
//   npm run mutation -- --rate 40         a smaller sample (1 in 40)
//   npm run mutation -- --all             every mutant (hours on a 2-core machine)
//   npm run mutation -- --only src/core/validation   one folder (or file), sampled the same way
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_RATE, DEFAULT_SEED, listMutants, sampleSites } from './sample.mjs';

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: String(DEFAULT_RATE) },
    seed: { type: 'string', default: DEFAULT_SEED },
    all: { type: 'boolean', default: false },
    only: { type: 'string' },
    concurrency: { type: 'string' },
  },
});
const rate = values.all ? 1 : Number(values.rate);
if (!Number.isInteger(rate) || rate < 1) {
  console.error(`--rate must be a whole number of 1 or more (1 in N sites); got ${values.rate}`);
  process.exit(2);
}
const files = readdirSync('src/core', { recursive: true })
  .map((f) => `src/core/${f}`)
  .filter((f) => f.endsWith('.ts'))
  .filter((f) => !f.endsWith('.test.ts') && !f.includes('/test-helpers/') && f !== 'src/core/faults.ts')
  .filter((f) => values.only === undefined || f.startsWith(values.only))
  .sort();
if (files.length === 0) {
  console.error(`no source file of src/core under ${values.only}`);
  process.exit(2);
}
const mutants = await listMutants(files);
const sample = sampleSites(mutants, { seed: values.seed, rate });
mkdirSync('reports/mutation', { recursive: true });
const samplePath = 'reports/mutation/sample.json';
writeFileSync(samplePath, `${JSON.stringify(sample, null, 1)}\n`);
console.log(
  `mutation sample "${sample.seed}" 1 in ${rate}: ${sample.sites.length} of ${sample.totalSites} sites, ${sample.sampledMutants} of ${sample.totalMutants} mutants in ${files.length} files`,
);
const stryker = spawnSync(
  'npx',
  [
    'stryker',
    'run',
    'stryker.config.mjs',
    ...(values.concurrency ? ['--concurrency', values.concurrency] : []),
  ],
  { stdio: 'inherit', env: { ...process.env, OBRA_MUTATION_SAMPLE: samplePath } },
);
if (stryker.status !== 0) process.exit(stryker.status ?? 1);
spawnSync(process.execPath, ['scripts/mutation/table.mjs'], { stdio: 'inherit' });
