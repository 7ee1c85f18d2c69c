import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BenchContext, type FigureResult, judged, notMeasured } from '../lib/figure.js';
import { removeRun, runObra } from '../lib/obra.js';
import { distDir } from '../lib/paths.js';
import { alternately, type Pair, quietPair } from '../lib/quiet-pair.js';
import { pairedRatios, summarize } from '../lib/stats.js';
import { TRIVIAL_SCENARIO } from '../lib/trivial.js';
import { ms } from './overhead.js';

const NAME = 'live Ink UI on vs off (`--reporter live` vs `--reporter dot`, in a terminal)';
const TARGET = { op: '<=', value: 1.05 } as const;

/**
 * Figure 8 (the live reporter comes from branch ui): the 1,000-task trivial run with `--reporter live`
 * against `--reporter dot`, both in a pseudo-terminal. Until the registry has a `live` reporter this
 * prints "not measured: live reporter absent".
 */
export async function liveUiFigure(ctx: BenchContext): Promise<FigureResult[]> {
  const reporters = (await import(pathToFileURL(join(distDir, 'reporters', 'index.js')).href)) as {
    REPORTER_NAMES: readonly string[];
  };
  if (!reporters.REPORTER_NAMES.includes('live')) {
    return [notMeasured('8', NAME, 'x', 'live reporter absent', TARGET)];
  }
  const count = ctx.tasks.small;
  const live: number[] = [];
  const dot: number[] = [];
  const setAside: Pair[] = [];
  for (let rep = 0; rep < ctx.reps; rep++) {
    const measured = await quietPair(async () => {
      const walls: Record<string, number> = {};
      const steal: (number | undefined)[] = [];
      const side = (reporter: 'dot' | 'live') => async () => {
        const run = await runObra({
          scenario: TRIVIAL_SCENARIO,
          scale: count,
          reporter,
          tty: true,
          workDir: ctx.workDir,
        });
        walls[reporter] = run.timed.wallMs;
        steal.push(run.timed.steal);
        removeRun(run);
      };
      await alternately(rep, side('dot'), side('live'));
      return { subject: walls.live!, baseline: walls.dot!, steal };
    }, ctx.log);
    live.push(measured.pair.subject);
    dot.push(measured.pair.baseline);
    setAside.push(...measured.setAside);
    ctx.log(`  8: rep ${rep + 1}/${ctx.reps}: dot ${ms(dot.at(-1)!)}, live ${ms(live.at(-1)!)}`);
  }
  return [
    judged({
      id: '8',
      name: NAME,
      unit: 'x',
      summary: summarize(pairedRatios(live, dot)),
      target: TARGET,
      details: { tasks: count, liveWallMs: live, dotWallMs: dot, setAsideForSteal: setAside },
    }),
  ];
}
