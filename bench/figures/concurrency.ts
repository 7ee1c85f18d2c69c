import { availableParallelism } from 'node:os';
import { runBareSpawn } from '../lib/bare.js';
import { type BenchContext, type FigureResult, judged } from '../lib/figure.js';
import { removeRun, runObra } from '../lib/obra.js';
import { median, summarize } from '../lib/stats.js';
import { TRIVIAL_SCENARIO, trivialArgv } from '../lib/trivial.js';
import { ms } from './overhead.js';

const LEVELS = [1, 2, 4, 8] as const;

/**
 * Figure 4: throughput of the trivial stress run at --concurrency 2, 4, 8 against 1. The machine's
 * own ceiling is measured too (the bare loop at the same levels): the harness should keep at least
 * 80 % of the bare loop's speed-up. Also counts SQLite busy errors in the event logs (target 0).
 */
export async function concurrencyFigure(ctx: BenchContext): Promise<FigureResult[]> {
  const count = ctx.tasks.concurrency;
  const obra = new Map<number, number[]>(LEVELS.map((c) => [c, []]));
  const bare = new Map<number, number[]>(LEVELS.map((c) => [c, []]));
  let busy = 0;
  for (let rep = 0; rep < ctx.reps; rep++) {
    for (const level of rep % 2 === 0 ? LEVELS : [...LEVELS].reverse()) {
      const b = await runBareSpawn({ argv: trivialArgv(), count, concurrency: level, workDir: ctx.workDir });
      const run = await runObra({
        scenario: TRIVIAL_SCENARIO,
        scale: count,
        concurrency: level,
        workDir: ctx.workDir,
      });
      busy += run.busyErrors;
      removeRun(run);
      bare.get(level)!.push(b.wallMs);
      obra.get(level)!.push(run.timed.wallMs);
      ctx.log(
        `  4: rep ${rep + 1}/${ctx.reps} c=${level}: bare ${ms(b.wallMs)}, obra-validate ${ms(run.timed.wallMs)}`,
      );
    }
  }
  const speedups = (walls: Map<number, number[]>, level: number) =>
    walls.get(level)!.map((wall, rep) => walls.get(1)![rep]! / wall);
  const results: FigureResult[] = [];
  for (const level of LEVELS.slice(1)) {
    const obraSpeedup = speedups(obra, level);
    const bareSpeedup = speedups(bare, level);
    // The target is relative to what this machine gives a bare loop at this level (at most the core count).
    const ceiling = Math.min(median(bareSpeedup), level, availableParallelism());
    results.push(
      judged({
        id: `4${'abc'[LEVELS.indexOf(level) - 1]}`,
        name: `concurrency: throughput at ${level} vs 1 (${count} tasks; bare loop ${median(bareSpeedup).toFixed(2)}x)`,
        unit: 'x',
        summary: summarize(obraSpeedup),
        target: { op: '>=', value: Math.round(0.8 * ceiling * 100) / 100 },
        details: { obraWallMs: obra.get(level), bareWallMs: bare.get(level), bareSpeedup },
      }),
    );
  }
  results.push(
    judged({
      id: '4d',
      name: 'concurrency: SQLite busy errors in all runs',
      unit: '',
      summary: summarize([busy]),
      target: { op: '<=', value: 0 },
    }),
  );
  return results;
}
