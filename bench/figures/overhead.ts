import { runBareSpawn } from '../lib/bare.js';
import { type BenchContext, type FigureResult, judged } from '../lib/figure.js';
import { type ObraRun, removeRun, runObra } from '../lib/obra.js';
import { pairedRatios, summarize } from '../lib/stats.js';
import { TRIVIAL_SCENARIO, trivialArgv } from '../lib/trivial.js';

/** What figure 3 reuses of the small runs made here. */
export interface SmallRun {
  wallMs: number;
  maxRssKb: number | undefined;
  eventsBytes: number;
  reportBytes: number;
}
export const SMALL_RUNS = 'trivial-small-runs';

/**
 * Figure 1: a stress run of the `command` agent running a trivial process (sequential, as the
 * scenario runs by default), against a bare loop spawning the same process, also sequentially.
 */
export async function overheadFigure(ctx: BenchContext): Promise<FigureResult[]> {
  const count = ctx.tasks.small;
  const bare: number[] = [];
  const obra: number[] = [];
  const small: SmallRun[] = [];
  for (let rep = 0; rep < ctx.reps; rep++) {
    // Alternate which side goes first, so a drift in machine load does not favour one of them.
    const runBare = async () => {
      const timed = await runBareSpawn({ argv: trivialArgv(), count, concurrency: 1, workDir: ctx.workDir });
      bare.push(timed.wallMs);
    };
    const runHarness = async () => {
      const run: ObraRun = await runObra({
        scenario: TRIVIAL_SCENARIO,
        scale: count,
        workDir: ctx.workDir,
        rss: true,
      });
      obra.push(run.timed.wallMs);
      small.push({
        wallMs: run.timed.wallMs,
        maxRssKb: run.timed.maxRssKb,
        eventsBytes: run.eventsBytes,
        reportBytes: run.reportBytes,
      });
      removeRun(run);
    };
    if (rep % 2 === 0) {
      await runBare();
      await runHarness();
    } else {
      await runHarness();
      await runBare();
    }
    ctx.log(
      `  1: rep ${rep + 1}/${ctx.reps}: bare ${ms(bare.at(-1)!)}, obra-validate ${ms(obra.at(-1)!)} (${count} tasks)`,
    );
  }
  ctx.shared.set(SMALL_RUNS, small);
  return [
    judged({
      id: '1',
      name: `core overhead: ${count} trivial command tasks vs bare spawn loop (wall)`,
      unit: 'x',
      summary: summarize(pairedRatios(obra, bare)),
      target: { op: '<=', value: 1.3 },
      details: {
        tasks: count,
        bareWallMs: bare,
        obraWallMs: obra,
        perTaskMs: { bare: bare.map((w) => w / count), obra: obra.map((w) => w / count) },
      },
    }),
  ];
}

export function ms(value: number): string {
  return value >= 10_000 ? `${(value / 1000).toFixed(1)} s` : `${value.toFixed(0)} ms`;
}
