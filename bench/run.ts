// `npm run bench`: measures the performance targets of issue 9 (and issue 22's figure 9: the main
// command's wall) against baselines measured in the same
// run, prints a table and writes bench/results.json. Not part of `npm test` (speed is only measured here).
//   npm run bench                        every figure, 3 repetitions
//   npm run bench -- --reps 1 --only 1,5 some figures, quickly
//   npm run bench -- --small 200 --large 2000   smaller task counts (figures 1, 3, 7, 8)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { claudeFigure } from './figures/claude.js';
import { concurrencyFigure } from './figures/concurrency.js';
import { defaultRunFigure } from './figures/default-run.js';
import { liveUiFigure } from './figures/live-ui.js';
import { modelServerFigure } from './figures/model-server.js';
import { overheadFigure } from './figures/overhead.js';
import { peerFigure } from './figures/peer.js';
import { scaleFigure } from './figures/scale.js';
import { startupFigure } from './figures/startup.js';
import type { BenchContext, FigureResult } from './lib/figure.js';
import { cliPath, distDir, repoRoot, resultsFile } from './lib/paths.js';
import { cpuTicks, stolenShare, takeSteal } from './lib/steal.js';
import { formatTable } from './lib/table.js';

const FIGURES: Record<string, (ctx: BenchContext) => Promise<FigureResult[]>> = {
  '1': overheadFigure,
  '2': claudeFigure,
  '3': scaleFigure,
  '4': concurrencyFigure,
  '5': startupFigure,
  '6': modelServerFigure,
  '7': peerFigure,
  '8': liveUiFigure,
  '9': defaultRunFigure,
};

const { values } = parseArgs({
  options: {
    reps: { type: 'string', default: '3' },
    only: { type: 'string' },
    small: { type: 'string', default: '1000' },
    large: { type: 'string', default: '10000' },
    'concurrency-tasks': { type: 'string', default: '400' },
    'claude-tasks': { type: 'string', default: '10' },
    out: { type: 'string', default: resultsFile },
  },
});

function count(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    console.error(`--${name} must be a positive integer; got "${value}"`);
    process.exit(2);
  }
  return n;
}

const selected = values.only ? values.only.split(',').map((s) => s.trim()) : Object.keys(FIGURES);
for (const id of selected) {
  if (!(id in FIGURES)) {
    console.error(`--only: unknown figure "${id}"; figures: ${Object.keys(FIGURES).join(', ')}`);
    process.exit(2);
  }
}
if (!existsSync(join(distDir, 'index.js'))) {
  console.error('dist/ is missing: run `npm run build` first (the benchmark runs the built CLI).');
  process.exit(2);
}

const workDir = mkdtempSync(join(tmpdir(), 'obra-bench-'));
const ctx: BenchContext = {
  reps: count('reps', values.reps),
  workDir,
  tasks: {
    small: count('small', values.small),
    large: count('large', values.large),
    concurrency: count('concurrency-tasks', values['concurrency-tasks']),
    peer: count('small', values.small),
    claude: count('claude-tasks', values['claude-tasks']),
  },
  log: (message) => console.log(message),
  shared: new Map(),
};

const started = new Date();
const results: FigureResult[] = [];
const failures: string[] = [];
console.log(
  `obra-validate benchmark: figures ${selected.join(', ')}, ${ctx.reps} repetitions, scratch ${workDir}`,
);
try {
  for (const id of selected) {
    console.log(`figure ${id}...`);
    takeSteal();
    const before = cpuTicks();
    try {
      const figures = await FIGURES[id]!(ctx);
      const share = stolenShare(before, cpuTicks());
      const runs = takeSteal();
      const steal =
        share === undefined ? undefined : { share, ...(runs.length ? { maxRun: Math.max(...runs) } : {}) };
      results.push(...figures.map((figure) => (steal ? { ...figure, steal } : figure)));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      failures.push(`figure ${id}: ${message}`);
      results.push({ id, name: `figure ${id}`, unit: '', note: `failed: ${message.split('\n')[0]}` });
      console.error(`figure ${id} failed: ${message}`);
    }
  }
} finally {
  rmSync(workDir, { recursive: true, force: true });
}

console.log(`\n${formatTable(results)}\n`);
const output = {
  date: started.toISOString(),
  durationS: Math.round((Date.now() - started.getTime()) / 1000),
  command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
  commit: gitCommit(),
  machine: {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGb: Math.round(totalmem() / 2 ** 30),
    loadAverageAtEnd: loadavg().map((l) => Math.round(l * 100) / 100),
    node: process.version,
  },
  reps: ctx.reps,
  tasks: ctx.tasks,
  cli: cliPath.replace(`${repoRoot}/`, ''),
  figures: results,
};
writeFileSync(values.out, `${JSON.stringify(output, null, 2)}\n`);
console.log(`results: ${values.out}`);
if (failures.length > 0) process.exitCode = 1;

function gitCommit(): string | undefined {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}
